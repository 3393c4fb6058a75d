"""Fuzzing the parsers' text layer with Hypothesis: whatever text arrives, no crash, no nonsense.

Pages are built from the seed letters' own lines, Ofsted-shaped lines with random dates,
grades and names, and arbitrary Unicode, so the parsers get past detection into their
depths. CI runs a bounded, repeatable number of cases (``derandomize``); a longer random run:
``FUZZ_EXAMPLES=20000 FUZZ_RANDOM=1 .venv/bin/python -m pytest tests/reliability/test_fuzz.py``.
"""

from __future__ import annotations

import datetime
import os

from django.conf import settings as django_settings
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from ingestion.dates import parse_date, parse_date_range
from ingestion.extract import UnreadableDocument, clean_text, extract
from ingestion.pipeline import parse_pages
from ingestion.types import Page
from inspections.codes import FindingKind, Framework, Grade, JudgementArea

FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "150")),
    derandomize=not os.environ.get("FUZZ_RANDOM"),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

SEED_LINES = sorted(
    {
        line.strip()
        for path in sorted((django_settings.BASE_DIR / "fixtures" / "seeds").glob("*.txt"))
        for line in path.read_text(encoding="utf-8-sig").splitlines()
        if line.strip()
    }
)

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Sept",
    "Febuary",
    "june",
]
GRADES = [
    "Outstanding",
    "Good",
    "Requires improvement",
    "Requires improvement to be good",
    "Adequate",
    "Inadequate",
    "Grade 2",
    "",
]
PLACES = ["Kent", "Kensington and Chelsea", "Slough", "Dorset", "Nowhere", "X"]

days = st.integers(min_value=0, max_value=40).map(str)
years = st.integers(min_value=1899, max_value=2101).map(str)
months = st.sampled_from(MONTHS)
dashes = st.sampled_from([" to ", "–", " - ", " and ", "-", " – ", "\u00a0to\u00a0"])
date = st.builds(lambda d, m, y: f"{d} {m} {y}", days, months, years)
date_range = st.one_of(
    st.builds(lambda a, s, b: f"{a}{s}{b}", date, dashes, date),
    st.builds(lambda d1, s, d2, m, y: f"{d1}{s}{d2} {m} {y}", days, dashes, days, months, years),
)
words = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=60)

TEMPLATES = [
    "Inspection dates: {r}",
    "Lead inspector: {w}, His Majesty's Inspector",
    "Judgement Grade",
    "Overall effectiveness {g}",
    "The impact of leaders on social work practice with children and families {g}",
    "The experiences and progress of children who need help and protection {g}",
    "The experiences and progress of children in care {g}",
    "Focused visit to {p} local authority children's services",
    "Monitoring visit to {p} children's services",
    "This letter summarises the findings of the focused visit to {p} on {r}.",
    "Report published: {d}",
    "Children's services in {p} are {g}",
    "The overall judgement is that children's services are {g}",
    "Joint targeted area inspection of the multi-agency response to {w} in {p}",
    "Inspection of {p} local authority children's services",
    "Report to the Children's Scrutiny Committee, {d}",
    "Ofsted last inspected {p} in {d} and judged services to be {g}.",
    "The previous inspection in {r} judged the local authority to be {g}.",
    "What needs to improve in this area of social work practice",
    "What needs to improve",
    "Areas for priority action",
    "Areas for improvement",
    "Recommendations",
    "Main findings",
    "Headline findings",
    "Findings",
    "{n}. The local authority should {w} (paragraph {n})",
    "- {w}",
    "• {w}",
    "\uf0b7 {w}",
    "{d}",
    "Page {n} of {n}",
]

template_line = st.builds(
    lambda t, r, d, g, p, w, n: t.format(r=r, d=d, g=g, p=p, w=w, n=n),
    st.sampled_from(TEMPLATES),
    date_range,
    date,
    st.sampled_from(GRADES),
    st.sampled_from(PLACES),
    words,
    st.integers(min_value=-1, max_value=120),
)
line = st.one_of(st.sampled_from(SEED_LINES), template_line, words)
page_text = st.lists(line, max_size=40).map("\n".join)

#: First lines that each parser's ``detect`` accepts, so every parser is reached, not only
#: the forgiving ones.
HEADS = [
    "Inspection of {p} local authority children's services\nInspection dates: {r}\n"
    "Lead inspector: {w}, His Majesty's Inspector\nJudgement Grade\n"
    "The impact of leaders on social work practice with children and families {g}\n"
    "The experiences and progress of children who need help and protection {g}\n"
    "Overall effectiveness {g}",
    "{p}\nInspection of services for children in need of help and protection, children "
    "looked after and care leavers\nReview of the effectiveness of the Local Safeguarding "
    "Children Board\nInspection date: {r}\nReport published: {d}\n"
    "Children's services in {p} are {g}\n1. Children who need help and protection {g}",
    "{p}\nReview of the effectiveness of the Local Safeguarding Children Board\n"
    "Inspection dates: {r}\nReport published: {d}\nThe LSCB is {g}",
    "Inspection of safeguarding and looked after children services\n{p}\n"
    "Inspection dates: {r}\nReporting inspector {w}\nPublished: {d}\nGrade 2 ({g})",
    "Joint area review\n{p} Children's Services Authority Area\nPublished: {d}",
    "Joint targeted area inspection of the multi-agency response to {w} in {p}\nDear {w}\n{d}",
    "{d}\nDear {w}\nFocused visit to {p} local authority children's services\n"
    "This letter summarises the findings of the focused visit to {p} on {r}.",
    "{d}\nDear {w}\nMonitoring visit to {p} children's services\n"
    "This letter summarises the findings of the monitoring visit to {p} on {r}.",
]
head = st.builds(
    lambda t, r, d, g, p, w: t.format(r=r, d=d, g=g, p=p, w=w),
    st.sampled_from(HEADS),
    date_range,
    date,
    st.sampled_from(GRADES),
    st.sampled_from(PLACES),
    words,
)
documents = st.one_of(
    st.lists(page_text, min_size=1, max_size=5),
    st.builds(
        lambda h, first, rest: [f"{h}\n{first}", *rest],
        head,
        page_text,
        st.lists(page_text, max_size=4),
    ),
)


def as_pages(texts: list[str]) -> tuple[Page, ...]:
    return tuple(Page(number=n, text=clean_text(t)) for n, t in enumerate(texts, start=1))


@FUZZ
@given(documents)
def test_parsers_fail_only_with_a_reason_and_return_what_the_database_accepts(texts):
    pages = as_pages(texts)
    outcome = parse_pages(pages, sha256="0" * 64)
    assert not outcome.error.startswith("the parser failed unexpectedly"), outcome.error
    event(f"parser: {outcome.parser or 'none (refused)'}")
    if outcome.error:
        assert "\n" not in outcome.error
        return
    parsed = outcome.parsed
    numbers = {p.number for p in pages}
    for inspection in parsed.inspections:
        assert inspection.framework in Framework.values
        if inspection.start_date and inspection.end_date:
            assert inspection.start_date <= inspection.end_date, inspection
        for judgement in inspection.judgements:
            assert judgement.area in JudgementArea.values
            assert judgement.grade in Grade.values
            assert judgement.page is None or judgement.page in numbers
        for finding in inspection.findings:
            assert finding.kind in FindingKind.values
            assert finding.text.strip()
            assert finding.page is None or finding.page in numbers


@FUZZ
@given(st.binary(max_size=4000), st.sampled_from(["a.txt", "a.md", "a.pdf", "a"]))
def test_any_bytes_are_read_or_refused_with_a_reason(data, filename):
    try:
        extraction = extract(data, filename=filename)
    except UnreadableDocument as refusal:
        assert str(refusal) and "\n" not in str(refusal)
        return
    assert [p.number for p in extraction.pages] == list(range(1, len(extraction.pages) + 1))
    assert any(p.text for p in extraction.pages)


@FUZZ
@given(st.lists(line, max_size=30).map("\n".join))
def test_text_files_survive_the_round_trip_through_extract(text):
    try:
        extraction = extract(text.encode(), filename="letter.txt")
    except UnreadableDocument as refusal:
        assert "\n" not in str(refusal)
        return
    assert extraction.pages[0].text == clean_text(text.split("\f")[0])


@FUZZ
@given(st.text(max_size=300))
def test_clean_text_is_idempotent_and_leaves_no_odd_spaces(text):
    cleaned = clean_text(text)
    assert clean_text(cleaned) == cleaned
    assert "\r" not in cleaned and "\u00a0" not in cleaned
    assert all(line == line.strip() for line in cleaned.split("\n"))


@FUZZ
@given(
    st.one_of(date_range, date, words, st.builds(lambda a, b: a + b, words, date_range)),
    st.one_of(st.none(), st.integers(min_value=1990, max_value=2100)),
)
def test_dates_are_real_and_ranges_run_forwards(text, default_year):
    found = parse_date_range(text, default_year=default_year)
    if found is not None:
        start, end = found
        assert isinstance(start, datetime.date) and start <= end
    single = parse_date(text)
    assert single is None or isinstance(single, datetime.date)

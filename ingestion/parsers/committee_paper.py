"""Council committee papers that report Ofsted inspections: the meeting, the grades quoted for
the inspection the paper is about and for the earlier ones it lists, and its next steps.

Long because a council's paper has no template: the meeting, the paper's own inspection and the
earlier ones it lists are each found by several cues. (The committee-papers issue reworks it.)
"""

from __future__ import annotations

import re
from dataclasses import replace

from inspections.codes import DocumentKind, FindingKind, Framework
from inspections.codes import JudgementArea as Area

from ..dates import parse_date
from ..grades import GRADE_RE, GRADE_WORDS
from ..recaps import (
    EARLIER_RE,
    Sentence,
    When,
    first_when,
    framework_for,
    grade_code,
    judgements_in,
    merge,
    recaps_in,
    sentences,
    tokens_to_areas,
)
from ..text import PAPER_ITEM_RE, Line, body_lines, join
from ..types import (
    Page,
    ParsedDocument,
    ParsedFinding,
    ParsedInspection,
    ParsedJudgement,
    ParseError,
)
from . import _fields

NAME = "committee_paper"
VERSION = 3

# --- Markup: papers arrive as PDFs or as text/Markdown saved from Word --------------------------

_MARKUP = (
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),  # [text](link)
    (re.compile(r"</?[a-zA-Z][^>]*>"), " "),  # <p>
    (re.compile(r"\*\*|__|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])"), ""),  # **bold**, *italic*
    (re.compile(r"^\s*#{1,6}\s*"), ""),  # ### heading
    (re.compile(r"[ \t]{2,}"), " "),
)


def _plain(pages: tuple[Page, ...]) -> tuple[Page, ...]:
    return tuple(replace(page, text=_unmark(page.text)) for page in pages)


_RULE = re.compile(r"^[-\u2013\u2014=_*\s]+$")


def _unmark(text: str) -> str:
    lines = []
    for line in text.split("\n"):
        for pattern, repl in _MARKUP:
            line = pattern.sub(repl, line)
        if not _RULE.match(line):
            lines.append(line.strip())
    return "\n".join(lines)


# --- Detection ------------------------------------------------------------------------------

_PAPER_MARKS = tuple(
    re.compile(p, re.I | re.M)
    for p in (
        r"^\W*From\s*:",
        r"^\W*To\s*:",
        r"^\W*Subject\s*:",
        r"^\W*(?:Summary|Purpose(?:\s+of\s+(?:the\s+)?report)?)\s*:",
        r"^\W*Recommendations?(?:\s*\(s\))?\s*:",
        r"\bDecision\s+No\b",
        r"^\W*Classification\s*:",
        r"^\W*Electoral\s+Divisions?\s*:",
        r"^\W*Wards?(?:\s+affected)?\s*:",
        r"^\W*(?:Date\s+of\s+(?:meeting|decision)|Meeting\s+date|Report\s+(?:to|of|author)"
        r"|Lead\s+officer|Key\s+decision|Agenda\s+item)\b",
        r"\b(?:Cabinet\s+Committee|Scrutiny\s+(?:Committee|Panel|Board)|Cabinet\s+Member"
        r"|Overview\s+and\s+Scrutiny|Corporate\s+Parenting\s+(?:Panel|Board|Committee))\b",
    )
)
#: Ofsted's own letters and reports: their letterhead, salutation or judgement-page fields.
_OFSTED_MARKS = re.compile(
    r"ofsted\.gov\.uk|Piccadilly\s+Gate|Lead\s+inspector\s*:|Inspection\s+dates?\s*:"
    r"|This\s+letter\s+summarises|^\s*Dear\s",
    re.I | re.M,
)
_DETECT_CHARS = 6000
_MIN_MARKS = 3


def detect(pages: tuple[Page, ...]) -> bool:
    head = _unmark("\n".join(p.text for p in pages[:2]))[:_DETECT_CHARS]
    if _OFSTED_MARKS.search(head[:2500]):
        return False
    return sum(1 for mark in _PAPER_MARKS if mark.search(head)) >= _MIN_MARKS


# --- The header: who, to whom, when, about what -------------------------------------------------

_FIELD = re.compile(r"^\W*(?P<label>[A-Z][A-Za-z ()]{1,40}?)\s*:\s*(?P<value>.*)$")
_COMMITTEE_WORDS = re.compile(r"Committee|Cabinet|Council|Board|Panel|Forum|Meeting", re.I)
_COMMITTEE_RE = re.compile(
    r"(?:[A-Z][\w',&]*\s+){1,10}?(?:Cabinet\s+Committee|Scrutiny\s+(?:Committee|Panel|Board)"
    r"|Committee|Panel|Board)\b"
)
_DATE_SUFFIX = re.compile(
    r"\s*[-\u2013\u2014,]?\s*(?:\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+\s+\d{4})\s*$"
)
_DATE_LABELS = ("date of meeting", "meeting date", "date", "meeting", "date of decision")
_TITLE_LABELS = ("subject", "title", "report title", "subject of report")
_COMMITTEE_LABELS = ("to", "report to", "meeting", "committee", "decision maker")


def _header(lines: list[Line]) -> dict[str, str]:
    """The paper's labelled front fields ("To:", "Subject:"), up to its summary."""
    fields: dict[str, str] = {}
    for line in lines[:40]:
        match = _FIELD.match(line.text)
        if not match:
            continue
        label = match["label"].strip().lower()
        if label.startswith(("summary", "recommendation")):
            break
        fields.setdefault(label, match["value"].strip())
    return fields


def _committee(fields: dict[str, str], head: str) -> str:
    for label in _COMMITTEE_LABELS:
        value = fields.get(label, "")
        if value and _COMMITTEE_WORDS.search(value):
            return _DATE_SUFFIX.sub("", value).strip(" -\u2013\u2014,")
    match = _COMMITTEE_RE.search(head)
    return match.group().strip() if match else ""


def _meeting_date(fields: dict[str, str]):
    for label in _DATE_LABELS + _COMMITTEE_LABELS:
        found = parse_date(fields.get(label, ""))
        if found:
            return found
    return None


def _title(fields: dict[str, str]) -> str:
    for label in _TITLE_LABELS:
        if fields.get(label):
            return fields[label]
    return ""


# --- The authority ----------------------------------------------------------------------------

_NAME_WORD = r"[A-Z][\w'-]*"
_COUNCIL_RE = re.compile(
    rf"\b(?:London|Royal)\s+Borough\s+of\s+{_NAME_WORD}(?:\s+(?:and|upon|on)\s+{_NAME_WORD}"
    rf"|\s+{_NAME_WORD})*"
    rf"|\bCity\s+of\s+{_NAME_WORD}(?:\s+{_NAME_WORD})*?\s+Council\b"
    rf"|\b{_NAME_WORD}(?:,?\s+(?:and\s+|upon\s+|on\s+)?{_NAME_WORD})*?\s+"
    r"(?:County|City|Borough|District|Metropolitan\s+Borough|Metropolitan\s+District)\s+Council\b"
)
_BARE_COUNCIL_RE = re.compile(rf"\b{_NAME_WORD}(?:\s+{_NAME_WORD})?\s+Council\b")
#: Capitalised words that start a sentence or a title but are not part of a council's name.
_NOT_NAME = {
    "the", "on", "in", "at", "by", "for", "from", "to", "and", "of", "since", "that", "this",
    "rating", "cabinet", "committee", "member", "members", "report", "ofsted", "whilst",
    "within", "under", "with", "our", "all", "both", "each", "summary", "subject",
}  # fmt: skip
_NOT_COUNCIL = {"care", "youth", "parish", "town", "school", "schools", "research", "arts"}


def _authority(text: str) -> str:
    counts: dict[str, int] = {}
    for match in _COUNCIL_RE.finditer(text):
        name = _trim_name(match.group())
        if name:
            counts[name] = counts.get(name, 0) + 1
    if not counts:
        for match in _BARE_COUNCIL_RE.finditer(text):
            name = _trim_name(match.group())
            first = name.split()[0].lower() if name else ""
            if name and first not in _NOT_COUNCIL and len(name.split()) > 1:
                counts[name] = counts.get(name, 0) + 1
    return max(counts, key=lambda n: (counts[n], -text.find(n))) if counts else ""


def _trim_name(name: str) -> str:
    words = " ".join(name.split()).split(" ")
    while len(words) > 2 and words[0].lower().strip(",") in _NOT_NAME:
        words = words[1:]
    return " ".join(words).strip(",")


def _short_names(authority: str) -> list[str]:
    """ "Kent County Council" -> "Kent" and "KCC": how a paper refers to its own council."""
    if not authority:
        return []
    words = authority.split()
    kinds = {"county", "city", "borough", "district", "metropolitan", "council", "london", "royal"}
    core = [w for w in words if w.lower() not in kinds and w.lower() != "of"]
    names = [" ".join(core)] if core else []
    initials = "".join(w[0] for w in words if w[0].isupper())
    return names + ([initials] if len(initials) > 1 else [])


# --- Inspections the paper lists ----------------------------------------------------------------

_LEAD_IN = re.compile(r"\binspections?\b[^.]*:\s*$", re.I)
_PAREN_GRADE = re.compile(rf"\(\s*{GRADE_RE.pattern}\s*\)", re.I)
_DASH_GRADE = re.compile(rf"[:\u2013\u2014-]\s*[\"']?{GRADE_RE.pattern}[\"']?\s*[.;]?\s*$", re.I)
_PUBLISHED_BEFORE = re.compile(r"\bpublished\b(?:\s+\w+){0,3}\s*$", re.I)
_LABEL_END = re.compile(
    r"\s+[\u2013\u2014-]\s+|\s*\(|\s*,|\s+published\b|\s+in\s+(?:[A-Z][a-z]+\s+)?\d{4}"
)


def _listed(lines: list[Line]) -> list[ParsedInspection]:
    """Bulleted inspections under a lead-in ("... have undergone five Ofsted inspections:")."""
    found = []
    in_list = False
    for line in lines:
        text = _strip_numbering(line.text)
        if _LEAD_IN.search(text):
            in_list = True
            continue
        if not in_list:
            continue
        item = PAPER_ITEM_RE.match(line.text)
        if not item:
            in_list = False
            continue
        inspection = _listed_item(line.text[item.end() :].strip(" ;"), line.page)
        if inspection:
            found.append(inspection)
    return found


#: A national thematic report the authority took part in: not an inspection of the authority.
_NATIONAL = re.compile(r"\bthematic\b|\bnational\s+report\b", re.I)
#: Pre-2013 inspections of the authority's own fostering or adoption service: (theme, area).
_SERVICES = (
    (re.compile(r"\bfostering\b", re.I), "Fostering services", Area.FOSTERING_SERVICE),
    (re.compile(r"\badoption\b", re.I), "Adoption services", Area.ADOPTION_SERVICE),
)


def _listed_item(text: str, page: int) -> ParsedInspection | None:
    when = first_when(text)
    if when is None or _NATIONAL.search(text):
        return None
    year = when.start.year
    framework = framework_for(text, year)
    label = _LABEL_END.split(text, maxsplit=1)[0]
    service = next(
        (
            (theme, area)
            for pattern, theme, area in _SERVICES
            if framework == Framework.PRE_SIF and pattern.search(label)
        ),
        None,
    )
    published = None
    if when.precision == "day" and _PUBLISHED_BEFORE.search(text[: when.position]):
        # the inspection ended before its report was published: known only to the month
        published = when.end
        when = replace(when, start=when.start.replace(day=1), precision="month")
    judgements = ()
    grade = _PAREN_GRADE.search(text) or _DASH_GRADE.search(text)
    if grade:
        if service:
            areas = [service[1].value]
        else:
            areas = tokens_to_areas(label, framework, year) or [Area.OVERALL_EFFECTIVENESS.value]
        judgements = tuple(ParsedJudgement(a, grade_code(grade["grade"]), page) for a in areas)
    return _recap(
        framework,
        when,
        judgements=judgements,
        published_on=published,
        theme=service[0] if service else "",
    )


def _recap(framework: str, when: When, **fields) -> ParsedInspection:
    return ParsedInspection(
        framework=framework,
        start_date=when.start,
        end_date=when.end,
        date_precision=when.precision,
        is_recap=True,
        **fields,
    )


# --- The inspection the paper is about --------------------------------------------------------

_HAPPENED = re.compile(
    r"\binspect(?:ion|ed|ors)\b[^.]{0,200}?\b(?:took\s+place|was\s+carried\s+out|was\s+undertaken"
    r"|was\s+conducted|happened|were\s+on\s+site)\b|\bInspection\s+dates?\s*:",
    re.I,
)
_PUBLISHED = re.compile(r"\bpublished\b", re.I)
_OWN_SUBJECT = re.compile(r"\b(?:our|the\s+council|the\s+local\s+authority)\b", re.I)
_ABOUT_REPORT = re.compile(r"\b(?:Ofsted|report|inspection|inspectors)\b", re.I)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_GRADE_LINE = re.compile(
    rf"^(?:(?:[IVX]+|[a-z]|[ivx]+|\d+(?:\.\d+)*)[.)]\s*)?(?P<label>[A-Za-z][^:\u2013\u2014]{{5,160}}?)"
    rf"\s*(?:[:\u2013\u2014-]\s*)+[\"'*]*{GRADE_RE.pattern}[\"'*]*\s*[.;]?$",
    re.I,
)
_FROM_TO = re.compile(
    rf"\bfrom\s+[\"']?(?P<was>{GRADE_WORDS})[\"']?\s+in\s+(?P<year>(?:19|20)\d\d)\s+to\s+"
    rf"[\"']?(?:{GRADE_WORDS})[\"']?\s+in\s+(?:19|20)\d\d\b",
    re.I,
)


def _main(found: list[Sentence], lines: list[Line], own: list[str]) -> ParsedInspection | None:
    """The inspection whose dates the paper gives and whose grades it quotes."""
    happened = next(
        (
            s
            for s in found
            if _HAPPENED.search(s.text)
            and _names_own(s.text, own)
            and not EARLIER_RE.search(s.text)
        ),
        None,
    )
    when = first_when(happened.text, _HAPPENED.search(happened.text).start()) if happened else None
    if when is None:
        return None
    year = when.start.year
    framework = framework_for(happened.text, year)
    judgements: dict[str, ParsedJudgement] = {}
    for line in lines:
        for judgement in _grade_line(line, framework, year):
            judgements.setdefault(judgement.area, judgement)
    for sentence in found:
        for judgement in _quoted_grades(sentence, framework, year, own):
            judgements.setdefault(judgement.area, judgement)
    return _recap(
        framework,
        when,
        judgements=tuple(judgements.values()),
        published_on=_published(found, year),
    )


def _names_own(text: str, own: list[str]) -> bool:
    return bool(_OWN_SUBJECT.search(text)) or any(name in text for name in own)


def _grade_line(line: Line, framework: str, year: int) -> list[ParsedJudgement]:
    """ "The impact of leaders on social work practice ... - Outstanding" as a line of its own."""
    item = PAPER_ITEM_RE.match(line.text)
    match = _GRADE_LINE.match(line.text[item.end() :] if item else line.text)
    if not match:
        return []
    areas = tokens_to_areas(match["label"], framework, year, specific=True)
    return [ParsedJudgement(a, grade_code(match["grade"]), line.page) for a in areas]


def _quoted_grades(
    sentence: Sentence, framework: str, year: int, own: list[str]
) -> list[ParsedJudgement]:
    """Grades in prose about this inspection's report, in a sentence naming no other year."""
    text = sentence.text
    if not _ABOUT_REPORT.search(text) or any(int(y) != year for y in _YEAR.findall(text)):
        return []
    if not _names_own(text, own):
        return []
    return [
        ParsedJudgement(f.area, f.grade, sentence.page_at(f.position))
        for f in judgements_in(text, framework, year)
    ]


def _published(found: list[Sentence], year: int):
    for sentence in found:
        if _PUBLISHED.search(sentence.text) and _ABOUT_REPORT.search(sentence.text):
            when = first_when(sentence.text)
            if when and when.precision == "day" and when.start.year == year:
                return when.start
    return None


def _from_to(found: list[Sentence], own: list[str]) -> list[ParsedInspection]:
    """ "... taken our Children's Services from Inadequate in 2010 to Outstanding in 2022"."""
    recaps = []
    for sentence in found:
        text = sentence.text
        if not _names_own(text, own):
            continue
        for match in _FROM_TO.finditer(text):
            when = first_when(match["year"])
            framework = framework_for("", when.start.year)
            areas = tokens_to_areas("children's services", framework, when.start.year)
            grade = grade_code(match["was"])
            page = sentence.page_at(match.start("was"))
            judgements = tuple(ParsedJudgement(a, grade, page) for a in areas)
            recaps.append(_recap(framework, when, judgements=judgements))
    return recaps


# --- Next steps ------------------------------------------------------------------------------

_TOP_HEADING = re.compile(r"^(?P<number>\d{1,2})\.?\s+(?P<title>[A-Z][^.:]{2,80}?)\s*:?\s*$")
_END_HEADING = re.compile(
    r"^(?:Background\s+Documents?|Contact\s+details|Report\s+Author|Lead\s+Officer|Lead\s+Director"
    r"|Appendi(?:x|ces)|Glossary)\b",
    re.I,
)
_NEXT_STEP_TITLE = re.compile(
    r"^(?:next\s+steps?|action\s+plans?|recommendations?(?:\s*\(s\))?|suggested\s+areas\s+for\b.*"
    r"|proposals?|(?:the\s+)?way\s+forward|actions?\s+(?:required|proposed))$",
    re.I,
)
_FRONT_RECOMMENDATION = re.compile(r"\bRecommendations?(?:\s*\(s\))?\s*:\s*", re.I)
_SUB_NUMBER = re.compile(r"^\s*(?:[-•]\s*)?(?:\d{1,2}\.)+(?P<number>\d{1,2})\.?\s+")
_NUMBERING = re.compile(r"^\s*(?:[-•]\s*)?(?:\d{1,2}\.)*\d{1,2}\.?\s+(?=\S)")


def _strip_numbering(text: str) -> str:
    return _NUMBERING.sub("", text, count=1)


def _next_steps(lines: list[Line]) -> list[ParsedFinding]:
    found = _front_recommendation(lines) + _section_steps(lines)
    seen, unique = set(), []
    for finding in found:
        key = " ".join(finding.text.lower().split())
        if key not in seen:
            seen.add(key)
            unique.append(finding)
    return unique


def _front_recommendation(lines: list[Line]) -> list[ParsedFinding]:
    """The "Recommendation(s):" field of the front sheet, before the numbered sections."""
    for index, line in enumerate(lines):
        if _TOP_HEADING.match(line.text):
            return []
        match = _FRONT_RECOMMENDATION.search(line.text)
        if not match:
            continue
        label = match.group().strip().rstrip(":").strip()
        parts = [Line(line.page, line.text[match.end() :])]
        for following in lines[index + 1 :]:
            if _TOP_HEADING.match(following.text) or _FIELD.match(following.text):
                break
            parts.append(following)
        text = join(parts)
        return (
            [ParsedFinding(FindingKind.NEXT_STEP.value, text, line.page, label, 1)] if text else []
        )
    return []


def _section_steps(lines: list[Line]) -> list[ParsedFinding]:
    findings: list[ParsedFinding] = []
    section = ""
    items: list[tuple[int | None, list[Line]]] = []
    for line in lines:
        heading = _TOP_HEADING.match(line.text)
        if heading or _END_HEADING.match(line.text):
            findings += _items_to_findings(section, items)
            title = heading["title"].strip() if heading else ""
            section = title if _NEXT_STEP_TITLE.match(title) else ""
            items = []
            continue
        if not section:
            continue
        sub = _SUB_NUMBER.match(line.text)
        bullet = PAPER_ITEM_RE.match(line.text)
        if sub or bullet or not items:
            number = int(sub["number"]) if sub else None
            start = sub.end() if sub else (bullet.end() if bullet else 0)
            items.append((number, [Line(line.page, line.text[start:])]))
        else:
            items[-1][1].append(line)
    return findings + _items_to_findings(section, items)


def _items_to_findings(section: str, items) -> list[ParsedFinding]:
    if not section:
        return []
    findings = []
    for order, (number, parts) in enumerate(items, start=1):
        text = join(parts)
        if text:
            findings.append(
                ParsedFinding(
                    FindingKind.NEXT_STEP.value, text, parts[0].page, section, number or order
                )
            )
    return findings


# --- The whole paper --------------------------------------------------------------------------

#: A paper is about an inspection it reports within this many days before its meeting.
_RECENT_DAYS = 365


def parse(pages: tuple[Page, ...]) -> ParsedDocument:
    pages = _plain(pages)
    lines = body_lines(pages)
    if not lines:
        raise ParseError("the committee paper has no text")
    text = "\n".join(line.text for line in lines)
    fields = _header(lines)
    authority = _authority(text)
    own = _short_names(authority)
    found = sentences(pages)
    meeting = _meeting_date(fields)
    main = _main(found, lines, own)
    if main is not None and meeting and (meeting - main.start_date).days > _RECENT_DAYS:
        main = None
    warnings = []
    steps = _next_steps(lines)
    if main is not None:
        main = replace(main, findings=tuple(steps))
    elif steps:
        warnings.append(
            f"{len(steps)} next steps not recorded: the paper reports no recent inspection to "
            "attach them to"
        )
    own_start = main.start_date if main else meeting
    earlier = _listed(lines) + _from_to(found, own) + list(recaps_in(found, own_start=own_start))
    if main is not None:
        earlier = [i for i in earlier if i.start_date < main.start_date]
    inspections = merge(([main] if main else []) + earlier)
    reading = _fields.Reading()
    if authority:
        reading.found("authority", "text")
    else:
        warnings.append("the paper does not name its council")
        reading.problem("council not found in the committee paper")
    if not authority and not inspections:
        # Kept for review: staff can tell what a paper with neither is about.
        reading.problem("no Ofsted inspection found in the committee paper")
    return ParsedDocument(
        kind=DocumentKind.COMMITTEE_PAPER.value,
        authority_name=authority,
        title=_title(fields),
        document_date=meeting,
        committee=_committee(fields, text[:3000]),
        inspections=inspections,
        warnings=tuple(warnings),
        **reading.fields(),
    )

"""One table from the words grades are written in to the grade codes, for every reader."""

import re

import pytest

from ingestion.grades import GRADE_RE, ILACS_GRADE_WORDS, REPORT_GRADE_WORDS, grade_of
from ingestion.parsers import sif_report
from ingestion.recaps import find_recaps
from inspections.codes import Framework, Grade
from tests.corpus import requires_corpus
from tests.ingestion.parsers.conftest import pages_of


@pytest.mark.parametrize(
    ("text", "grade"),
    [
        ("Outstanding", Grade.OUTSTANDING),
        ("good", Grade.GOOD),
        ("Adequate", Grade.ADEQUATE),
        ("INADEQUATE", Grade.INADEQUATE),
        ("Requires improvement", Grade.REQUIRES_IMPROVEMENT),
        ("Requires improvement\nto be good", Grade.REQUIRES_IMPROVEMENT),
        ("require improvement", Grade.REQUIRES_IMPROVEMENT),
        ("required  improvement", Grade.REQUIRES_IMPROVEMENT),
        ("good practice", None),
        ("improvement", None),
        ("", None),
    ],
)
def test_each_spelling_names_its_grade(text, grade):
    assert grade_of(text) == grade


def test_on_the_pre_2013_scale_requires_improvement_is_adequate():
    assert grade_of("Requires improvement to be good", pre_2013=True) == Grade.ADEQUATE
    assert grade_of("Good", pre_2013=True) == Grade.GOOD


@pytest.mark.parametrize(
    ("text", "prose", "report", "ilacs"),
    [
        ("Requires improvement to be good", True, True, True),
        ("requires improvement", True, True, True),
        ("require improvement", True, True, False),
        ("required improvement", True, False, False),
        ("Adequate", True, True, False),
        ("Inadequate", True, True, True),
        ("goodwill", False, False, False),
    ],
)
def test_each_source_has_its_own_spellings(text, prose, report, ilacs):
    # Prose takes any tense, whole words only; a report's headings "requires" or "require";
    # ILACS only "requires" and has no "adequate".
    assert bool(GRADE_RE.fullmatch(text)) == prose
    assert bool(re.fullmatch(REPORT_GRADE_WORDS, text, re.I)) == report
    assert bool(re.fullmatch(ILACS_GRADE_WORDS, text, re.I)) == ilacs


def test_every_spelling_any_source_matches_names_a_grade():
    for text in ("Requires  improvement\nto be good", "require improvement", "adequate"):
        assert GRADE_RE.fullmatch(text)
        assert grade_of(text) is not None


@requires_corpus
def test_a_recap_of_a_2012_inspection_reads_the_old_scale():
    # Redcar and Cleveland's 2017 report: its July 2012 safeguarding inspection "judged to
    # require improvement": adequate, as Ofsted's statistics record it.
    pages = pages_of("redcar and cleveland__children's services inspection - 07 april 2017")
    document = sif_report.parse(pages)
    (own,) = document.inspections
    recaps = find_recaps(pages, own_framework=own.framework, own_start=own.start_date)
    (pre_2013,) = [r for r in recaps if r.framework == Framework.PRE_SIF]
    grades = {j.area: j.grade for j in pre_2013.judgements}
    assert grades == {"safeguarding_overall": Grade.ADEQUATE, "looked_after_overall": Grade.GOOD}

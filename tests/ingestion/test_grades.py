"""One table from the words grades are written in to the grade codes, for every reader."""

import pytest

from ingestion.grades import grade_of
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

"""The words reports, letters, papers and Ofsted's statistics write grades in, and the one
table from those words to the grade codes (``inspections.codes.Grade``).

Spellings seen: "Outstanding", "Good", "Adequate" (the pre-2013 scale), "Inadequate", and
"Requires improvement" (ILACS 2018-20), "Requires improvement to be good" (SIF and ILACS
since), with "required", "requiring" and "require" in running prose ("was judged to require
improvement").
"""

from __future__ import annotations

import re

from inspections.codes import Grade

#: Every spelling, as a regex alternation, longest alternatives first ("inadequate" before
#: "adequate"); whitespace inside may be any run of spaces or line breaks. For running prose
#: (recaps, committee papers), where any tense of "require" may carry a grade.
GRADE_WORDS = (
    r"outstanding|inadequate|adequate|good"
    r"|requir(?:es|ed|ing|e)\s+improvement(?:\s+to\s+be\s+good)?"
)
#: A grade word as a whole word in prose: "was judged to be good" but not "goodwill".
GRADE_RE = re.compile(rf"\b(?P<grade>{GRADE_WORDS})\b", re.I)
#: The spellings of a full report's headings and grade lines (pre-2013, SIF, LSCB reviews):
#: both scales, and "requires improvement" or, after a plural subject, "require improvement"
#: ("Adoption performance: Requires improvement to be good", "Grade 3 (Adequate)").
REPORT_GRADE_WORDS = (
    r"(?:requires?\s+improvement(?:\s+to\s+be\s+good)?|outstanding|good|adequate|inadequate)"
)
#: The spellings of an ILACS report's page-1 table and graded headings (2018-): no "adequate";
#: "Requires improvement" in 2018-20, "Requires improvement to be good" since.
ILACS_GRADE_WORDS = r"outstanding|good|requires\s+improvement(?:\s+to\s+be\s+good)?|inadequate"

_ONE_WORD = {
    "outstanding": Grade.OUTSTANDING,
    "good": Grade.GOOD,
    "adequate": Grade.ADEQUATE,
    "inadequate": Grade.INADEQUATE,
}
_REQUIRES_IMPROVEMENT = re.compile(r"requir(?:es|ed|ing|e) improvement(?: to be good)?")


def grade_of(text: str, *, pre_2013: bool = False) -> Grade | None:
    """The grade a phrase names ("Requires improvement to be good"), case and spacing aside,
    or None for anything else.

    On the pre-2013 scale the third grade was "adequate"; a source that calls it "requires
    improvement" (Ofsted's 2023 statistics, a later report's recap) means that, so with
    ``pre_2013`` it is read as adequate.
    """
    words = " ".join(text.lower().split())
    if words in _ONE_WORD:
        return _ONE_WORD[words]
    if _REQUIRES_IMPROVEMENT.fullmatch(words):
        return Grade.ADEQUATE if pre_2013 else Grade.REQUIRES_IMPROVEMENT
    return None

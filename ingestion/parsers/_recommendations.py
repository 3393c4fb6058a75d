"""Where a report's recommendations end. A paragraph's form: does it ask for something
("Ensure that...", "The local authority should...", "The board to...") or state something
("The board demonstrates...", "Most social workers meet...")? And the lines that look like a
heading though no template lists them.

A report's headings say where its recommendations are; these are the checks that what is
placed there reads as recommendations, so that a section whose heading was lost is not taken
for more of them (``_report_body``).
"""

from __future__ import annotations

import enum
import re

from ..text import Line


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


class Form(enum.Enum):
    REQUEST = "request"  # asks for something
    NARRATIVE = "narrative"  # states something
    UNKNOWN = "unknown"  # neither can be told (a fragment of a poor copy, an unusual verb)


#: An obligation in the first sentence: "The local authority should...", "Leaders must...",
#: "Senior leaders need to...".
_OBLIGATION_RE = re.compile(
    r"\b(?:should|must|needs? to|ought to|(?:is|are) (?:required )?to (?!be\b)[a-z]+)\b", re.I
)
#: "The BSCB to ensure...", "The Adoption Panel Chair to report...": a subject and an
#: infinitive, the clipped request of the 2014 reports.
_DIRECTIVE_RE = re.compile(r"^(?:The )?(?:[A-Z][\w'\u2019-]*\s+){1,5}to\s+[a-z]+\b")
#: Openings before the verb of a request: "With partners, review...", "When children go
#: missing, ensure...", "As a matter of urgency, ...".
_LEAD_IN_RE = re.compile(
    r"^(?:(?:As a matter of [a-z]+|In (?:partnership|conjunction|line|consultation) with [^,]+"
    r"|(?:With|Together with|Through|Alongside) [^,]+"
    r"|(?:When|Where|Until|Once|If|Following|Before|After|Prior to|For) [^,]+),\s*)+",
    re.I,
)
_ADVERBS = {"further", "better"}
#: Verbs Ofsted's recommendations open with (2009-2018 reports, ILACS, letters).
_VERBS = _word_set(
    """accelerate achieve act address agree align analyse apply appoint approve assess assure
    audit be bring build carry cease challenge check clarify collate collect commission complete
    comply conclude conduct confirm consider consolidate continue coordinate co-ordinate create
    decide define deliver demonstrate design determine develop devise direct drive embed enable
    encourage engage enhance ensure establish evaluate examine expand expedite explore extend
    facilitate finalise focus formalise gather give hold identify implement improve include
    increase inform integrate introduce investigate involve keep launch lead learn listen
    maintain make manage map maximise measure minimise monitor move offer oversee place plan
    prepare prioritise produce promote provide publish put raise reach recognise reconsider
    record recruit reduce refine reinforce renew report require resolve respond restructure
    retain review revise rigorously scrutinise secure seek set share simplify specify
    streamline strengthen support sustain take tackle target test track train translate
    undertake update use validate verify visit work
    accept adopt allocate arrange assist begin benchmark brief broaden capture change
    collaborate communicate counter deploy disseminate document eliminate equip escalate
    explain fund help incorporate instigate invest issue join limit link mobilise notify obtain
    organise outline present prevent procure progress protect pursue rationalise realign
    reassess reconfigure redesign re-establish refer refocus reflect reinvigorate relaunch
    re-launch remove replace request reshape restore revisit risk risk-assess safeguard
    sharpen speed stabilise standardise start stop supervise tighten transform understand
    utilise widen"""
)
#: Words a statement opens with and a request does not: articles, determiners, pronouns,
#: quantifiers, conjunctions and prepositions.
_STATEMENT_OPENERS = _word_set(
    """a an the this these that those there it its they their them he she his her we our
    us most some many all few several each every no none both such much more one two three
    however although though while whilst since because overall in on at by from during over
    under of as also not only almost nearly just very despite inspectors"""
)
#: A finite verb early in a sentence: the verb of a subject that came before it.
_FINITE = _word_set(
    """is are was were has have had does do did can cannot will would could may might"""
)
_NOUN_ENDINGS = ("ment", "tion", "sion", "ness", "ity", "ance", "ence", "ship", "ers", "ing")
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*|,")


def first_sentence(text: str) -> str:
    match = re.search(r"(?<=[a-z)'\u2019\"])[.!?](?=\s+[A-Z]|\s*$)", text)
    return text[: match.end()] if match else text


def form_of(text: str) -> Form:
    """Whether ``text`` (a paragraph, its number and bullet already stripped) asks for
    something, states something, or cannot be told, from its first sentence."""
    sentence = first_sentence(text.strip())
    if not sentence:
        return Form.UNKNOWN
    if _OBLIGATION_RE.search(sentence) or _DIRECTIVE_RE.match(sentence):
        return Form.REQUEST
    rest = _LEAD_IN_RE.sub("", sentence)
    words = _WORD_RE.findall(rest)
    while words and words[0].lower() not in _VERBS and _is_adverb(words[0].lower()):
        words = words[1:]
    # "Review the...", not "Progress is slow".
    if words and words[0].lower() in _VERBS and not (words[1:2] and words[1].lower() in _FINITE):
        return Form.REQUEST
    opening = _WORD_RE.findall(sentence)
    if not opening or not opening[0][:1].isupper():
        return Form.UNKNOWN  # a fragment: a poor copy lost the sentence's start
    first = opening[0].lower()
    if first in _STATEMENT_OPENERS:
        return Form.NARRATIVE
    head = [word.lower() for word in opening[1:12]]
    if any(word in _FINITE for word in head):
        return Form.NARRATIVE
    if first.endswith(_NOUN_ENDINGS) or (first.endswith("s") and not first.endswith("ss")):
        return Form.NARRATIVE  # a subject: "Engagement and...", "Children and families get..."
    return Form.UNKNOWN


def _is_adverb(word: str) -> bool:
    return word in _ADVERBS or word.endswith("ly")


#: A sentence ends here (a closing quote or bracket may follow); a list's lead-in ends ":".
ENDS_SENTENCE_RE = re.compile(r"[.!?:;][)'\"\]]*$")


def line_width(lines: list[Line]) -> int:
    """The length of a full line of the body's text (its 90th percentile)."""
    lengths = sorted(len(line.text) for line in lines)
    return lengths[int(len(lengths) * 0.9)] if lengths else 0


def is_heading_like(lines: list[Line], i: int, width: int) -> bool:
    """A short capitalised line that ends no sentence, after text that ended one, with text
    after it: a heading, whether or not the template's list knows it ("Summary for children",
    "The Local Safeguarding Children Board")."""
    text = lines[i].text
    if not text[:1].isupper() or ENDS_SENTENCE_RE.search(text) or text.endswith(","):
        return False
    if len(text) > min(80, 0.75 * width) or i + 1 >= len(lines) or i == 0:
        return False
    return bool(ENDS_SENTENCE_RE.search(lines[i - 1].text))


def heading_end(lines: list[Line], i: int) -> int:
    """The line after the heading at ``i`` and its wrapped lower-case lines."""
    end = i + 1
    while (
        end < len(lines)
        and lines[end].text[:1].islower()
        and not ENDS_SENTENCE_RE.search(lines[end].text)
        and len(lines[end].text) <= 80
    ):
        end += 1
    return end

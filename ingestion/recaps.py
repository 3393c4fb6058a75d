"""Recaps of earlier inspections inside any document ("Ofsted last inspected Kent in 2017, giving
an overall judgement of good ..."), read into ParsedInspections marked ``is_recap``.

Long because a grade in running prose needs its licence ("judged to be", "rated"), its scope
(which area it is for, in the framework of its year) and its date, each a table of phrases.
"""

from __future__ import annotations

import bisect
import calendar
import datetime
import itertools
import re
from dataclasses import dataclass, replace

from inspections.codes import Framework
from inspections.codes import JudgementArea as Area

from .dates import DATE_RE, MONTHS, RANGE_RE, month_number, parse_date_range
from .grades import GRADE_RE, grade_of
from .text import BULLET_CHARS, BULLET_RE, NUMBERED_RE, SENTENCE_NUMBER_RE, Line, body_lines
from .types import Page, ParsedInspection, ParsedJudgement

# --- Sentences with their pages --------------------------------------------------------------


@dataclass(frozen=True)
class Sentence:
    """A sentence of body text at ``offset`` in its block; ``marks`` are the block's line
    starts with their pages, so any position in the sentence knows its page."""

    text: str
    offset: int
    marks: tuple[tuple[int, int], ...]

    def page_at(self, index: int) -> int:
        offsets = [start for start, _ in self.marks]
        return self.marks[max(bisect.bisect_right(offsets, self.offset + index) - 1, 0)][1]


#: A short line with no closing punctuation is a heading or a table cell, not wrapped prose.
_HEADING_MAX = 60
_SENTENCE_END = re.compile(
    rf"(?<=[.!?])[\"')]?\s+(?=[\"'(]?[A-Z0-9])|\s(?=\d{{1,3}}\.\s?[A-Z][a-z])|\s?{BULLET_CHARS}\s+"
)


def sentences(pages: tuple[Page, ...], *, near: re.Pattern | None = None) -> list[Sentence]:
    """The body text as sentences, split at paragraph numbers, bullets and headings too.

    With ``near``, only blocks matching it are split, with the list that follows one ending in
    a colon; this spares most of a long report.
    """
    out: list[Sentence] = []
    reach = 0
    for block in _blocks(body_lines(pages)):
        text, marks = _joined(block)
        if near is not None:
            if near.search(text):
                reach = _NEAR_REACH if text.endswith(":") else 1
            else:
                reach -= 1
            if reach <= 0:
                continue
        start = 0
        for match in _SENTENCE_END.finditer(text):
            out.append(_sentence(text, marks, start, match.start()))
            start = match.end()
        out.append(_sentence(text, marks, start, len(text)))
    return [s for s in out if s.text]


#: How many list items after a matching lead-in ("The judgements were:") may belong to it.
_NEAR_REACH = 8


def _blocks(lines: list[Line]) -> list[list[Line]]:
    blocks: list[list[Line]] = []
    previous = ""
    for line in lines:
        bullet = BULLET_RE.match(line.text)
        text = line.text[bullet.end() :] if bullet else line.text
        if not text:
            continue
        if (
            not blocks
            or bullet
            or NUMBERED_RE.match(text)
            or previous.endswith(":")
            or (
                len(previous) < _HEADING_MAX
                and previous[-1:] not in ".,;:-"
                and not text[:1].islower()
            )
        ):
            blocks.append([])
        blocks[-1].append(Line(line.page, text))
        previous = text
    return blocks


def _joined(block: list[Line]) -> tuple[str, tuple[tuple[int, int], ...]]:
    text, marks = "", []
    for line in block:
        if text.endswith("-") and line.text[:1].islower() and not text.endswith(" -"):
            text = text[:-1]
        elif text:
            text += " "
        marks.append((len(text), line.page))
        text += line.text
    return text, tuple(marks)


def _sentence(text: str, marks: tuple[tuple[int, int], ...], start: int, end: int) -> Sentence:
    raw = text[start:end]
    stripped = SENTENCE_NUMBER_RE.sub("", raw.lstrip())
    return Sentence(stripped.rstrip(), start + len(raw) - len(stripped), marks)


# --- Dates -----------------------------------------------------------------------------------

_MONTH = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_MONTH_YEAR_RE = re.compile(rf"\b(?P<month>{_MONTH})\s+(?P<year>(?:19|20)\d\d)\b", re.I)
_YEAR_RE = re.compile(r"\b(?P<year>(?:19|20)\d\d)\b(?!\s*[-\u2013/]\s*\d)")


@dataclass(frozen=True)
class When:
    start: datetime.date
    end: datetime.date
    precision: str  # "day", "month" or "year"
    position: int


def first_when(text: str, position: int = 0) -> When | None:
    """The first date, date range, month or year at or after ``position`` in ``text``."""
    found = []
    for pattern in (RANGE_RE, DATE_RE, _MONTH_YEAR_RE, _YEAR_RE):
        match = pattern.search(text, position)
        if match:
            found.append(match)
    for match in sorted(found, key=lambda m: (m.start(), -len(m.group()))):
        when = _when_of(match)
        if when:
            return when
    return None


def _when_of(match: re.Match) -> When | None:
    groups = match.groupdict()
    if "d1" in groups or "d" in groups:
        span = parse_date_range(match.group())
        return When(span[0], span[1], "day", match.start()) if span else None
    year = int(match["year"])
    if "month" in groups:
        month = month_number(match["month"])
        last = calendar.monthrange(year, month)[1]
        return When(
            datetime.date(year, month, 1), datetime.date(year, month, last), "month", match.start()
        )
    return When(datetime.date(year, 1, 1), datetime.date(year, 12, 31), "year", match.start())


# --- Frameworks ------------------------------------------------------------------------------

_SIF_ERA = {
    Framework.PRE_SIF,
    Framework.SIF,
    Framework.SIF_REINSPECTION,
    Framework.LSCB_REVIEW,
    Framework.JOINT_AREA_REVIEW,
}
_FRAMEWORK_HINTS = (
    (re.compile(r"focused visit", re.I), Framework.FOCUSED_VISIT),
    (re.compile(r"monitoring visit", re.I), Framework.MONITORING_VISIT),
    (re.compile(r"joint targeted area|\bJTAI?s?\b|\bthematic\b", re.I), Framework.JTAI),
    (re.compile(r"joint area review", re.I), Framework.JOINT_AREA_REVIEW),
    (re.compile(r"\bshort (?:ILACS )?inspection", re.I), Framework.ILACS_SHORT),
    (
        re.compile(r"\bILACS?\b|inspecting local authority children'?s services", re.I),
        Framework.ILACS_STANDARD,
    ),
    (re.compile(r"single inspection|\bSIF\b", re.I), Framework.SIF),
)


def framework_for(text: str, year: int, own_framework: str | None = None) -> str:
    """The framework an inspection of ``year`` was under: named in ``text``, else by date."""
    for pattern, framework in _FRAMEWORK_HINTS:
        if pattern.search(text):
            return framework.value
    if year <= 2013:
        return Framework.PRE_SIF.value
    if year <= 2017 or own_framework in _SIF_ERA:
        return Framework.SIF.value
    return Framework.ILACS_STANDARD.value


# --- Grades and the areas they are given for --------------------------------------------------

#: What may follow a grade word used as a grade (not "good practice", "good progress").
_AFTER_GRADE = re.compile(
    r"\s*(?:$|[.,;:)\"']|\b(?:overall|for|in|and|but|by|at|when|with|while|whereas|across|as|"
    r"since|following|under)\b)",
    re.I,
)
_VERB_BEFORE = re.compile(
    r"(?:\b(?:judged|graded|found|rated|assessed|was|were|been|judgements?\s+of|grade\s+of)\s+"
    r"(?:(?:to\s+be|to|as)\s+)?(?:still\s+|both\s+|also\s+|all\s+)?"
    r"|\b(?:judg(?:ed|ing)|grad(?:ed|ing)|rat(?:ed|ing)|found|considered)\s+[^.;]{1,90}?\s"
    r"(?:to\s+be|to|as)\s+(?:still\s+)?"
    r"|\bfound\s+(?!that\b)(?:[\w']+\s+){1,4})$",
    re.I,
)
_QUOTED_VERB_BEFORE = re.compile(
    r"\b(?:found|rat\w*|judg\w*|grad\w*|award\w*|provid\w*|achiev\w*)\b[^.;]{0,60}[\"']$", re.I
)
_PRESENT = re.compile(r"\b(?:is|are|now|remains?|currently|continues?)\b[^.;,]{0,30}$", re.I)
_COORDINATED = re.compile(
    r"^(?:\s+overall|\s+(?:for|in)\s+[^.;]{0,100}?)?\s*,?\s+(?:and|but|while|whereas)\s+"
    r"(?:(?:was|were)\s+)?(?:(?:judged|graded|found)\s+)?(?:to\s+be\s+|as\s+)?$",
    re.I,
)
_NEGATED = re.compile(r"\b(?:not|no|never|nor|without|any)\b|n't\b", re.I)
_QUANTIFIED = re.compile(r"\b(?:all|every|each|except|most|some|many)\b", re.I)
_SUB_JUDGEMENT = re.compile(r"\b(?:outcomes?|performance|aspects?|quality of)\b", re.I)
_CLAUSE_BREAK = re.compile(r"[,;]|\b(?:when|where|which|with|while|whereas|but)\b", re.I)
_SUBJECT_BREAK = re.compile(r";|\b(?:when|where|which|but)\b", re.I)
_FORWARD_CUT = re.compile(
    r"[.;]|\b(?:but|while|whereas|when|since|which)\b|,\s+(?!and\b|(?:the\s+)?(?:children|care|"
    r"overall|adoption|leadership|management|help|safeguarding|looked|capacity|experiences|impact)\b)",
    re.I,
)
_FORWARD_START = re.compile(r"^\s*(?:overall\b|(?:for|in)\b)", re.I)
_FORWARD_SERVICES = re.compile(r"^[\"']?\s*(?:children'?s\s+)?services\b", re.I)

#: Phrases naming what a grade is for; each maps to a key turned into an area per framework.
_AREA_WORDS = re.compile(
    r"(?P<lac_and_leavers>(?:children\s+(?:in\s+care|looked\s+after)|looked[- ]after\s+children)"
    r"(?:'s)?(?:\s*,)?\s+(?:and|&)\s+care\s+leavers)"
    r"|(?P<lscb>local\s+safeguarding\s+children'?s?\s+board|safeguarding\s+children\s+board|\bLSCB\b)"
    r"|(?P<help_protection>help\s+and\s+protection|protection\s+of\s+children|child\s+protection)"
    r"|(?P<lmg>leadership,?\s+management,?\s+and\s+governance|leadership\s+and\s+management)"
    r"|(?P<leaders>impact\s+of\s+leaders)"
    r"|(?P<capacity>capacity\s+(?:for|to)\s+improve(?:ment)?)"
    r"|(?P<overall>overall(?:\s+effectiveness|\s+judgement)?)"
    r"|(?P<safeguarding>safeguarding)"
    r"|(?P<looked_after>(?:children\s+)?looked[- ]after(?:\s+children)?|children\s+in\s+care)"
    r"|(?P<care_leavers>care\s+leavers|leaving\s+care)"
    r"|(?P<adoption>\badoption\b)"
    r"|(?P<generic>children'?s\s+(?:services|social\s+care)|social\s+care\s+services|\bservices\b"
    r"|\bthe\s+service\b|\bthe\s+local\s+authority\b|\bthe\s+council\b|\bthe\s+authority\b)",
    re.I,
)
_DOMAINS = {"safeguarding", "help_protection", "looked_after", "lac_and_leavers"}
_QUALIFIERS = {"overall", "capacity"}
_JOINERS = re.compile(r"^\s*(?:,|and|&|/|,\s*and)?\s*(?:both\s+)?(?:the\s+|its\s+)?$", re.I)


@dataclass(frozen=True)
class Found:
    area: str
    grade: str
    position: int


def grade_code(word: str, framework: str = "") -> str:
    """The code of a grade word that ``GRADE_RE`` matched, read on the old scale where the
    grade is a pre-2013 inspection's ("was judged to require improvement" in 2012 meant
    adequate)."""
    return grade_of(word, pre_2013=framework == Framework.PRE_SIF).value


def judgements_in(text: str, framework: str, year: int) -> list[Found]:
    """Each grade ``text`` gives, with the area it is given for (none where it names none)."""
    found: list[Found] = []
    matches = list(GRADE_RE.finditer(text))
    scope_start, last_end = 0, None
    for index, match in enumerate(matches):
        if not _licensed(text, match, last_end):
            continue
        next_start = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        scope = text[scope_start : match.start()]
        forward = text[match.end() : next_start]
        scope_start, last_end = match.end(), match.end()
        if _guarded(scope):
            continue
        for area in _areas(_keys(scope, forward, framework), framework, year):
            found.append(Found(area, grade_code(match["grade"], framework), match.start()))
    return found


def _licensed(text: str, match: re.Match, last_end: int | None) -> bool:
    before = text[max(0, match.start() - 130) : match.start()]
    quoted = before.endswith(("'", '"'))
    after = text[match.end() :]
    if quoted:
        after = after.lstrip("'\"")
        if _FORWARD_SERVICES.match(after):
            return _QUOTED_VERB_BEFORE.search(before) is not None
    if not _AFTER_GRADE.match(after):
        return False
    clause = _CLAUSE_BREAK.split(before)[-1]
    if _PRESENT.search(clause):
        return False
    if match["grade"].lower().startswith("required "):
        return True
    if quoted and _QUOTED_VERB_BEFORE.search(before):
        return True
    if _VERB_BEFORE.search(before):
        return True
    return last_end is not None and bool(_COORDINATED.match(text[last_end : match.start()]))


def _guarded(scope: str) -> bool:
    """A grade whose subject is negated, quantified or a sub-judgement is not an area's grade."""
    clause = _CLAUSE_BREAK.split(scope)[-1]
    subject = _SUBJECT_BREAK.split(scope)[-1]
    return bool(
        _NEGATED.search(clause) or _QUANTIFIED.search(subject) or _SUB_JUDGEMENT.search(subject)
    )


def _tokens(text: str) -> list[tuple[str, int, int]]:
    return [(m.lastgroup, m.start(), m.end()) for m in _AREA_WORDS.finditer(text)]


def _keys(scope: str, forward: str, framework: str) -> list[str]:
    forward = forward.lstrip("'\"*")
    cut = _FORWARD_CUT.search(forward)
    forward = forward[: cut.start()] if cut else forward
    if _FORWARD_SERVICES.match(forward):
        return ["generic"]
    ahead = [t[0] for t in _tokens(forward)] if _FORWARD_START.match(forward) else []
    ahead = [k for k in ahead if k != "generic"] or ahead
    behind = _tokens(scope)
    if framework == Framework.PRE_SIF:
        domains = [k for k in ahead if k in _DOMAINS] or _nearest_group(
            [t for t in behind if t[0] in _DOMAINS], scope
        )
        qualifiers = [k for k in ahead if k in _QUALIFIERS] or [
            t[0] for t in behind if t[0] in _QUALIFIERS
        ]
        if domains or qualifiers:
            return domains + qualifiers
        return ["generic"] if any(t[0] == "generic" for t in behind + _tokens(forward)) else []
    if ahead:
        return ahead
    specific = [t for t in behind if t[0] != "generic"]
    if specific:
        return _nearest_group(specific, scope)
    return ["generic"] if behind else []


def _nearest_group(tokens: list[tuple[str, int, int]], scope: str) -> list[str]:
    """The last area named before a grade, with those joined to it ("safeguarding and ...")."""
    if not tokens:
        return []
    group = [tokens[-1]]
    for token in reversed(tokens[:-1]):
        if not _JOINERS.match(scope[token[2] : group[0][1]]):
            break
        group.insert(0, token)
    return [t[0] for t in group]


def _areas(keys: list[str], framework: str, year: int) -> list[str]:
    if framework == Framework.PRE_SIF:
        return _pre_sif_areas(keys)
    table = _SIF_AREAS if framework in _SIF_ERA else _ilacs_areas(year)
    areas: list[str] = []
    for key in keys:
        for area in table.get(key, ()):
            if area.value not in areas:
                areas.append(area.value)
    return areas


def _pre_sif_areas(keys: list[str]) -> list[str]:
    domains = []
    for key in keys:
        domain = "looked_after" if key in ("looked_after", "lac_and_leavers") else key
        if key in _DOMAINS and domain not in domains:
            domains.append("safeguarding" if domain == "help_protection" else domain)
    qualifiers = [k for k in keys if k in _QUALIFIERS] or ["overall"]
    if not domains:
        table = {"overall": Area.OVERALL_EFFECTIVENESS, "capacity": Area.CAPACITY_TO_IMPROVE}
        return [table[q].value for q in dict.fromkeys(qualifiers)]
    table = {
        ("safeguarding", "overall"): Area.SAFEGUARDING_OVERALL,
        ("safeguarding", "capacity"): Area.SAFEGUARDING_CAPACITY,
        ("looked_after", "overall"): Area.LOOKED_AFTER_OVERALL,
        ("looked_after", "capacity"): Area.LOOKED_AFTER_CAPACITY,
    }
    return list(
        dict.fromkeys(table[(d, q)].value for d in dict.fromkeys(domains) for q in qualifiers)
    )


_SIF_AREAS = {
    "overall": (Area.OVERALL_EFFECTIVENESS,),
    "generic": (Area.OVERALL_EFFECTIVENESS,),
    "help_protection": (Area.HELP_AND_PROTECTION,),
    "safeguarding": (Area.HELP_AND_PROTECTION,),
    "looked_after": (Area.LOOKED_AFTER_AND_PERMANENCE,),
    "lac_and_leavers": (Area.LOOKED_AFTER_AND_PERMANENCE, Area.CARE_LEAVERS),
    "care_leavers": (Area.CARE_LEAVERS,),
    "adoption": (Area.ADOPTION_PERFORMANCE,),
    "lmg": (Area.LEADERSHIP_MANAGEMENT_GOVERNANCE,),
    "leaders": (Area.LEADERSHIP_MANAGEMENT_GOVERNANCE,),
    "lscb": (Area.LSCB,),
}


def _ilacs_areas(year: int) -> dict[str, tuple[str, ...]]:
    """ILACS graded children in care and care leavers together until 2023, apart from then."""
    table = {
        "overall": (Area.OVERALL_EFFECTIVENESS,),
        "generic": (Area.OVERALL_EFFECTIVENESS,),
        "help_protection": (Area.HELP_AND_PROTECTION,),
        "safeguarding": (Area.HELP_AND_PROTECTION,),
        "leaders": (Area.IMPACT_OF_LEADERS,),
        "lmg": (Area.IMPACT_OF_LEADERS,),
    }
    if year < 2023:
        table["lac_and_leavers"] = (Area.CHILDREN_IN_CARE_AND_CARE_LEAVERS,)
        table["looked_after"] = (Area.CHILDREN_IN_CARE_AND_CARE_LEAVERS,)
    else:
        table["lac_and_leavers"] = (Area.CHILDREN_IN_CARE, Area.CARE_LEAVERS)
        table["looked_after"] = (Area.CHILDREN_IN_CARE,)
        table["care_leavers"] = (Area.CARE_LEAVERS,)
    return table


# --- Finding recaps ---------------------------------------------------------------------------

_YEARISH = rf"(?:{_MONTH}\s+)?(?:19|20)\d\d"
#: "the last inspection", "previous Ofsted inspection", "last inspected": plainly earlier.
EARLIER_RE = re.compile(
    r"\b(?:last|previous|prior|preceding|earlier|most\s+recent)\s+(?:[\w']+\s+){0,3}?"
    r"inspect(?:ion|ed)\b|\blast\s+inspected\b",
    re.I,
)
#: "the inspection of safeguarding ... in 2011", "In 2018, inspectors judged": earlier if dated so.
_DATED = re.compile(
    rf"\binspect(?:ion|ed)\b[^.;]{{0,100}}?\b(?:in|of|between|on|during)\s+"
    rf"(?:\d{{1,2}}\s+(?:and|to|-|\u2013)\s+)?(?:\d{{1,2}}\s+)?{_YEARISH}\b"
    rf"|^(?:In|By|During)\s+{_YEARISH}\b",
    re.I,
)
#: Inspections of single settings and services that are not the authority's children's services.
_OTHER_SETTINGS = re.compile(
    r"children'?s\s+homes?|\bhomes?\s+(?:was|were)\b|fostering|adoption\s+(?:service|agency|support)"
    r"|adoption\s+inspection|\bschools?\b|pupil\s+referral|youth\s+offending|\bSEND\b"
    r"|special\s+educational\s+needs|secure\s+(?:unit|training)|residential|\bboth\s+were\b"
    r"|local\s+authorities|other\s+(?:local\s+)?authorit|\bnationally\b"
    r"|^(?:one|two|three|four|five|six|seven|eight|nine|ten|both|all|none|each|neither)\b"
    r"(?:\s+of\s+(?:these|them|which))?\s+(?:was|were|is|are|has|have)\b",
    re.I,
)
#: A cheap first look: every recap sentence says "inspect..." or opens "In 2018,".
_MAY_RECAP = re.compile(r"inspect(?:ion|ed)|^(?:In|By|During)\s", re.I)
_NEAR_RECAP = re.compile(rf"inspect(?:ion|ed)|\b(?:In|By|During)\s+{_YEARISH}\b", re.I)
_CONTINUATION = re.compile(
    r"^(?:(?:The|This|That)\s+(?:local\s+authority|council|authority|inspection)\b[^.]*\b(?:was|were)\b"
    r"|The\s+judgements?\b|It\s+(?:was\s+)?(?:judged|found|graded)\b|For\s+[^,]{3,60},\s+it\s+judged\b)",
    re.I,
)
_LABELLED = re.compile(rf"^(?P<label>[^:]{{3,120}}):\s*{GRADE_RE.pattern}\.?$", re.I)
_PRECISION_ORDER = {"day": 0, "month": 1, "year": 2}


def find_recaps(
    pages: tuple[Page, ...],
    *,
    own_framework: str | None = None,
    own_start: datetime.date | None = None,
) -> tuple[ParsedInspection, ...]:
    """Every earlier inspection whose grades the document recaps, merged where they coincide."""
    found = sentences(pages, near=_NEAR_RECAP)
    return recaps_in(found, own_framework=own_framework, own_start=own_start)


def recaps_in(
    found_sentences: list[Sentence],
    *,
    own_framework: str | None = None,
    own_start: datetime.date | None = None,
) -> tuple[ParsedInspection, ...]:
    recaps = []
    for unit, when in _units(found_sentences, own_start):
        recap = _read_unit(unit, when, own_framework)
        if recap is not None:
            recaps.append(recap)
    return merge(recaps)


def _units(found: list[Sentence], own_start) -> list[tuple[list[Sentence], When]]:
    """Dated recap sentences, each with the undated sentences that continue it."""
    units: list[tuple[list[Sentence], When]] = []
    open_unit = False
    for sentence in found:
        text = sentence.text
        continues = _CONTINUATION.match(text) or _LABELLED.match(text)
        if open_unit and continues and first_when(text) is None:
            units[-1][0].append(sentence)
            continue
        open_unit = False
        if not _MAY_RECAP.search(text) or _OTHER_SETTINGS.search(text):
            continue
        when = _recap_when(text, own_start)
        if when is not None:
            units.append(([sentence], when))
            open_unit = True
    return units


def _recap_when(text: str, own_start) -> When | None:
    earlier = EARLIER_RE.search(text)
    trigger = earlier or _DATED.search(text)
    if trigger is None:
        return None
    when = first_when(text, trigger.start())
    if when is None or when.position - trigger.end() > 150 or when.start.year < 2000:
        return None
    # a vaguely dated mention may be of this very inspection; a "last" one need only start earlier
    if own_start is not None and (
        when.start >= own_start or (earlier is None and when.end >= own_start)
    ):
        return None
    return when


#: The frameworks whose previous inspection a document may name without its grades.
_UNGRADED_RECAP_FRAMEWORKS = {
    Framework.PRE_SIF.value,
    Framework.SIF.value,
    Framework.ILACS_STANDARD.value,
    Framework.ILACS_SHORT.value,
}


#: Between "the last inspection" and its date, a verb or a semicolon starts another clause.
_CLAUSE_VERB = re.compile(
    r";|\b(?:have|has|had|was|were|been|is|are|did|do|does|will|would|can|could)\b", re.I
)


def _names_previous(text: str) -> bool:
    """An ungraded mention is kept only where it plainly dates the authority's previous
    inspection: "Since the previous inspection of children's services in 2016", not "Since
    the last inspection, six notifications ..., three since 1 October 2015"."""
    earlier = EARLIER_RE.search(text)
    when = first_when(text, earlier.start()) if earlier else None
    if when is None:
        return False
    between = text[earlier.end() : when.position]
    return len(between) <= 120 and not _CLAUSE_VERB.search(between)


def _read_unit(unit: list[Sentence], when: When, own_framework: str | None):
    text = " ".join(s.text for s in unit)
    starts = list(itertools.accumulate((len(s.text) + 1 for s in unit[:-1]), initial=0))
    framework = framework_for(text, when.start.year, own_framework)
    found = judgements_in(text, framework, when.start.year)
    for start, sentence in zip(starts, unit, strict=True):
        found += [
            replace(f, position=start + f.position)
            for f in _labelled(sentence.text, framework, when.start.year)
        ]
    judgements: dict[str, ParsedJudgement] = {}
    for item in sorted(found, key=lambda f: f.position):
        index = bisect.bisect_right(starts, item.position) - 1
        page = unit[index].page_at(item.position - starts[index])
        judgements.setdefault(item.area, ParsedJudgement(item.area, item.grade, page))
    if not judgements and not (
        framework in _UNGRADED_RECAP_FRAMEWORKS and _names_previous(unit[0].text)
    ):
        return None
    return ParsedInspection(
        framework=framework,
        start_date=when.start,
        end_date=when.end,
        date_precision=when.precision,
        judgements=tuple(judgements.values()),
        is_recap=True,
    )


def _labelled(text: str, framework: str, year: int) -> list[Found]:
    """ "Overall effectiveness: inadequate", as SIF reports list the last inspection's grades."""
    labelled = _LABELLED.match(text)
    if not labelled:
        return []
    grade = grade_code(labelled["grade"], framework)
    areas = tokens_to_areas(labelled["label"], framework, year)
    return [Found(a, grade, labelled.start("grade")) for a in areas]


def tokens_to_areas(label: str, framework: str, year: int, *, specific: bool = False) -> list[str]:
    """The areas a label names ("The experiences and progress of children in care"); with
    ``specific``, a label naming only "services" or "the council" names none."""
    keys = [t[0] for t in _tokens(label)]
    named = [k for k in keys if k != "generic"]
    keys = named if specific else (named or keys)
    return _areas(keys, framework, year) if keys else []


def merge(inspections: list[ParsedInspection]) -> tuple[ParsedInspection, ...]:
    """One inspection per event, in date order: a recap whose dates overlap a more precise one
    of the same framework joins it, adding only grades for areas no overlapping one gives (so
    "by 2013 both were adequate" adds nothing to the January and August 2013 inspections)."""
    merged: list[ParsedInspection] = []
    for item in sorted(inspections, key=lambda i: _PRECISION_ORDER.get(i.date_precision, 3)):
        overlapping = [
            index
            for index, other in enumerate(merged)
            if other.framework == item.framework and _overlap(other, item)
        ]
        if not overlapping:
            merged.append(item)
            continue
        known = {j.area for index in overlapping for j in merged[index].judgements}
        new = tuple(j for j in item.judgements if j.area not in known)
        merged[overlapping[0]] = _combine(merged[overlapping[0]], replace(item, judgements=new))
    return tuple(sorted(merged, key=lambda i: i.start_date or datetime.date.min))


def _overlap(a: ParsedInspection, b: ParsedInspection) -> bool:
    if not (a.start_date and b.start_date):
        return False
    return a.start_date <= b.end_date and b.start_date <= a.end_date


_PRE_SIF_GENERAL = {Area.OVERALL_EFFECTIVENESS.value, Area.CAPACITY_TO_IMPROVE.value}


def _combine(a: ParsedInspection, b: ParsedInspection) -> ParsedInspection:
    """``a`` (the more precise) with what ``b`` adds. A pre-2013 inspection graded safeguarding
    or looked after children only; a vaguer "services were inadequate" then says the same."""
    judgements = a.judgements + b.judgements
    if a.framework == Framework.PRE_SIF and any(
        j.area not in _PRE_SIF_GENERAL for j in judgements
    ):
        judgements = tuple(j for j in judgements if j.area not in _PRE_SIF_GENERAL)
    return replace(
        a,
        published_on=a.published_on or b.published_on,
        judgements=judgements,
        findings=a.findings + b.findings,
    )

"""The Ofsted events a council's paper or minute speaks of in prose, whatever its wrapper, and
the grades it states for each: "the ILACS inspection in November 2019", "the first monitoring
visit on 29-30 March 2023", "the July 2024 Ofsted inspection", "the inspection in the summer of
2022", each with the grades in its sentence or in the sentences that continue it.

A grade goes to the event named nearest before it in its sentence (else the first after it),
else to the event the paper is talking about; a sentence about other authorities, schools or
national figures gives none. A paper that never dates the inspection it reports (minutes often
say only "the inspection") dates it by the meeting: within the nine months before it.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass, field

from inspections.codes import Framework
from inspections.codes import JudgementArea as Area

from ..dates import DATE_RE, MONTHS, NUMERIC_DATE_RE, RANGE_RE, month_number, parse_date_range
from ..grades import GRADE_RE
from ..recaps import Sentence, When, framework_for, grade_code, judgements_in, tokens_to_areas
from ..types import ParsedInspection, ParsedJudgement

# --- Dates as papers write them --------------------------------------------------------------

_MONTH = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?:19|20)\d\d"
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "winter": (12, 14)}
_DATE_FORMS = (
    ("range", RANGE_RE),
    ("numeric", NUMERIC_DATE_RE),
    ("date", DATE_RE),
    (
        "months",  # "February and March of 2019", "April-May 2024"
        re.compile(
            rf"\b(?P<m1>{_MONTH})\s*(?:and|to|-|\u2013|/)\s*(?P<m2>{_MONTH})\s*,?\s+(?:of\s+)?"
            rf"(?P<year>{_YEAR})\b",
            re.I,
        ),
    ),
    (
        "season",  # "the summer of 2022", "autumn 2019", "the spring term of 2021"
        re.compile(
            rf"\b(?P<season>spring|summer|autumn|winter)(?:\s+term)?\s+(?:of\s+)?(?P<year>{_YEAR})\b",
            re.I,
        ),
    ),
    ("month", re.compile(rf"\b(?P<m1>{_MONTH})\s*,?\s+(?:of\s+)?(?P<year>{_YEAR})\b", re.I)),
    ("bare_month", re.compile(rf"\b(?P<m1>{_MONTH})\b(?!\s*,?\s*(?:of\s+)?\d)", re.I)),
    ("year", re.compile(rf"\b(?P<year>{_YEAR})\b(?!\s*[-\u2013/]\s*\d)")),
)
_DATE_LEAD = r"(?:the\s+)?(?:(?:early|late|mid|end\s+of)[\s-]+)?"


def when_at(text: str, position: int, meeting: datetime.date | None) -> tuple[When, int] | None:
    """The date phrase starting at ``position`` (after "the", "early", "late"), with its end.

    A month without a year ("over three weeks in July") is the last such month before the
    meeting, where the paper's meeting is known.
    """
    lead = re.compile(_DATE_LEAD, re.I).match(text, position)
    start = lead.end() if lead else position
    for kind, pattern in _DATE_FORMS:
        match = pattern.match(text, start)
        if not match:
            continue
        when = _when(kind, match, meeting)
        if when is not None:
            return when, match.end()
    return None


def _when(kind: str, match: re.Match, meeting) -> When | None:
    at = match.start()
    if kind in ("range", "date"):
        span = parse_date_range(match.group())
        return When(span[0], span[1], "day", at) if span else None
    if kind == "numeric":
        day, month, year = int(match["d"]), int(match["m"]), int(match["y"])
        try:
            day_date = datetime.date(year, month, day)
        except ValueError:
            return None
        return When(day_date, day_date, "day", at)
    if kind == "year":
        year = int(match["year"])
        return When(datetime.date(year, 1, 1), datetime.date(year, 12, 31), "year", at)
    if kind == "season":
        year = int(match["year"])
        first, last = _SEASONS[match["season"].lower()]
        return _months(year, first, year + (last - 1) // 12, (last - 1) % 12 + 1, at)
    first = month_number(match["m1"])
    if kind == "bare_month":
        if meeting is None or first is None or match["m1"].lower() in ("may", "mar"):
            return None  # "may" is a verb too often; "mar" a word
        year = meeting.year if first < meeting.month else meeting.year - 1
        return _months(year, first, year, first, at)
    year = int(match["year"])
    last = month_number(match["m2"]) if kind == "months" else first
    if first is None or last is None or last < first:
        return None
    return _months(year, first, year, last, at)


def _months(year: int, first: int, end_year: int, last: int, at: int) -> When:
    end = datetime.date(end_year, last, calendar.monthrange(end_year, last)[1])
    return When(datetime.date(year, first, 1), end, "month", at)


# --- Mentions of events ------------------------------------------------------------------------

_NOUN = re.compile(
    r"(?<![\w-])(?:(?:focused|monitoring)\s+visit|re-?inspection|inspection|(?:re-?)?inspected"
    r"|ILACS?|\bSIF\b"
    r"|JTAI|joint\s+targeted\s+area\s+inspection|\bvisit)(?!s\b|s\s)(?![\w-])",
    re.I,
)
#: Between an event's noun and its date: no other clause, no plan for a future one.
_GAP = re.compile(r"[^.;:?!]{0,70}", re.S)
_BANNED_GAP = re.compile(
    r"\b(?:launch\w*|introduc\w*|due|expected|will|would|shall|scheduled|next|pilot\w*|plan\w*"
    r"|until|by|before|after|meeting|submitted|required|deadline|since|published|report\w*"
    r"|inspection|visit|followed|outstanding|good|adequate|inadequate|requir\w*)\b",
    re.I,
)
_INTRO = re.compile(r"\b(?:in|on|of|during|between|from|held|dated|over)\s+", re.I)
#: "the July 2024 Ofsted inspection", "its November 2019 ILACS": the date before the noun.
_AFTER_DATE = re.compile(
    r"\s*(?:'s\s+)?(?:Ofsted\s+|ILACS?\s+|SIF\s+|JTAI\s+|full\s+|standard\s+|short\s+|"
    r"children'?s\s+services\s+|social\s+care\s+)*"
    r"(?P<noun>(?:focused|monitoring)\s+visit|re-?inspection|inspection|ILACS?|JTAI|visit)"
    r"(?!s\b)(?![\w-])",
    re.I,
)
_INSPECTED = re.compile(
    r"\b(?:re-?)?(?:inspected|visited)\s+(?:by\s+Ofsted\s+)?(?=(?:in|on|between|during|from)\s)",
    re.I,
)
_SINCE = re.compile(r"\b(?:inspection|ILACS|visit)\s+since\s+(?=(?:the\s+)?\S)", re.I)
_EARLIER_WORDS = re.compile(
    r"\b(?:last|previous|prior|preceding|earlier|former|since)\b[^.;]{0,25}$", re.I
)
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5,
    "6th": 6, "7th": 7, "8th": 8,
}  # fmt: skip
_ORDINAL = re.compile(
    r"\b(?P<n>" + "|".join(_ORDINALS) + r")\s+(?:\w+\s+){0,2}?monitoring\s+visit", re.I
)
#: Inspections that are not of the council's children's services, and sentences about others.
OTHER_SUBJECTS = re.compile(
    r"children'?s\s+homes?\b|\bschools?\b|pupil\s+referral|youth\s+(?:offending|justice)|\bSEND\b"
    r"|special\s+educational\s+needs|secure\s+(?:unit|training)|adult\s+(?:learning|social)"
    r"|\bCQC\b|care\s+quality\s+commission|HMI\s*(?:Probation|Constabulary)|\bnursery|early\s+years"
    r"|\bcolleges?\b|fostering\s+(?:agency|agencies)|local\s+authorities|other\s+(?:local\s+)?"
    r"authorit|\b(?:an|any|every|each)\s+(?:local\s+)?authority\b|\bnational(?:ly)?\b|\bper\s+cent\b"
    r"|%|\bin\s+England\b|statistical\s+neighbours|\bcouncils\b|\bmust\b|\bif\b",
    re.I,
)


@dataclass(frozen=True)
class Mention:
    """An event named in a sentence: its noun's position, date and what kind it is."""

    start: int
    end: int
    framework: str
    when: When
    visit_number: int | None = None
    earlier: bool = False  # "the last inspection", "since 2019": not the paper's own event
    since: bool = False


def mentions(text: str, meeting: datetime.date | None) -> list[Mention]:
    """Every dated Ofsted event ``text`` names, in order."""
    found: list[Mention] = []
    for noun in _NOUN.finditer(text):
        gap = _GAP.match(text, noun.end())
        best = None
        for intro in _INTRO.finditer(text, noun.end(), gap.end() + 12 if gap else noun.end()):
            if _BANNED_GAP.search(text[noun.end() : intro.start()]):
                break
            dated = when_at(text, intro.end(), meeting)
            if dated:
                best = (dated, intro)
                break
        if best is None:
            continue
        (when, end), _intro = best
        found.append(_mention(text, noun.start(), max(noun.end(), end), when))
    for since in _SINCE.finditer(text):
        dated = when_at(text, since.end(), meeting)
        if dated:
            mention = _mention(text, since.end(), dated[1], dated[0])
            found.append(Mention(**{**mention.__dict__, "earlier": True, "since": True}))
    for inspected in _INSPECTED.finditer(text):
        intro = _INTRO.match(text, inspected.end())
        dated = when_at(text, intro.end(), meeting) if intro else None
        if dated:
            found.append(_mention(text, inspected.start(), dated[1], dated[0]))
    for kind, pattern in _DATE_FORMS:
        if kind in ("bare_month", "year", "numeric"):
            continue
        for match in pattern.finditer(text):
            after = _AFTER_DATE.match(text, match.end())
            if not after:
                continue
            dated = when_at(text, match.start(), meeting)
            if dated:
                found.append(_mention(text, match.start(), after.end(), dated[0]))
    return _distinct(found)


def _mention(text: str, start: int, end: int, when: When) -> Mention:
    window = text[max(0, start - 40) : end + 25]
    before = text[max(0, start - 40) : start]
    framework = framework_for(text[max(0, start - 40) : end + 10], when.start.year)
    if framework == Framework.SIF.value and when.start.year >= 2018:
        framework = framework_for("", when.start.year)
    ordinal = _ORDINAL.search(window)
    return Mention(
        start,
        end,
        framework,
        when,
        visit_number=_ORDINALS[ordinal["n"].lower()]
        if ordinal and framework == Framework.MONITORING_VISIT
        else None,
        earlier=bool(_EARLIER_WORDS.search(before)),
    )


def _distinct(found: list[Mention]) -> list[Mention]:
    """One mention per stretch of text: the one that starts first and reaches furthest."""
    out: list[Mention] = []
    for mention in sorted(found, key=lambda m: (m.start, -m.end)):
        if out and mention.start < out[-1].end:
            continue
        out.append(mention)
    return out


# --- Grades as papers write them -----------------------------------------------------------

_Q = r"[\"'\u2018\u2019\u201c\u201d*]?"
_JUDGEMENT_OF = re.compile(
    rf"\b(?:overall\s+)?(?:judge?ments?|outcome|rating|grade)\b[^.;]{{0,60}}?\b(?:was|of|as|is)\s+"
    rf"(?:one\s+of\s+|that\s+[^.;'\"\u2018\u201c]{{0,50}}?)?{_Q}(?={GRADE_RE.pattern})",
    re.I,
)
_PROVIDING = re.compile(
    rf"\b(?:provid|deliver|offer)\w*\s+(?:an?\s+)?{_Q}(?={GRADE_RE.pattern}{_Q}\s+(?:children'?s\s+)?"
    r"services?\b)",
    re.I,
)
_NOW = re.compile(
    rf"\b(?:now|again|also)\s+(?:been\s+)?(?:judged|rated|graded|assessed)\s+(?:to\s+be\s+|as\s+)?{_Q}"
    rf"(?={GRADE_RE.pattern})",
    re.I,
)
#: "Inspectors judged the impact of leaders outstanding": the area between verb and grade.
_JUDGED_LABEL = re.compile(
    rf"\b(?:judged|rated|graded)\s+(?P<label>(?:the\s+)?[^.;,'\"\u2018\u201c]{{3,90}}?)\s+{_Q}"
    rf"(?={GRADE_RE.pattern})",
    re.I,
)
#: "improving from good at the last inspection": the grade of the event named after it.
FROM_GRADE = re.compile(r"\b(?:from|up\s+from|down\s+from)\s+[\"'\u2018\u201c]?$", re.I)
_FROM_LICENSED = re.compile(
    rf"\b(?:improv\w*|mov\w*|ris\w*|risen|fall\w*|fell|declin\w*|up|down|chang\w*)\s+from\s+{_Q}"
    rf"(?={GRADE_RE.pattern})",
    re.I,
)
_ALL_AREAS = re.compile(
    rf"{GRADE_RE.pattern}{_Q}\s+(?:in|across|for)\s+(?:all|every|each)\s+(?:of\s+the\s+)?"
    r"(?:(?:three|four|five)\s+)?(?:areas|judgements|domains|categories|aspects)",
    re.I,
)
_IN_DOMAIN = re.compile(
    rf"{GRADE_RE.pattern}{_Q}\s+(?:in|for)\s+(?:the\s+)?(?:domains?|areas?|judgements?)\s+(?:of\s+)?",
    re.I,
)
#: SIF's adoption performance, which the recap reader passes over as a sub-judgement.
_ADOPTION = re.compile(
    rf"\badoption\s+performance\s+(?:was|is)\s+(?:judged|rated|graded|found)\s+(?:to\s+be\s+|as\s+)?"
    rf"{_Q}{GRADE_RE.pattern}",
    re.I,
)
_SAME = re.compile(
    r"\b(?:determined|gave|reached|received|with|had)\s+the\s+same\s+(?:judge?ment|grade|outcome|"
    r"rating)|\bthe\s+same\s+(?:judge?ment|grade|outcome|rating)\s+as\b",
    re.I,
)


@dataclass(frozen=True)
class Grade:
    area: str
    grade: str
    position: int


def grades_in(text: str, framework: str, year: int) -> list[Grade]:
    """Each grade the sentence states, with its area, for an event of ``framework``."""
    found = [Grade(f.area, f.grade, f.position) for f in judgements_in(text, framework, year)]
    for match in _JUDGED_LABEL.finditer(text):
        grade = GRADE_RE.match(text, match.end())
        if grade is None or re.search(r"\b(?:to\s+be|as)$", match["label"], re.I):
            continue
        for area in tokens_to_areas(match["label"], framework, year, specific=True):
            found.append(Grade(area, grade_code(grade["grade"], framework), grade.start()))
    for pattern in (_JUDGEMENT_OF, _PROVIDING, _NOW, _FROM_LICENSED):
        for match in pattern.finditer(text):
            grade = GRADE_RE.match(text, match.end())
            if grade is None:
                continue
            areas = []
            if pattern is _NOW:
                subject = re.split(r"[,;]|\b(?:and|but|when|where|which)\b", text[: match.start()])
                areas = tokens_to_areas(subject[-1], framework, year, specific=True)
            for area in areas or [Area.OVERALL_EFFECTIVENESS.value]:
                found.append(Grade(area, grade_code(grade["grade"], framework), grade.start()))
    for match in _ADOPTION.finditer(text):
        if framework in (Framework.SIF.value, Framework.SIF_REINSPECTION.value):
            grade = match["grade"]
            found.append(
                Grade(Area.ADOPTION_PERFORMANCE.value, grade_code(grade), match.start("grade"))
            )
    for match in _ALL_AREAS.finditer(text):
        for area in all_areas(framework, year):
            found.append(Grade(area, grade_code(match["grade"], framework), match.start()))
    for match in _IN_DOMAIN.finditer(text):
        nxt = GRADE_RE.search(text, match.end())
        label = text[match.end() : nxt.start() if nxt else len(text)]
        for area in tokens_to_areas(label, framework, year, specific=True):
            found.append(Grade(area, grade_code(match["grade"], framework), match.start()))
    return sorted(found, key=lambda g: g.position)


def all_areas(framework: str, year: int) -> list[str]:
    """The areas a full inspection of ``framework`` in ``year`` graded: "'Good' in all areas"."""
    if framework == Framework.ILACS_STANDARD.value or framework == Framework.ILACS_SHORT.value:
        tail = (
            [Area.CHILDREN_IN_CARE.value, Area.CARE_LEAVERS.value]
            if year >= 2023
            else [Area.CHILDREN_IN_CARE_AND_CARE_LEAVERS.value]
        )
        return [
            Area.OVERALL_EFFECTIVENESS.value,
            Area.IMPACT_OF_LEADERS.value,
            Area.HELP_AND_PROTECTION.value,
            *tail,
        ]
    if framework in (Framework.SIF.value, Framework.SIF_REINSPECTION.value):
        return [
            Area.OVERALL_EFFECTIVENESS.value,
            Area.HELP_AND_PROTECTION.value,
            Area.LOOKED_AFTER_AND_PERMANENCE.value,
            Area.ADOPTION_PERFORMANCE.value,
            Area.CARE_LEAVERS.value,
            Area.LEADERSHIP_MANAGEMENT_GOVERNANCE.value,
        ]
    return []


# --- Reading a paper's events --------------------------------------------------------------

#: A sentence whose grade, naming no event, is about the inspection the paper reports.
ABOUT_OUTCOME = re.compile(
    r"\b(?:the|this|that|our|its|their|recent|latest)\s+(?:\w+\s+){0,2}?(?:inspection|visit|"
    r"outcome|judge?ments?|report|rating|grade)\b|\bOfsted\b|\binspectors?\b|\bILACS?\b"
    r"|\b(?:judged|rated|graded)\b",
    re.I,
)
_OWN = re.compile(
    r"\b(?:the\s+(?:council|local\s+authority|authority|service|borough|county|city|department"
    r"|directorate)|children'?s\s+(?:services|social\s+care)|services\s+for\s+children"
    r"|children\s+and\s+families\s+services?|our|we|it|the\s+overall)\b",
    re.I,
)
_REFERS_BACK = re.compile(
    r"\bthat\s+(?:inspection|visit|report|judge?ment)\b|\bresultant\b|^(?:It|This)\s", re.I
)
#: Before a grade, words that point at the event already spoken of, not one named after it.
_POINTS_BACK = re.compile(
    r"\b(?:that|this|resultant|the\s+recent|the\s+latest|its|their)\b|^(?:It|They)\b", re.I
)
_PUBLISHED = re.compile(r"\b(?:report\w*|letter|outcome)\b[^.;]{0,40}?\bpublished\b", re.I)
#: How long before its meeting a paper's undated inspection may have happened.
UNDATED_REACH = datetime.timedelta(days=270)


@dataclass
class Event:
    """An event being read: its key (framework, dates) and what the paper says of it."""

    framework: str
    when: When | None  # None: the paper's own inspection, never dated in its text
    visit_number: int | None = None
    published_on: datetime.date | None = None
    judgements: dict[str, ParsedJudgement] = field(default_factory=dict)
    findings: list = field(default_factory=list)

    @property
    def year(self) -> int | None:
        return self.when.start.year if self.when else None


class Reader:
    """Reads sentences in order, keeping the event the paper is talking about."""

    def __init__(self, meeting: datetime.date | None, own: list[str]):
        self.meeting = meeting
        self.own = own
        self.events: list[Event] = []
        self.undated = Event(Framework.ILACS_STANDARD.value, None)
        self.current: Event = self.undated
        self.previous_earlier: Event | None = None
        self.found_by: set[str] = set()

    def event_for(self, mention: Mention) -> Event:
        for event in self.events:
            if (
                event.when is not None
                and event.framework == mention.framework
                and event.when.start <= mention.when.end
                and mention.when.start <= event.when.end
                and (
                    event.visit_number in (None, mention.visit_number) or not mention.visit_number
                )
            ):
                if _finer(mention.when, event.when):
                    event.when = mention.when
                event.visit_number = event.visit_number or mention.visit_number
                return event
        event = Event(mention.framework, mention.when, mention.visit_number)
        self.events.append(event)
        return event

    def read(self, sentence: Sentence) -> None:
        text = sentence.text
        if OTHER_SUBJECTS.search(text) and not _names_own(text, self.own):
            return
        found = [(m, self.event_for(m)) for m in mentions(text, self.meeting)]
        referring = self.previous_earlier if _REFERS_BACK.search(text) else None
        fallback = referring or self.current
        grades = self._grades(text, found, fallback)
        for position, target, grade in grades:
            target.judgements.setdefault(
                grade.area,
                ParsedJudgement(grade.area, grade.grade, sentence.page_at(position)),
            )
        if _SAME.search(text) and len(found) + (fallback is not None) >= 2:
            self._same(text, found, fallback)
        self._published(text, found, fallback)
        own = [event for m, event in found if not m.earlier]
        if not own and self.current is self.undated:
            # "was last the subject of an inspection in 2023": the latest the paper knows of
            own = [event for m, event in found if not m.since]
        if own:
            self.current = max(own, key=lambda e: e.when.start)
        earlier = [event for m, event in found if m.earlier and not m.since]
        self.previous_earlier = earlier[-1] if earlier else None

    def _grades(self, text: str, found, fallback: Event):
        out = []
        by_target: dict[int, tuple[Event, list[int]]] = {}
        # each grade word goes to the event named nearest before it, else first after it
        for grade in GRADE_RE.finditer(text):
            before = [(m, e) for m, e in found if m.start <= grade.start()]
            after = [(m, e) for m, e in found if m.start > grade.start()]
            if after and FROM_GRADE.search(text[: grade.start()]):
                target = after[0][1]  # "improving from good at the last inspection in 2014"
            elif before:
                target = before[-1][1]
            elif after and not _POINTS_BACK.search(text[: grade.start()]):
                target = after[0][1]
            elif ABOUT_OUTCOME.search(text):
                target = fallback
            else:
                continue
            by_target.setdefault(id(target), (target, []))[1].append(grade.start())
        for target, positions in by_target.values():
            framework, year = self._framework_year(target)
            for grade in grades_in(text, framework, year):
                if grade.position in positions:
                    out.append((grade.position, target, grade))
        return out

    def target_at(self, text: str, position: int) -> Event | None:
        """The event something said at ``position`` of a sentence just read is about."""
        if OTHER_SUBJECTS.search(text) and not _names_own(text, self.own):
            return None
        found = [(m, self.event_for(m)) for m in mentions(text, self.meeting)]
        before = [e for m, e in found if m.start <= position]
        after = [e for m, e in found if m.start > position]
        if before:
            return before[-1]
        if after:
            return after[0]
        return self.current if ABOUT_OUTCOME.search(text) else None

    def _framework_year(self, event: Event) -> tuple[str, int]:
        if event.when is not None:
            return event.framework, event.when.start.year
        year = self.meeting.year if self.meeting else datetime.date.today().year
        return framework_for("", year), year

    def _same(self, text: str, found, fallback: Event) -> None:
        """ "... which followed the previous inspection in 2014 that determined the same
        judgement": the later-named event takes the grades given to the first."""
        events = [e for _m, e in found]
        source = fallback if fallback is not None and fallback not in events else events[0]
        target = events[-1] if events and events[-1] is not source else None
        if target is None or not source.judgements:
            return
        for area, judgement in source.judgements.items():
            if area == Area.OVERALL_EFFECTIVENESS.value:
                target.judgements.setdefault(area, judgement)

    def _published(self, text: str, found, fallback: Event) -> None:
        match = _PUBLISHED.search(text)
        if not match:
            return
        dated = next(
            (
                when_at(text, m.end(), self.meeting)
                for m in _INTRO.finditer(text, match.end(), match.end() + 30)
            ),
            None,
        )
        if not dated or dated[0].precision != "day":
            return
        target = found[-1][1] if found else fallback
        if target.when is None or target.when.start <= dated[0].start:
            target.published_on = target.published_on or dated[0].start

    def inspections(self) -> list[ParsedInspection]:
        out = []
        events = list(self.events)
        if (self.undated.judgements or self.undated.findings) and self.meeting is not None:
            self.undated.when = When(self.meeting - UNDATED_REACH, self.meeting, "year", 0)
            self.undated.framework = framework_for("", self.meeting.year)
            events.append(self.undated)
        for event in events:
            if event.when is None:
                continue
            if not (event.judgements or event.findings or event.published_on or _strong(event)):
                continue
            out.append(
                ParsedInspection(
                    framework=event.framework,
                    start_date=event.when.start,
                    end_date=event.when.end,
                    date_precision=event.when.precision,
                    published_on=event.published_on,
                    visit_number=event.visit_number,
                    judgements=tuple(event.judgements.values()),
                    findings=tuple(event.findings),
                    is_recap=True,
                )
            )
        return out

    @property
    def lost(self) -> Event | None:
        """The paper's own undated inspection, when it had grades but no meeting to date it."""
        if self.meeting is None and (self.undated.judgements or self.undated.findings):
            return self.undated
        return None


def _strong(event: Event) -> bool:
    """An ungraded event is kept where the paper names its kind: a visit, or an inspection to
    the day or month."""
    return event.framework in (
        Framework.FOCUSED_VISIT.value,
        Framework.MONITORING_VISIT.value,
        Framework.JTAI.value,
    ) or (event.when is not None and event.when.precision in ("day", "month"))


def _finer(a: When, b: When) -> bool:
    order = {"day": 0, "month": 1, "year": 2}
    return order[a.precision] < order[b.precision]


def _names_own(text: str, own: list[str]) -> bool:
    return bool(_OWN.search(text)) or any(name and name in text for name in own)

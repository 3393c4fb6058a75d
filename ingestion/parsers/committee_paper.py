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

from ..dates import parse_date, parse_numeric_date
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
    AUTHORITY_PROBLEM,
    Page,
    ParsedDocument,
    ParsedFinding,
    ParsedInspection,
    ParsedJudgement,
    ParseError,
)
from ._paper_events import Event, Reader
from ._paper_points import PROCEDURAL, counts_in, inline_points, listed_points

NAME = "committee_paper"
VERSION = 5

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
_TABLE_RULE = re.compile(r"^\s*\|?(?:\s*:?-{2,}:?\s*\|)+\s*:?-*:?\s*$")


def _untable(line: str) -> str:
    """A decision record's table row ("| Decision: | The Lead Member noted ... |") as text."""
    if not line.lstrip().startswith("|"):
        return line
    if _TABLE_RULE.match(line):
        return ""
    cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
    cells = [cell for cell in cells if cell]
    if len(cells) > 1 and len(cells[0]) < 40 and not cells[0].endswith(":"):
        cells[0] += ":"  # "| Decision taker | Cabinet |": a labelled field
    return " ".join(cells)


def _unmark(text: str) -> str:
    lines = []
    for line in _grade_rows(text.split("\n")):
        line = _untable(line)
        for pattern, repl in _MARKUP:
            line = pattern.sub(repl, line)
        if not _RULE.match(line):
            lines.append(line.strip())
    return "\n".join(lines)


# --- Grade tables: a judgement and its grade to a row, however the table was kept ---------------

_GRADE_CELL = re.compile(rf"^[\"'\u2018\u201c*]*(?:{GRADE_WORDS})[\"'\u2019\u201d*]*\.?$", re.I)
#: Cells of a row kept without separators: two spaces or more, or a tab.
_GAP = re.compile(r"\s*\t\s*| {2,}")
#: How many lines a label wrapped over before a grade on a line of its own.
_LABEL_LINES = 3


def _names_area(label: str) -> bool:
    label = label.strip(" :|*")
    if not label or GRADE_RE.search(label):
        return False
    return any(
        tokens_to_areas(label, framework, year, specific=True)
        for framework, year in (
            (Framework.ILACS_STANDARD.value, 2023),
            (Framework.SIF.value, 2016),
        )
    )


def _row(label: str, grade: str) -> str:
    """A grade table's row as the sentence the reader reads: "<label> was judged <grade>."."""
    return f"{' '.join(label.strip(' :|*').split())} was judged {grade.strip(' .*')}."


def _grade_rows(lines: list[str]) -> list[str]:
    """Lines with each grade table's rows written as sentences, so that a table gives what the
    same words in prose would: "| Overall effectiveness | Good |", "Overall effectiveness: Good",
    "Overall effectiveness Good" (its separators lost), or a label wrapped over up to three
    lines with the grade after it or on a line of its own (a PDF's table, read line by line).
    A row must name a judged area and hold one grade and nothing else, its label no verb: a row
    of grades over the years, or a line of prose ending in "good", is left as it is."""
    out: list[str] = []
    label_since = 0  # where the lines that may hold a wrapped label begin
    for line in lines:
        split = _split_row(line)
        if split is None:
            out.append(line)
            if not line.strip():
                label_since = len(out)
            continue
        label, grade = split
        for size in range(_LABEL_LINES):  # lines above that the label wrapped from
            start = len(out) - size
            if start < label_since or (size and not out[start].strip()):
                out.append(line)
                break
            whole = " ".join([*out[start:], label])
            if _names_area(whole) and not _VERB.search(whole):
                out[start:] = [_row(whole, grade)]
                label_since = len(out)
                break
        else:
            out.append(line)
    return out


#: Words of a sentence, not of a table's label: "... children in care were not good".
_VERB = re.compile(
    r"\b(?:is|are|was|were|be|been|being|not|judged|rated|graded|found|remains?|has|have|had)\b",
    re.I,
)
_TRAILING_GRADE = re.compile(rf"(?:^|\s)(?P<grade>{GRADE_WORDS})\s*\.?$", re.I)


def _split_row(line: str) -> tuple[str, str] | None:
    """A table row's label and grade: between pipes, after a colon, after a gap of spaces or
    alone on its line (the label above it); None for anything else."""
    text = line.strip()
    if text.startswith("|"):
        cells = [cell.strip() for cell in text.strip("|").split("|") if cell.strip()]
    elif ":" in text:
        cells = [part.strip() for part in text.rsplit(":", 1)]
    else:
        cells = [cell for cell in _GAP.split(text) if cell]
        if len(cells) == 1:
            trailing = _TRAILING_GRADE.search(text)
            cells = [text[: trailing.start()].strip(), trailing["grade"]] if trailing else []
    if len(cells) == 1 and _GRADE_CELL.match(cells[0]):
        return "", cells[0]  # the grade alone: its label is above
    if len(cells) != 2 or not _GRADE_CELL.match(cells[1]) or _VERB.search(cells[0]):
        return None
    return cells[0], cells[1]


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


#: A council's meeting, whatever the wrapper: minutes, decision records, issue pages.
_MEETING_MARKS = tuple(
    re.compile(p, re.I | re.M)
    for p in (
        r"\bminutes\b",
        r"^\W*Meeting\s*:|\bmeeting\s+(?:to\s+be\s+)?held\s+on\b|\(Item\s+\d+\)|\bAgenda\s+item\b",
        r"\bRESOLVED\b|\bresolved\s+that\b|\bthat\s+the\s+(?:report|update)\s+be\s+noted\b",
        r"\bCouncillors?\b|\bCllr\b",
        r"\b(?:Committee|Panel|Cabinet|Board|Assembly|Members)\s+(?:noted|considered|received|agreed"
        r"|welcomed|discussed|asked|questioned|was\s+(?:informed|advised|told|pleased))\b",
        r"\bthe\s+(?:Chair|Chairman|Chairperson|Vice[- ]Chair)\b"
        r"|\bStatement\s+(?:from|of|by)\s+the\s+Chair",
        r"\bCabinet\s+Member\b|\bPortfolio\s+Holder\b",
        r"\bapologies\s+for\s+absence\b|\bdeclarations?\s+of\s+interests?\b",
        r"\b(?:is|are)\s+(?:asked|recommended)\s+to\s+(?:note|agree|approve|consider|endorse|comment)\b",
        r"\b(?:Scrutiny|Overview\s+and\s+Scrutiny)\s+(?:Committee|Panel|Board|Commission)\b"
        r"|\bCabinet\s+Committee\b|\bCorporate\s+Parenting\s+(?:Panel|Board|Committee)\b",
        r"^\W*(?:Report\s+(?:of|to|author|by)|Purpose\s+of\s+(?:the\s+)?report|Decision\s+(?:maker|taken"
        r"|details)|Lead\s+officer|Key\s+decision|Wards?\s+affected|Background\s+papers)\b",
        r"\bIssue\s*-\s*meetings\b|\bDecision\s+(?:record|notice|No|taker|maker|date)\b"
        r"|\bRecord\s+of\s+(?:decision|executive\s+decision)|\bDate\s+of\s+decision\b",
        r"\bFull\s+Council\b|\bStatement\s+(?:from|of|by)\s+the\s+(?:Chair|Leader|Cabinet\s+Member"
        r"|Portfolio\s+Holder|Lead\s+Member)",
    )
)
#: What the paper must be about: Ofsted's work on the council's children's services.
_ABOUT_OFSTED = re.compile(
    r"\bOfsted\b|\bILACS?\b|inspection\s+of\s+local\s+authority\s+children|joint\s+targeted\s+area",
    re.I,
)
_ABOUT_CHILDREN = re.compile(
    r"children'?s\s+(?:services|social\s+care|social\s+work)|children\s+and\s+families"
    r"|children\s+in\s+care|care\s+leavers|help\s+and\s+protection|safeguarding\s+children"
    r"|\bILACS?\b|focused\s+visit|monitoring\s+visit|\bJTAI\b|children\s+looked\s+after",
    re.I,
)
_MIN_MEETING_MARKS = 2
_CONTENT_CHARS = 15000


def detect(pages: tuple[Page, ...]) -> bool:
    """A council's paper or minute about Ofsted and children's services, from its content:
    a front sheet's labelled fields, or the marks of a meeting (minutes, resolutions,
    councillors, the chair) in a text about Ofsted's work; never Ofsted's own letterhead."""
    head = _unmark("\n".join(p.text for p in pages[:2]))[:_DETECT_CHARS]
    if _OFSTED_MARKS.search(head[:2500]):
        return False
    if sum(1 for mark in _PAPER_MARKS if mark.search(head)) >= _MIN_MARKS:
        return True
    text = _unmark("\n".join(p.text for p in pages[:6]))[:_CONTENT_CHARS]
    if not (_ABOUT_OFSTED.search(text) and _ABOUT_CHILDREN.search(text)):
        return False
    return sum(1 for mark in _MEETING_MARKS if mark.search(text)) >= _MIN_MEETING_MARKS


# --- The header: who, to whom, when, about what -------------------------------------------------

_FIELD = re.compile(r"^\W*(?P<label>[A-Z][A-Za-z ()]{1,40}?)\s*:\s*(?P<value>.*)$")
_COMMITTEE_WORDS = re.compile(
    r"Committee|Cabinet|Council|Board|Panel|Forum|Meeting|Assembly|\bMember\b|Portfolio\s+Holder",
    re.I,
)
_COMMITTEE_RE = re.compile(
    r"(?:[A-Z][\w',&]*\s+){1,10}?(?:Cabinet\s+Committee|Scrutiny\s+(?:Committee|Panel|Board)"
    r"|Committee|Panel|Board)\b"
)
_DATE_SUFFIX = re.compile(
    r"\s*[-\u2013\u2014,]?\s*(?:\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+\s+\d{4})\s*$"
)
_DATE_LABELS = (
    "date of meeting",
    "meeting date",
    "date",
    "meeting",
    "date of decision",
    "decision date",
)
_TITLE_LABELS = ("subject", "title", "report title", "subject of report")
_COMMITTEE_LABELS = (
    "to",
    "report to",
    "meeting",
    "committee",
    "decision maker",
    "decision taker",
)


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


#: "Meeting: 15/06/2023 - Cabinet (Item 8)", as councils' issue pages head each meeting.
_MEETING_LINE = re.compile(
    r"^\W*Meeting\s*:\s*(?P<date>\d{1,2}/\d{1,2}/\d{4})\s*[-\u2013\u2014]\s*(?P<committee>.+?)"
    r"\s*(?:\(\s*Item\s+[\w.]+\s*\))?\s*$",
    re.I | re.M,
)
#: "Minutes of the meeting of the Children's Scrutiny Panel held on Tuesday, 14 March 2023".
_MINUTES_OF = re.compile(
    r"^\W*Minutes\s+of\s+(?:a|the)\s+(?:\w+\s+)?meeting\s+of\s+(?:the\s+)?(?P<committee>[A-Z][^\n]{3,100}?)"
    r"(?:\s+held\s+(?:on\s+|at\s+[^\n]{0,80}?\s+on\s+)?(?:[A-Z][a-z]+day\s*,?\s*)?(?P<date>\d{1,2}"
    r"(?:st|nd|rd|th)?\s+[A-Z][a-z]+\s*,?\s+\d{4})|\s*$)",
    re.I | re.M,
)
#: "Cabinet Committee on Performance\nMeeting to be held on 8 June 2015" (at a line's start: a
#: minute's "the meeting held on ..." is the last meeting's).
_HELD_ON = re.compile(
    r"^\W*(?:meeting\s+)?(?:to\s+be\s+)?held\s+on\s+(?:[A-Z][a-z]+day\s*,?\s*)?(?P<date>\d{1,2}"
    r"(?:st|nd|rd|th)?\s+[A-Z][a-z]+\s*,?\s+\d{4})",
    re.I | re.M,
)


def _meeting_line(head: str) -> tuple[str, object, str]:
    """(committee, date, way) from an issue page's "Meeting:" line or a minutes heading."""
    match = _MEETING_LINE.search(head)
    if match:
        return match["committee"].strip(), parse_numeric_date(match["date"]), "meeting line"
    match = _MINUTES_OF.search(head)
    if match:
        committee = match["committee"].strip()
        committee = committee.title() if committee.isupper() else committee
        return committee, parse_date(match["date"] or ""), "minutes heading"
    match = _HELD_ON.search(head)
    if match:
        return "", parse_date(match["date"]), "meeting held on"
    return "", None, ""


def _committee(fields: dict[str, str], head: str) -> str:
    for label in _COMMITTEE_LABELS:
        value = fields.get(label, "")
        if value and _COMMITTEE_WORDS.search(value):
            return _DATE_SUFFIX.sub("", value).strip(" -\u2013\u2014,")
    for match in _COMMITTEE_RE.finditer(head):
        if match.group().split()[0].lower() not in ("the", "this", "a", "an", "that"):
            return match.group().strip()
    return ""


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
            if name and first not in _NOT_COUNCIL | _NOT_NAME and len(name.split()) > 1:
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
    trigger = _HAPPENED.search(happened.text) if happened else None
    when = first_when(happened.text, trigger.start()) if trigger else None
    if when is None or _PUBLISHED.search(happened.text, trigger.start(), when.position):
        # "took place over three weeks in July and the report was published on 5 September"
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
    """The paper's next steps; lines addressed to the committee ("Cabinet Committee is asked to
    NOTE ...") are its procedure, never a step."""
    found = _front_recommendation(lines) + _section_steps(lines)
    found = [f for f in found if not PROCEDURAL.search(f.text)]
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
    found_by: list[tuple[str, str]] = []
    problems: list[str] = []
    warnings: list[str] = []
    authority = _authority(text)
    if authority:
        found_by.append(("authority", "text"))
    else:
        problems.append(f"{AUTHORITY_PROBLEM}: the paper does not name its council")
    own = _short_names(authority)
    found = sentences(pages)
    line_committee, line_date, way = _meeting_line(text[:4000])
    meeting = _meeting_date(fields)
    if meeting:
        found_by.append(("document_date", "header"))
    elif line_date:
        meeting = line_date
        found_by.append(("document_date", way))
    committee = _committee(fields, text[:3000]) if not line_committee else ""
    if line_committee and not any(fields.get(label) for label in _COMMITTEE_LABELS):
        committee = line_committee
        found_by.append(("committee", way))
    elif not committee:
        committee = line_committee
    main = _main(found, lines, own)
    if main is not None and meeting and (meeting - main.start_date).days > _RECENT_DAYS:
        main = None
    steps = _next_steps(lines)
    if main is not None:
        main = replace(main, findings=tuple(steps))
    elif steps:
        warnings.append(
            f"{len(steps)} next step{'s' if len(steps) > 1 else ''} not recorded: the paper "
            f"reports no recent inspection to attach {'them' if len(steps) > 1 else 'it'} to"
        )
    read, latest, read_warnings = _read_prose(found, lines, meeting, own, main)
    warnings += read_warnings
    # the general recap reader takes only what is earlier than the paper's own event
    own_start = main.start_date if main else (latest or meeting)
    graded = [i for i in read if i.judgements]
    # where the prose reader placed grades for a period, the general recap reader (which takes
    # a whole passage's grades for its first date) gives way
    recaps = [
        i
        for i in recaps_in(found, own_start=own_start)
        if not any(i.start_date <= g.end_date and g.start_date <= i.end_date for g in graded)
    ]
    earlier = _listed(lines) + _from_to(found, own) + recaps
    if main is not None:
        earlier = [i for i in earlier if i.start_date < main.start_date]
    inspections = merge(([main] if main else []) + earlier + read)
    if inspections:
        found_by.append(("inspections", "prose"))
    else:
        warnings.append("no Ofsted inspection or visit found in the paper: kept for its text")
    return ParsedDocument(
        kind=DocumentKind.COMMITTEE_PAPER.value,
        authority_name=authority,
        title=_title(fields),
        document_date=meeting,
        committee=committee,
        inspections=inspections,
        warnings=tuple(warnings),
        found_by=tuple(found_by),
        problems=tuple(problems),
    )


#: The section a count of Ofsted's points is recorded under, as a finding of kind "finding".
COUNTED = "Counted, not listed"


def _read_prose(
    found: list[Sentence],
    lines: list[Line],
    meeting,
    own: list[str],
    main: ParsedInspection | None,
) -> tuple[list[ParsedInspection], object, list[str]]:
    """Every event the paper names in prose, with its grades, Ofsted's listed points and the
    counts of those it does not list; and the start of the latest event it reports."""
    reader = Reader(meeting, own)
    if main is not None:
        event = Event(
            main.framework,
            When(main.start_date, main.end_date, main.date_precision, 0),
        )
        reader.events.append(event)
        reader.current = event
    trail: list[tuple[Sentence, Event]] = []
    counts: list[tuple[Event, str, int, str, int]] = []
    for sentence in found:
        reader.read(sentence)
        trail.append((sentence, reader.current))
        for count in counts_in(sentence.text):
            target = reader.target_at(sentence.text, count.position)
            if target is None:
                continue
            page = sentence.page_at(count.position)
            section, named = inline_points(sentence.text, count)
            for number, text in enumerate(named, start=1):
                target.findings.append(ParsedFinding(count.kind, text, page, section, number))
            counts.append((target, count.kind, count.number, sentence.text, page))
    warnings = []
    for point in listed_points(lines):
        target = _event_at(trail, lines[point.lead_in_line], reader)
        target.findings.append(
            ParsedFinding(point.kind, point.text, point.page, point.section, point.number)
        )
    for target, kind, number, text, page in counts:
        listed = [f for f in target.findings if f.kind == kind]
        if listed:
            if len(listed) != number:
                warnings.append(f"the paper counts {number} {kind}s but lists {len(listed)}")
            continue
        if not any(f.text == text for f in target.findings):
            target.findings.append(
                ParsedFinding(FindingKind.FINDING.value, text, page, COUNTED, None)
            )
    if reader.lost is not None:
        warnings.append(
            "grades or points for an inspection the paper does not date, and no meeting date "
            "to date it by: not recorded"
        )
    latest = reader.current.when.start if reader.current.when else None
    return reader.inspections(), latest, warnings


def _event_at(trail: list[tuple[Sentence, Event]], line: Line, reader: Reader) -> Event:
    """The event the paper was speaking of where ``line`` (a lead-in) is."""
    probe = " ".join(_strip_numbering(line.text).split())[:40]
    for sentence, event in trail:
        if probe and probe in " ".join(sentence.text.split()):
            return event
    return reader.current

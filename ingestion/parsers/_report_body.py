"""The body of Ofsted's full inspection reports (pre-2013, SIF 2014-18, LSCB reviews): the
template's headings, the sections they open, and the numbered paragraphs, bullets and
recommendations under them read as findings. Each template lists its own headings
(``HeadingSpec``) in pre_sif_report, sif_report and lscb_review.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from inspections.codes import FindingKind, JudgementArea

from ..grades import REPORT_GRADE_WORDS
from ..text import BULLET_RE, PARAGRAPH_NUMBER_RE, Line, join
from ..types import ParsedFinding
from ._ofsted_report import GRADE_RE, grade_code, strip_footnote_mark, words
from ._recommendations import (
    ENDS_SENTENCE_RE,
    Form,
    form_of,
    heading_end,
    is_heading_like,
    line_width,
)

_PARAGRAPH_REF_RE = re.compile(r"\s*\((?:see\s+)?paragraphs?\s+[\d,\s]+(?:and\s+\d+\s*)?\)", re.I)

_SUMMARY_RE = re.compile(r"Executive summary", re.I)

# Section roles: what the paragraphs under a heading are.
SKIP = "skip"  # nothing under it is a finding (contents, area information, page-1 furniture)
PART_LA = "part_la"  # the local authority's part of a combined report
PART_LSCB = "part_lscb"  # the safeguarding board's part
FINDINGS = "findings"
STRENGTHS = "strengths"
RECOMMENDATIONS = "recommendations"
JUDGEMENT = "judgement"  # a graded section: its grade, then its evidence paragraphs
SUMMARY = "summary"  # a graded section's unnumbered summary, inside the section
EVIDENCE = "evidence"  # "Inspection findings" inside a graded section
_KINDS = {
    FINDINGS: FindingKind.FINDING,
    JUDGEMENT: FindingKind.FINDING,
    STRENGTHS: FindingKind.STRENGTH,
    RECOMMENDATIONS: FindingKind.RECOMMENDATION,
}
#: Headings are matched against this many lines at once: the long ones wrap.
_WINDOW = 5


def strip_paragraph_refs(text: str) -> str:
    """Drop "(paragraph 25)" / "(paragraphs 33, 34)" cross-references from a recommendation."""
    return re.sub(r"\s+([.;,])", r"\1", _PARAGRAPH_REF_RE.sub("", text)).strip()


@dataclass(frozen=True)
class HeadingSpec:
    """A heading the report's template uses: a regex over up to five lines, and what it opens."""

    pattern: str
    role: str
    section: str = ""  # a fixed section name; "" keeps the heading as written
    area: str = ""  # the judgement area a JUDGEMENT heading grades


#: "The Local Safeguarding Children Board requires improvement" and the 2014 wordings ("The
#: effectiveness of the LSCB is inadequate"), but not "... requires improvement because:".
LSCB_JUDGEMENT = HeadingSpec(
    words(
        r"The (?:effectiveness of the )?(?:Local Safeguarding Children(?:'s)?(?: Board)?"
        rf"(?: \(LSCB\))?|LSCB) (?:is )?{REPORT_GRADE_WORDS}\.?(?! because)"
    ),
    JUDGEMENT,
    "The Local Safeguarding Children Board",
    JudgementArea.LSCB,
)


@dataclass(frozen=True)
class Heading:
    start: int  # index of its first line
    end: int  # index after its last line
    role: str
    text: str  # as written, joined
    section: str
    area: str = ""
    grade: str | None = None

    def label(self) -> str:
        return self.section or strip_footnote_mark(self.text).rstrip(":").strip()


class HeadingFinder:
    """Finds the template's headings in the body lines: one combined regex tried at each line."""

    def __init__(self, specs: Iterable[HeadingSpec]):
        self.specs = list(specs)
        alternatives = (
            rf"(?P<h{i}>{spec.pattern})[ \t]*(?=\n|\Z)" for i, spec in enumerate(self.specs)
        )
        self.regex = re.compile("|".join(alternatives), re.I)

    def find(self, lines: list[Line]) -> list[Heading]:
        found: list[Heading] = []
        i = 0
        while i < len(lines):
            window = "\n".join(line.text for line in lines[i : i + _WINDOW])
            match = self.regex.match(window)
            if not match:
                i += 1
                continue
            spec = self.specs[int(match.lastgroup[1:])]
            text = match.group(0)
            end = i + text.count("\n") + 1
            grades = GRADE_RE.findall(text) if spec.role == JUDGEMENT else []
            found.append(
                Heading(
                    start=i,
                    end=end,
                    role=spec.role,
                    text=join(text.split("\n")),
                    section=spec.section,
                    area=spec.area,
                    grade=grade_code(grades[-1]) if grades else None,
                )
            )
            i = end
        return found


@dataclass
class _Item:
    kind: str  # "numbered", "bullet" or "plain"
    lines: list[Line]
    number: int | None = None

    @property
    def text(self) -> str:
        """The item's text without its marker; a sub-list's bullets become "; " separators."""
        parts = [
            BULLET_RE.sub("", PARAGRAPH_NUMBER_RE.sub("", self.lines[0].text, count=1), count=1)
        ]
        for line in self.lines[1:]:
            if BULLET_RE.match(line.text):
                if parts[-1] and not parts[-1].rstrip().endswith((":", ";", ",", ".")):
                    parts[-1] += ";"
                parts.append(BULLET_RE.sub("", line.text, count=1))
            else:
                parts.append(line.text)
        return join(parts)


@dataclass
class _Section:
    role: str
    label: str
    evidence: bool = True  # False inside a graded section's unnumbered summary
    parent: str = ""  # for a numbered group of recommendations, the section it sits in
    items: list[_Item] = field(default_factory=list)
    plain: list[Line] = field(default_factory=list)  # lines outside any item


def numbered_starts(lines: list[Line], begin: int = 0) -> dict[int, int]:
    """Line index -> paragraph number for lines that open a numbered paragraph.

    Ofsted numbers paragraphs in one run through the whole report, so a number that does not
    follow on (a wrapped "17. This..." after "aged") is text, not a paragraph.
    """
    starts: dict[int, int] = {}
    last = 0
    for i in range(begin, len(lines)):
        match = PARAGRAPH_NUMBER_RE.match(lines[i].text)
        if match:
            number = int(match["number"])
            if last < number <= last + 3:
                starts[i] = number
                last = number
    return starts


def _is_subheading(lines: list[Line], i: int, starts: dict[int, int]) -> bool:
    """A short unpunctuated line between paragraphs that heads the next numbered or bulleted one
    ("Care leavers", "Scrutiny and assurance")."""
    text = lines[i].text
    if len(text) > 80 or not text[:1].isupper() or ENDS_SENTENCE_RE.search(text):
        return False
    if i + 1 >= len(lines) or not (i + 1 in starts or BULLET_RE.match(lines[i + 1].text)):
        return False
    return i == 0 or bool(ENDS_SENTENCE_RE.search(lines[i - 1].text))


def _is_group_title(lines: list[Line], i: int) -> bool:
    return (
        len(lines[i].text) <= 80
        and not ENDS_SENTENCE_RE.search(lines[i].text)
        and i + 1 < len(lines)
        and bool(BULLET_RE.match(lines[i + 1].text))
    )


def _ends_list(
    lines: list[Line],
    i: int,
    starts: dict[int, int],
    section: _Section,
    item: _Item | None,
    width: int,
    next_heading: int,
) -> bool:
    """Does line ``i`` start something other than more of the recommendations above it?

    A heading the finder does not know; bullets after numbered recommendations that are no
    sub-list (the one before ends its sentence); a numbered paragraph after bulleted ones
    (the pre-2013 time groups); numbering that starts again at 1; or, after a paragraph's
    short last line, a new paragraph that states rather than asks.
    """
    if not (section.items or section.plain):
        return False
    text = lines[i].text
    previous = lines[i - 1].text
    if i in starts:
        return (
            bool(section.items)
            and all(it.kind == "bullet" for it in section.items)
            and not _is_group_title(lines, i)
        )
    if BULLET_RE.match(text):
        return (
            item is not None
            and item.kind == "numbered"
            and item.lines[-1].text.rstrip().endswith((".", "!", "?"))
        )
    if not ENDS_SENTENCE_RE.search(previous) or previous.endswith((":", ";")):
        return False
    numbered = PARAGRAPH_NUMBER_RE.match(text)
    if numbered:
        return int(numbered["number"]) == 1
    if is_heading_like(lines, i, width) or _is_subheading(lines, i, starts):
        # A topic over more recommendations ("Quality of practice") is no end.
        after = heading_end(lines, i)
        return form_of(_opening(lines[after : after + 3])) is not Form.REQUEST
    if not text[:1].isupper():
        return False
    # A paragraph's short last line ends it; after a full one, only where no item follows
    # before the next heading is a statement more than a recommendation's second sentence.
    if len(previous) >= 0.8 * width and _items_follow(lines, i, starts, next_heading):
        return False
    following = join([line.text for line in lines[i : i + 3]])
    return form_of(following) is Form.NARRATIVE


def _items_follow(lines: list[Line], i: int, starts: dict[int, int], stop: int) -> bool:
    """Does a numbered or bulleted paragraph start between line ``i`` and ``stop``?"""
    return any(j in starts or BULLET_RE.match(lines[j].text) for j in range(i + 1, stop))


def _lost_heading(
    lines: list[Line], i: int, starts: dict[int, int], width: int
) -> tuple[str, int]:
    """The label of the section that starts at line ``i`` after a list of recommendations
    (its heading, wrapped lines joined; "" where it has none), and the line after that
    heading."""
    if i in starts or not (is_heading_like(lines, i, width) or _is_subheading(lines, i, starts)):
        return "", i
    end = heading_end(lines, i)
    return strip_footnote_mark(join(lines[i:end])), end


def _opening(lines: list[Line]) -> str:
    """The text of a paragraph's first lines without its number or bullet."""
    return _Item("plain", lines).text if lines else ""


def read_sections(
    lines: list[Line],
    headings: list[Heading],
    *,
    lscb_part: bool = False,
) -> list[_Section]:
    """Cut the body into sections of items (numbered paragraphs, bullets) under the headings.

    Nothing counts before the first heading that is not a judgement (page 1's grades and
    labels). ``lscb_part`` starts in the safeguarding board's part (a standalone review).
    """
    begin = next((h.start for h in headings if h.role != JUDGEMENT), len(lines))
    starts = numbered_starts(lines, begin)
    width = line_width(lines)
    by_start = {h.start: h for h in headings if h.start >= begin}
    heading_starts = [*sorted(by_start), len(lines)]
    sections: list[_Section] = []
    current: _Section | None = None
    item: _Item | None = None
    in_lscb = lscb_part
    after_summary = False  # under an executive summary, which the template never numbers
    i = begin
    while i < len(lines):
        heading = by_start.get(i)
        if heading:
            item = None
            after_summary = heading.role == SKIP and bool(_SUMMARY_RE.match(heading.text))
            if heading.role in (PART_LA, PART_LSCB):
                in_lscb = heading.role == PART_LSCB
                current = None
            elif heading.role in (SUMMARY, EVIDENCE) and current and current.role == JUDGEMENT:
                current.evidence = heading.role == EVIDENCE
            elif heading.role in (SKIP, SUMMARY):
                current = None
            else:
                # "Inspection findings" outside a graded section opens a findings section.
                role = FINDINGS if heading.role == EVIDENCE else heading.role
                current = _Section(role, _part_label(heading.label(), in_lscb))
                sections.append(current)
            i = heading.end
            continue
        line = lines[i]
        if (
            current is None
            and after_summary
            and i in starts
            and form_of(_opening(lines[i : i + 3])) is Form.REQUEST
        ):
            # Numbered requests straight after an executive summary: the recommendations the
            # template puts next, their heading lost (Redbridge's 2016 board review).
            current = _Section(RECOMMENDATIONS, _part_label("Recommendations", in_lscb))
            sections.append(current)
            after_summary = False
        if current is None:
            i += 1
            continue
        if current.role == RECOMMENDATIONS and _ends_list(
            lines, i, starts, current, item, width, next(h for h in heading_starts if h > i)
        ):
            # The list of recommendations is over though no known heading says so: what
            # follows is under a heading the text lost, or one the template's list lacks.
            label, i = _lost_heading(lines, i, starts, width)
            current = _Section(FINDINGS, label)
            sections.append(current)
            item = None
            continue
        if i in starts and current.role == RECOMMENDATIONS and _is_group_title(lines, i):
            # "1. Quality and effectiveness of practice" over bullets: a group of
            # recommendations, one per bullet.
            parent = current.parent or current.label
            title = PARAGRAPH_NUMBER_RE.sub("", line.text, count=1)
            current = _Section(RECOMMENDATIONS, f"{parent}: {title}", parent=parent)
            sections.append(current)
            item = None
        elif i in starts:
            item = _Item("numbered", [line], starts[i])
            current.items.append(item)
        elif BULLET_RE.match(line.text):
            if item is not None and item.kind == "numbered":
                item.lines.append(line)
            else:
                item = _Item("bullet", [line])
                current.items.append(item)
        elif _is_subheading(lines, i, starts):
            item = None
        elif item is not None:
            item.lines.append(line)
        elif current.evidence:
            current.plain.append(line)
        i += 1
    return sections


def _part_label(label: str, in_lscb: bool) -> str:
    if in_lscb and not re.search(r"LSCB|Safeguarding Children", label, re.I):
        return f"LSCB: {label}"
    return label


def findings_of(sections: list[_Section]) -> list[ParsedFinding]:
    """ParsedFindings from the sections' items.

    Where the text lost its paragraph numbers (a poor text copy) and a section has no bullets,
    its plain text is cut into paragraphs at blank lines or, failing those, at sentence ends.
    """
    has_numbers = any(item.number for section in sections for item in section.items)
    found: list[ParsedFinding] = []
    order: dict[str, int] = {}
    previous: _Section | None = None
    for section in sections:
        kind = _KINDS.get(section.role)
        if kind is None:
            previous = section
            continue
        items = section.items
        if not has_numbers and not items and section.plain:
            items = _plain_items(section.plain, one_sentence=kind == FindingKind.RECOMMENDATION)
        placed = [(kind, section.label, item) for item in items]
        if kind == FindingKind.RECOMMENDATION:
            placed = _requests_checked(items, section, previous)
        for kind_, label, item in placed:
            text = item.text
            if kind_ == FindingKind.RECOMMENDATION:
                text = strip_paragraph_refs(text)
                if text[:1].islower() and form_of(text) is not Form.REQUEST:
                    # Neither a capital nor a request's verb ("ensure...", as a list under
                    # "The local authority should:" prints them): a poor copy lost the words
                    # before this one, and the reader is shown that it did.
                    text = f"\u2026{text}"
            if not text:
                continue
            order[label] = order.get(label, 0) + 1
            found.append(
                ParsedFinding(
                    kind=kind_,
                    text=text,
                    page=item.lines[0].page,
                    section=label,
                    number=item.number if item.number is not None else order[label],
                )
            )
        previous = section
    return found


def _requests_checked(
    items: list[_Item], section: _Section, previous: _Section | None
) -> list[tuple[str, str, _Item]]:
    """(kind, section label, item) for a recommendations section's items, checked by their
    form: the recommendations end at the first paragraph that states rather than asks.

    What follows is a plain finding: of the section before, where the heading interrupted
    its numbered paragraphs and nothing under it asked for anything (a heading out of place);
    of its own section where nothing asked ("The inspection did not find any areas for
    priority action"); else of no known section, its heading lost.
    """
    end = next(
        (k for k, item in enumerate(items) if form_of(item.text) is Form.NARRATIVE), len(items)
    )
    label = ""
    if end == 0 and items:
        label = section.label
        if (
            previous is not None
            and previous.role in (FINDINGS, JUDGEMENT)
            and previous.items
            and previous.items[-1].number
            and items[0].number == previous.items[-1].number + 1
        ):
            label = previous.label
    return [(FindingKind.RECOMMENDATION, section.label, item) for item in items[:end]] + [
        (FindingKind.FINDING, label, item) for item in items[end:]
    ]


def _plain_items(lines: list[Line], *, one_sentence: bool) -> list[_Item]:
    """Paragraphs of text that lost its numbers and bullets.

    Recommendations are one sentence each, set apart by blank lines where the copy kept them;
    an evidence paragraph ends a sentence on a short line or before a page break.
    """
    ends = [bool(ENDS_SENTENCE_RE.search(line.text)) for line in lines]
    if one_sentence and any(line.gap for line in lines[1:]):
        breaks = [i for i in range(1, len(lines)) if lines[i].gap]
    elif one_sentence:
        breaks = [i for i in range(1, len(lines)) if ends[i - 1]]
    else:
        width = sorted(len(line.text) for line in lines)[int(len(lines) * 0.9)]
        breaks = [
            i
            for i in range(1, len(lines))
            if ends[i - 1] and (len(lines[i - 1].text) < 0.8 * width or lines[i].gap)
        ]
    bounds = [0, *breaks, len(lines)]
    return [_Item("plain", lines[a:b]) for a, b in itertools.pairwise(bounds) if a < b]

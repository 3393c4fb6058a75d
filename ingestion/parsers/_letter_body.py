"""The body of Ofsted's letters (focused visits, monitoring visits, JTAIs; the joint area
reviews read like one): lines with their page and gap, cut into headed sections of bullets,
numbered paragraphs and paragraphs, and the sections' items read as findings.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ..text import BULLET_RE, PARAGRAPH_NUMBER_RE, Line, join
from ..types import ParsedFinding

ENDS_SENTENCE_RE = re.compile(r"[.!?:][)'\"\]]*$")


@dataclass
class Item:
    """One bullet, numbered paragraph or plain paragraph, as its lines."""

    kind: str  # "bullet", "numbered" or "para"
    lines: list[Line]
    number: int | None = None

    @property
    def page(self) -> int:
        return self.lines[0].page

    @property
    def text(self) -> str:
        return join([line.text for line in self.lines])

    def ends_sentence(self) -> bool:
        return bool(ENDS_SENTENCE_RE.search(self.lines[-1].text))


@dataclass
class Section:
    heading: str  # as written, without a trailing colon
    parent: str = ""  # the enclosing heading, for subheadings
    items: list[Item] = field(default_factory=list)


def is_bullet(text: str) -> bool:
    return bool(BULLET_RE.match(text))


def strip_marker(text: str) -> str:
    return PARAGRAPH_NUMBER_RE.sub("", BULLET_RE.sub("", text, count=1), count=1).strip()


def line_width(lines: list[Line]) -> int:
    """The length of a full line of body text (wrapped PDF text), in characters."""
    lengths = sorted(len(line.text) for line in lines)
    return lengths[int(len(lengths) * 0.9)] if lengths else 0


def heading_text(text: str) -> str:
    return text.strip().rstrip(":").strip()


def heading_matcher(names: Iterable[str]) -> Callable[[str], str | None]:
    """A ``heading_of`` for ``sections``: the line as written if it is one of ``names``
    (compared without case or a trailing "?", ":" or ".")."""
    wanted = {name.lower() for name in names}

    def heading_of(text: str) -> str | None:
        heading = heading_text(text)
        return heading if heading.rstrip("?.").strip().lower() in wanted else None

    return heading_of


def _new_paragraph(prev: Line, line: Line, width: int) -> bool:
    """Does ``line`` start a new paragraph after ``prev``, within running text?

    Text files mark paragraphs with blank lines. PDF text has none, so a break is inferred
    where ``prev`` ends a sentence and stops short: the next word would have fitted on it.
    """
    first = line.text[:1]
    if not (first.isupper() or first.isdigit() or first in "'\"("):
        return False
    if line.gap:
        return True
    if not ENDS_SENTENCE_RE.search(prev.text):
        return False
    return len(prev.text) + 1 + len(line.text.split()[0]) < width


def _is_subheading(lines: list[Line], i: int, width: int, after_heading: bool) -> bool:
    """A short heading of the letter's own over a list ("Leadership and management" then
    bullets)."""
    line = lines[i]
    if i + 1 >= len(lines) or not is_bullet(lines[i + 1].text) or is_bullet(line.text):
        return False
    if not line.text[:1].isupper() or re.search(r"[.,;:]$", line.text):
        return False
    if len(line.text) > 0.75 * width:
        return False
    return after_heading or i == 0 or bool(ENDS_SENTENCE_RE.search(lines[i - 1].text))


def sections(
    lines: list[Line],
    *,
    heading_of: Callable[[str], str | None],
    is_end: Callable[[str], bool],
    is_box: Callable[[str], bool] = lambda heading: False,
    subheadings: bool = False,
) -> list[Section]:
    """Cut ``lines`` into sections at each heading that ``heading_of`` recognises, stopping
    at the first line for which ``is_end`` is true.

    ``is_box`` marks headings of boxed text (JTAI case studies) that pdfium may drop into the
    middle of a bullet: the box then runs to the foot of the page and the bullet resumes on
    the next one.
    """
    width = line_width(lines)
    found = [Section(heading="")]
    section = found[0]
    parent = ""
    item: Item | None = None
    stash: tuple[Section, Item] | None = None
    prev: Line | None = None
    for i, line in enumerate(lines):
        text = line.text
        if is_end(text):
            break
        if stash and prev and line.page != prev.page:
            section, item = stash
            stash = None
            if not (heading_of(text) or is_bullet(text) or PARAGRAPH_NUMBER_RE.match(text)):
                item.lines.append(line)
                prev = line
                continue
        heading = heading_of(text)
        if heading is None and subheadings and _is_subheading(lines, i, width, item is None):
            section = Section(heading=heading_text(text), parent=parent)
            found.append(section)
            item, prev = None, line
            continue
        if heading is not None:
            if is_box(heading) and item is not None and not item.ends_sentence():
                stash = (section, item)
            else:
                stash = None
                parent = heading
            section = Section(heading=heading, parent=heading)
            found.append(section)
            item, prev = None, line
            continue
        numbered = PARAGRAPH_NUMBER_RE.match(text)
        if is_bullet(text) or numbered:
            item = Item(
                kind="numbered" if numbered and not is_bullet(text) else "bullet",
                lines=[Line(line.page, strip_marker(text), line.gap)],
                number=int(numbered["number"]) if numbered and not is_bullet(text) else None,
            )
            section.items.append(item)
        elif item is None or _starts_paragraph(item, prev, line, width):
            item = Item(kind="para", lines=[line])
            section.items.append(item)
        else:
            item.lines.append(line)
        prev = line
    return found


def _starts_paragraph(item: Item, prev: Line | None, line: Line, width: int) -> bool:
    if prev is None:
        return True
    # A list item runs on to the next item or heading: PDF text gives no sign of a paragraph
    # closing a list other than a heading, and converted text files mark a page break with
    # three or more blank lines, which a bullet may straddle.
    if item.kind != "para" and (line.gap >= 3 or not line.gap):
        return False
    return _new_paragraph(prev, line, width)


def findings_of(
    section: Section,
    kind: str,
    *,
    bullets_only: bool,
    skip: Callable[[str], bool] = lambda text: False,
) -> list[ParsedFinding]:
    """The section's items as findings of ``kind``, numbered as the document numbers them or
    in order from 1. ``bullets_only`` keeps just the list items when the section has a list
    (its paragraphs are then lead-ins such as "...the following areas of weakness:")."""
    items = section.items
    if bullets_only and any(item.kind != "para" for item in items):
        items = [item for item in items if item.kind != "para"]
    chosen = [
        (item, text)
        for item, text in ((item, item.text) for item in items)
        if text and not text.endswith(":") and not skip(text)
    ]
    return [
        ParsedFinding(
            kind=kind,
            text=text,
            page=item.page,
            section=section.heading,
            number=item.number if item.number is not None else position,
        )
        for position, (item, text) in enumerate(chosen, start=1)
    ]

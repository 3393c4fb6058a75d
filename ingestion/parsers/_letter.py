"""Reading Ofsted's letters (focused visits, monitoring visits, JTAIs): lines with their page,
the letter's date and signatory, and the body cut into headed sections of bullets and paragraphs.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ..dates import DATE_RE, MONTHS, month_number, parse_date
from ..text import BULLET_RE, PARAGRAPH_NUMBER_RE, body_lines, join
from ..types import Page, ParsedFinding

ENDS_SENTENCE_RE = re.compile(r"[.!?:][)'\"\]]*$")
_DATE_LINE_RE = re.compile(rf"^\s*{DATE_RE.pattern}\s*$", re.I)
# A date line whose year is misprinted: "6 November 20205".
_DAY_MONTH_LINE_RE = re.compile(
    rf"^\s*(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s+(?P<m>{'|'.join(MONTHS)})\s+\d{{3,6}}\s*$", re.I
)
_FOOTNOTE_RE = re.compile(r"^\d{1,2} [A-Z][a-z]")
_SIGN_OFF_RE = re.compile(r"^Yours (?:sincerely|faithfully)\b", re.I)
_INSPECTOR_TITLE_RE = re.compile(
    r",?\s*(?:(?:Senior )?(?:Her|His) Majesty's Inspector.*|HMI)$", re.I
)
_LETTERHEAD_RE = re.compile(
    r"\**(?:Ofsted|Piccadilly Gate|Store Street|Manchester|M1 2WD|T 0300 123 1231|Textphone"
    r"|0161 618 8524|enquiries@ofsted\.gov\.uk|www\.gov\.uk/ofsted|2 Rivergate|Temple Quay"
    r"|Bristol|BS1 6EH|Agora|6 Cumberland Place|Nottingham|NG1 6HJ)\**[,.]?",
    re.I,
)
_ORDINALS = {
    word: number
    for number, word in enumerate(
        (
            "first",
            "second",
            "third",
            "fourth",
            "fifth",
            "sixth",
            "seventh",
            "eighth",
            "ninth",
            "tenth",
            "eleventh",
            "twelfth",
        ),
        start=1,
    )
}


@dataclass(frozen=True)
class LetterLine:
    page: int
    text: str
    gap: int = 0  # blank lines just before it: paragraph breaks in text files


@dataclass
class Item:
    """One bullet, numbered paragraph or plain paragraph, as its lines."""

    kind: str  # "bullet", "numbered" or "para"
    lines: list[LetterLine]
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


def is_letterhead(text: str) -> bool:
    return not _LETTERHEAD_RE.sub("", text).strip(" ,.")


def letter_lines(pages: tuple[Page, ...]) -> list[LetterLine]:
    """Body lines with page and blank-line gap, less letterhead, footnotes and a late address.

    Some letters print the date and address block after the first page's text (below the
    "Dear ..." line); that block is dropped so it cannot run into a paragraph.
    """
    kept = body_lines(pages)
    out: list[LetterLine] = []
    index = 0
    for page in pages:
        blanks = 0
        for raw in page.text.split("\n"):
            text = raw.strip()
            if not text:
                blanks += 1
                continue
            if index < len(kept) and kept[index].page == page.number and kept[index].text == text:
                index += 1
                if not is_letterhead(text):
                    out.append(LetterLine(page.number, text, blanks))
                blanks = 0
    return _drop_late_address(_drop_footnotes(out))


def _drop_footnotes(lines: list[LetterLine]) -> list[LetterLine]:
    """Drop a footnote ("1 This joint inspection was conducted under...") at a page's foot."""
    drop: set[int] = set()
    for i, line in enumerate(lines):
        if i == 0 or not _FOOTNOTE_RE.match(line.text):
            continue
        prev = lines[i - 1]
        # Body text never starts a line "1 The..." mid-sentence or after a blank line.
        if prev.page != line.page or (ENDS_SENTENCE_RE.search(prev.text) and not line.gap):
            continue
        end = i
        while end < len(lines) and lines[end].page == line.page:
            end += 1
        if end - i <= 6:
            drop.update(range(i, end))
    return [line for i, line in enumerate(lines) if i not in drop]


def _drop_late_address(lines: list[LetterLine]) -> list[LetterLine]:
    if not lines:
        return lines
    first_page = [i for i, line in enumerate(lines) if line.page == lines[0].page]
    dear = next((i for i in first_page if lines[i].text.startswith("Dear ")), None)
    date = next((i for i in first_page if _DATE_LINE_RE.match(lines[i].text)), None)
    if dear is None or date is None or date < dear:
        return lines
    # Keep the date line itself: it is the letter's date.
    return [line for i, line in enumerate(lines) if i <= date or line.page != lines[0].page]


def letter_date(
    lines: list[LetterLine], *, after: datetime.date | None = None
) -> datetime.date | None:
    """The date the letter is written on: a line of its own on the first page.

    A misprinted year ("6 November 20205") leaves only the day and month readable; given
    ``after`` (the visit's last day), the letter is dated on the first such day after it.
    """
    first_page = [line for line in lines if line.page == lines[0].page] if lines else []
    for line in first_page:
        if _DATE_LINE_RE.match(line.text):
            return parse_date(line.text)
    if after is None:
        return None
    for line in first_page:
        match = _DAY_MONTH_LINE_RE.match(line.text)
        if match:
            month, day = month_number(match["m"]), int(match["d"])
            for year in (after.year, after.year + 1):
                try:
                    found = datetime.date(year, month, day)
                except ValueError:
                    break
                if found >= after:
                    return found
    return None


def signatory(lines: list[LetterLine]) -> str:
    """The name under "Yours sincerely", less "Her Majesty's Inspector"."""
    for i, line in enumerate(lines):
        if _SIGN_OFF_RE.match(line.text) and i + 1 < len(lines):
            name = _INSPECTOR_TITLE_RE.sub("", lines[i + 1].text).strip(" ,")
            if name and len(name.split()) <= 5:
                return name
    return ""


def ordinal(word: str) -> int | None:
    """1 for "first" (or "1st"), 2 for "second"..."""
    word = word.lower()
    if word in _ORDINALS:
        return _ORDINALS[word]
    match = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)", word)
    return int(match[1]) if match else None


def line_width(lines: list[LetterLine]) -> int:
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


def _new_paragraph(prev: LetterLine, line: LetterLine, width: int) -> bool:
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


def _is_subheading(lines: list[LetterLine], i: int, width: int, after_heading: bool) -> bool:
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
    lines: list[LetterLine],
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
    prev: LetterLine | None = None
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
                lines=[LetterLine(line.page, strip_marker(text), line.gap)],
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


def _starts_paragraph(item: Item, prev: LetterLine | None, line: LetterLine, width: int) -> bool:
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


def intro_text(lines: Iterable[LetterLine]) -> str:
    return join([line.text for line in lines])


def first_sentence(text: str, pattern: str) -> str:
    """The sentence of ``text`` that ``pattern`` (a regex) first matches, or ""."""
    match = re.search(pattern, text, re.I)
    if not match:
        return ""
    stop = text.rfind(". ", 0, match.start())
    start = stop + 2 if stop >= 0 else 0
    end = re.search(r"\.(?=\s+[A-Z◼]|\s*$)", text[match.end() :])
    return text[start : match.end() + end.start() if end else len(text)].strip()


def title_at(lines: list[LetterLine], index: int) -> tuple[str, int]:
    """The heading at ``index`` with its wrapped tail ("...local authority children's" /
    "services."), and the index of the line after it."""
    end = index + 1
    while end < len(lines) and end - index < 3 and lines[end].text[:1].islower():
        end += 1
    title = join([line.text for line in lines[index:end]])
    return title.rstrip(".").strip(), end


def council_name(title: str, prefix: str) -> str:
    """The authority in a letter's heading: "Kent County Council" from "Focused visit to Kent
    County Council local authority children's services"."""
    name = re.sub(rf"^{prefix}\s+(?:the\s+)?", "", title, flags=re.I)
    name = re.sub(r"\s+children's services$", "", name, flags=re.I)
    name = re.sub(r"\s+local authority$", "", name, flags=re.I)
    return name.strip(" .,")


def longest(*names: str) -> str:
    """The fullest of the names a letter gives ("London Borough of Haringey" over "Haringey")."""
    return max(names, key=len, default="")

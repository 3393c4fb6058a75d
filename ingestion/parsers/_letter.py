"""Reading Ofsted's letters (focused visits, monitoring visits, JTAIs): lines with their page,
less letterhead and footnotes, the title, date and signatory, and the letter read whole (its
body cut into sections by ``_letter_body``).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..dates import DATE_RE, MONTHS, month_number, parse_date, parse_periods
from ..text import Line, join, spaced_lines
from ..types import Page, ParseError
from ._letter_body import ENDS_SENTENCE_RE, Section, sections

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


def is_letterhead(text: str) -> bool:
    return not _LETTERHEAD_RE.sub("", text).strip(" ,.")


def letter_lines(pages: tuple[Page, ...]) -> list[Line]:
    """Body lines with page and blank-line gap, less letterhead, footnotes and a late address.

    Some letters print the date and address block after the first page's text (below the
    "Dear ..." line); that block is dropped so it cannot run into a paragraph.
    """
    out = [line for line in spaced_lines(pages) if not is_letterhead(line.text)]
    return _drop_late_address(_drop_footnotes(out))


def _drop_footnotes(lines: list[Line]) -> list[Line]:
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


def _drop_late_address(lines: list[Line]) -> list[Line]:
    if not lines:
        return lines
    first_page = [i for i, line in enumerate(lines) if line.page == lines[0].page]
    dear = next((i for i in first_page if lines[i].text.startswith("Dear ")), None)
    date = next((i for i in first_page if _DATE_LINE_RE.match(lines[i].text)), None)
    if dear is None or date is None or date < dear:
        return lines
    # Keep the date line itself: it is the letter's date.
    return [line for i, line in enumerate(lines) if i <= date or line.page != lines[0].page]


def letter_date(lines: list[Line], *, after: datetime.date | None = None) -> datetime.date | None:
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


def signatory(lines: list[Line]) -> str:
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


def intro_text(lines: Iterable[Line]) -> str:
    return join([line.text for line in lines])


@dataclass(frozen=True)
class Letter:
    """What every letter gives, read one way: its lines, the index of its title line, its
    title (wrapped lines joined), its date, its body cut into sections and its opening
    paragraphs (the unheaded first section)."""

    lines: list[Line]
    start: int
    title: str
    date: datetime.date | None
    sections: list[Section]
    intro: str


def read_letter(
    pages: tuple[Page, ...],
    *,
    title_re: re.Pattern,
    no_title: str,
    heading_of: Callable[[str], str | None],
    is_end: Callable[[str], bool],
    is_box: Callable[[str], bool] = lambda heading: False,
    subheadings: bool = False,
) -> Letter:
    """Read a letter whose title line ``title_re`` matches (a ParseError saying ``no_title``
    if none does), cut into sections as ``sections`` does."""
    lines = letter_lines(pages)
    start = next((i for i, line in enumerate(lines) if title_re.match(line.text)), None)
    if start is None:
        raise ParseError(no_title)
    date = letter_date(lines)
    title, after = title_at(lines, start)
    body = sections(
        lines[after:],
        heading_of=heading_of,
        is_end=is_end,
        is_box=is_box,
        subheadings=subheadings,
    )
    intro = intro_text(line for item in body[0].items for line in item.lines)
    return Letter(lines, start, title, date, body, intro)


def dates_in(
    pattern: str | re.Pattern, text: str, *, year: int | None
) -> list[tuple[datetime.date, datetime.date]]:
    """The periods in the first group of ``pattern``'s first match in ``text`` ("14 and 15
    January 2019", "3 to 5 and 17 to 19 June 2019"), in ``year`` where they give none; []
    where there are none."""
    match = re.search(pattern, text)
    return parse_periods(match[1], default_year=year) if match else []


def first_sentence(text: str, pattern: str) -> str:
    """The sentence of ``text`` that ``pattern`` (a regex) first matches, or ""."""
    match = re.search(pattern, text, re.I)
    if not match:
        return ""
    stop = text.rfind(". ", 0, match.start())
    start = stop + 2 if stop >= 0 else 0
    end = re.search(r"\.(?=\s+[A-Z◼]|\s*$)", text[match.end() :])
    return text[start : match.end() + end.start() if end else len(text)].strip()


def title_at(lines: list[Line], index: int) -> tuple[str, int]:
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

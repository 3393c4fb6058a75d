"""Text helpers shared by the parsers: page furniture removal, lines with their page, joining.

PDF text arrives as lines without blank lines between paragraphs, with a running header or
footer on every page ("Inspection of Kent County Council children's services 9 to 20 May
2022 2"). Parsers work on ``Line`` objects so every item they build keeps its page number.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from .types import Page

# --- Line patterns: bullets and numbered paragraphs, for every parser ------------------------
#
# The general patterns first; then the variants that one kind of document needs, each named for
# where it is used, so no parser keeps a private copy.

#: Bullets as PDFs encode them: typographic ones (• ◼ ■ ▪ ● ◦ ‣ ⁃ ∙ ·, the geometric shapes
#: U+25AA-U+25FC) and the private-use glyphs of Symbol and Wingdings fonts (U+F020-U+F0FF:
#: U+F0B7, U+F0A7, U+F06E, U+F0D8, U+F0FC and U+F02D seen in Ofsted's Word templates, as
#: pdfium gives them); U+0083 from one broken encoding (2009 reports). A character class, for
#: building patterns (the recaps split sentences at one).
BULLET_CHARS = "[\u2022\u25aa-\u25fc\u25a0\u25cf\u25e6\u2023\u2043\u2219\u00b7\uf020-\uf0ff\x83]"
#: A line that opens with a bullet, or with a hyphen and a space (the 2014 reports' sub-lists),
#: with the white space after it: letters, reports, ILACS and the recaps.
BULLET_RE = re.compile(rf"^\s*(?:{BULLET_CHARS}|-(?=\s))\s*")
#: A numbered line as the recaps read running text: "3. The", a space after the full stop.
NUMBERED_RE = re.compile(r"^\s*(?P<number>\d{1,3})\.\s+(?=\S)")
#: A numbered paragraph's opening in a report or letter: "12. Early help...", "1. In the
#: MASH", "75. 10.2 per cent..." and, where the PDF lost the space, "155.There", "10.However"
#: (the parsers check the number runs on from the last, so a wrapped line that starts with a
#: figure is not taken). Letters, full reports and ILACS.
PARAGRAPH_NUMBER_RE = re.compile(r"^(?P<number>\d{1,3})\.(?:\s*(?=[A-Z'\"(])|\s+(?=\d))")
#: A paragraph number left at the start of a sentence the recaps cut from running text ("3.The
#: council...", "12. In 2017...").
SENTENCE_NUMBER_RE = re.compile(r"^\d{1,3}\.\s?(?=[A-Z])")
#: ILACS (2018-): a sub-bullet of a "What needs to improve" bullet, marked with U+0336 (a
#: combining stroke), U+F02D (Wingdings' dash) or an en dash; it belongs to the bullet above it.
#: U+F02D is in ``BULLET_CHARS`` too, so ILACS tries this pattern before ``BULLET_RE``.
SUB_BULLET_RE = re.compile(r"^[\u0336\uf02d\u2013]\s*")
#: Council committee papers: a list item's marker, a bullet of the common sets (• ◼ ■ ▪ ● ◦ ‣,
#: Wingdings' U+F0B7 and U+F0A7), a hyphen (with or without a space), or a letter or roman
#: numeral ("(a)", "b)", "(iv)", "IV."), with the white space after it. Papers are written in
#: Word by each council, so their lists are marked more ways than Ofsted's and fewer glyphs
#: are seen.
PAPER_ITEM_RE = re.compile(r"^\s*(?:[-•◼■▪●◦‣\uf0b7\uf0a7]|\(?[a-z]\)|\(?[ivx]+\)|[IVX]+\.)\s*")

_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True)
class Line:
    page: int
    text: str
    gap: int = 0  # blank lines just before it (``spaced_lines``): paragraph breaks in text files


def _furniture_key(line: str) -> str:
    return _DIGITS.sub("#", line.casefold())


def body_lines(pages: tuple[Page, ...]) -> list[Line]:
    """Every non-empty line with its page number, less running headers, footers and page numbers.

    A line counts as furniture when (digits ignored) it recurs on at least three pages and on
    at least a third of them; the first page is kept whole since it carries the title.
    """
    # Parsers and the recap finder ask for the same pages' lines in turn: worked out once.
    return list(_body_lines(tuple(pages)))


@functools.lru_cache(maxsize=4)
def _body_lines(pages: tuple[Page, ...]) -> tuple[Line, ...]:
    keyed = [
        [(text, _furniture_key(text)) for text in map(str.strip, page.text.split("\n")) if text]
        for page in pages
    ]
    counts = Counter(key for lines in keyed for key in {key for _, key in lines})
    threshold = max(3, len(pages) // 3)
    furniture = {key for key, n in counts.items() if n >= threshold}
    lines = []
    for page, page_lines in zip(pages, keyed, strict=True):
        for text, key in page_lines:
            if page.number > 1 and key in furniture:
                continue
            if text.isdigit() and len(text) <= 3:  # a bare page number
                continue
            lines.append(Line(page.number, text))
    return tuple(lines)


def spaced_lines(
    pages: tuple[Page, ...], *, page_end: Callable[[list[str]], int] | None = None
) -> list[Line]:
    """``body_lines`` with the blank lines just before each (PDF text has none; a text file's
    paragraphs do); ``page_end`` says where a page's body stops, given its lines stripped (at
    its footnotes, say).
    """
    kept = body_lines(pages)
    out: list[Line] = []
    index = 0
    for page in pages:
        raw = [line.strip() for line in page.text.split("\n")]
        end = page_end(raw) if page_end else len(raw)
        blanks = 0
        for number, text in enumerate(raw):
            if not text:
                blanks += 1
                continue
            if index < len(kept) and kept[index].page == page.number and kept[index].text == text:
                index += 1
                if number < end:
                    out.append(Line(page.number, text, blanks))
                blanks = 0
    return out


def join(lines: list[Line] | list[str]) -> str:
    """Join wrapped lines into one string, mending words hyphenated across a line break."""
    out = ""
    for line in lines:
        text = line.text if isinstance(line, Line) else line
        text = text.strip()
        if not text:
            continue
        if out.endswith("-") and text[:1].islower() and not out.endswith(" -"):
            out = out[:-1] + text
        elif out:
            out += " " + text
        else:
            out = text
    return out

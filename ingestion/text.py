"""Text helpers shared by the parsers: page furniture removal, lines with their page, joining.

PDF text arrives as lines without blank lines between paragraphs, with a running header or
footer on every page ("Inspection of Kent County Council children's services 9 to 20 May
2022 2"). Parsers work on ``Line`` objects so every item they build keeps its page number.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .types import Page

#: Bullets as PDFs encode them: typographic ones (• ◼ ■ ▪ ● ◦ ‣ ⁃ ∙ ·, the geometric shapes
#: U+25AA-U+25FC) and the private-use glyphs of Symbol and Wingdings fonts (U+F020-U+F0FF:
#: U+F0B7, U+F0A7, U+F06E, U+F0D8, U+F0FC seen); U+0083 from one broken encoding.
BULLET_CHARS = "[\u2022\u25aa-\u25fc\u25a0\u25cf\u25e6\u2023\u2043\u2219\u00b7\uf020-\uf0ff\x83]"
#: A line that opens with a bullet, or with a hyphen and a space.
BULLET_RE = re.compile(rf"^\s*(?:{BULLET_CHARS}|-(?=\s))\s*")
#: A numbered line as the recaps read running text: "3. The", a space after the full stop.
NUMBERED_RE = re.compile(r"^\s*(?P<number>\d{1,3})\.\s+(?=\S)")
#: A numbered paragraph's opening in a report or letter: "12. Early help...", "75. 10.2 per
#: cent..." and, where the PDF lost the space, "155.There" (the parsers check the number runs
#: on from the last, so a wrapped line that starts with a figure is not taken).
PARAGRAPH_NUMBER_RE = re.compile(r"^(?P<number>\d{1,3})\.(?:\s*(?=[A-Z'\"(])|\s+(?=\d))")
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True)
class Line:
    page: int
    text: str


def _furniture_key(line: str) -> str:
    return _DIGITS.sub("#", line.strip().casefold())


def body_lines(pages: tuple[Page, ...]) -> list[Line]:
    """Every non-empty line with its page number, less running headers, footers and page numbers.

    A line counts as furniture when (digits ignored) it recurs on at least three pages and on
    at least a third of them; the first page is kept whole since it carries the title.
    """
    per_page = [
        {_furniture_key(line) for line in page.text.split("\n") if line.strip()} for page in pages
    ]
    counts = Counter(key for keys in per_page for key in keys)
    threshold = max(3, len(pages) // 3)
    furniture = {key for key, n in counts.items() if n >= threshold}
    lines = []
    for page in pages:
        for raw in page.text.split("\n"):
            text = raw.strip()
            if not text:
                continue
            if page.number > 1 and _furniture_key(text) in furniture:
                continue
            if text.isdigit() and len(text) <= 3:  # a bare page number
                continue
            lines.append(Line(page.number, text))
    return lines


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


def strip_bullet(text: str) -> str:
    return BULLET_RE.sub("", text, count=1).strip()

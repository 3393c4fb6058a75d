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

#: Bullets as PDFs encode them: typographic ones and the private-use glyphs of Symbol and
#: Wingdings fonts (\uf0b7, \uf0a7, \uf06e, \uf0d8, \uf0fc; \x83 from one broken encoding).
BULLET_RE = re.compile(r"^\s*(?:[•◼■▪●◦‣\u2043∙·\uf0b7\uf0a7\uf06e\uf0d8\uf0fc\x83]|-(?=\s))\s*")
NUMBERED_RE = re.compile(r"^\s*(?P<number>\d{1,3})\.\s+(?=\S)")
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

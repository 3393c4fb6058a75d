"""Turn a file's bytes into pages of text, refusing anything that is not a readable document.

PDF text comes from pdfium (fast); pdfplumber's slower layout analysis is spent only on the
first pages, where Ofsted's judgement tables live. Plain text and Markdown are split into pages
on form feeds.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import pypdfium2 as pdfium

from .types import Page, ParseError

#: Pages whose tables are extracted with pdfplumber: the judgement tables are on page 1 or 2.
TABLE_PAGES = (1, 2)
#: A PDF with fewer extractable characters per page than this is treated as image-only.
MIN_CHARS_PER_PAGE = 40


class UnreadableDocument(ParseError):
    """The file is not a document we can read text from (the message says why)."""


@dataclass(frozen=True)
class Extraction:
    media_type: str  # "application/pdf", "text/plain" or "text/markdown"
    pages: tuple[Page, ...]


def extract(
    data: bytes,
    *,
    filename: str = "",
    max_bytes: int = 50 * 1024 * 1024,
    max_pages: int = 1000,
) -> Extraction:
    """Read ``data`` as a PDF, text or Markdown file; raise UnreadableDocument if it is not one."""
    if not data:
        raise UnreadableDocument("the file is empty")
    if len(data) > max_bytes:
        raise UnreadableDocument(
            f"the file is {len(data) / 1_048_576:.1f} MB, "
            f"over the {max_bytes / 1_048_576:.0f} MB limit"
        )
    if b"%PDF-" in data[:1024]:
        return Extraction("application/pdf", _pdf_pages(data, max_pages=max_pages))
    name = filename.lower()
    if name.endswith(".pdf"):
        if _looks_like_html(data):
            raise UnreadableDocument("not a PDF: the file is an HTML page saved with a .pdf name")
        raise UnreadableDocument("not a PDF: the file has a .pdf name but no PDF header")
    if _looks_like_html(data):
        raise UnreadableDocument("an HTML page, not a report: save the report's PDF instead")
    text = _decode_text(data)
    media_type = "text/markdown" if name.endswith((".md", ".markdown")) else "text/plain"
    pages = tuple(
        Page(number=i, text=clean_text(chunk)) for i, chunk in enumerate(text.split("\f"), start=1)
    )
    if len(pages) > max_pages:
        raise UnreadableDocument(f"the file has {len(pages)} pages, over the {max_pages} limit")
    if not any(p.text.strip() for p in pages):
        raise UnreadableDocument("the file has no text")
    return Extraction(media_type, pages)


def _looks_like_html(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:512]


def _decode_text(data: bytes) -> str:
    if b"\x00" in data[:8192]:
        raise UnreadableDocument("a binary file, not a PDF or text document")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableDocument(
            f"the text is not valid UTF-8 (bad byte at position {exc.start})"
        ) from None


def _pdf_pages(data: bytes, *, max_pages: int) -> tuple[Page, ...]:
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message:
            raise UnreadableDocument("the PDF is encrypted with a password") from None
        raise UnreadableDocument(f"the PDF is damaged and cannot be opened ({exc})") from None
    try:
        count = len(pdf)
        if count == 0:
            raise UnreadableDocument("the PDF has no pages")
        if count > max_pages:
            raise UnreadableDocument(f"the PDF has {count} pages, over the {max_pages} limit")
        texts = []
        for index in range(count):
            page = pdf[index]
            try:
                textpage = page.get_textpage()
                texts.append(clean_text(textpage.get_text_range()))
                textpage.close()
            finally:
                page.close()
    except pdfium.PdfiumError as exc:
        raise UnreadableDocument(f"the PDF is damaged: {exc}") from None
    finally:
        pdf.close()
    if sum(len(t.strip()) for t in texts) < MIN_CHARS_PER_PAGE * count:
        raise UnreadableDocument(
            "the PDF has no text layer (a scanned or image-only file): it needs OCR first"
        )
    wanted = [n for n in TABLE_PAGES if n <= count and _TABLE_HINT.search(texts[n - 1])]
    tables = _tables(data, wanted) if wanted else {}
    return tuple(
        Page(number=i, text=text, tables=tables.get(i, ()))
        for i, text in enumerate(texts, start=1)
    )


#: Layout analysis costs ~0.1 s a page, so only pages that look like they hold a grade table.
_TABLE_HINT = re.compile(r"Judgement\s+Grade|Overall effectiveness|overall judgement", re.I)


def _tables(data: bytes, numbers: list[int]) -> dict[int, tuple]:
    """Tables on the given pages via pdfplumber; a failure here costs tables, not the document."""
    import io

    import pdfplumber

    found: dict[int, tuple] = {}
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for number in numbers:
                rows = []
                for table in pdf.pages[number - 1].extract_tables():
                    rows.append(
                        tuple(
                            tuple(clean_text(cell or "") for cell in row)
                            for row in table
                            if any(cell for cell in row)
                        )
                    )
                if rows:
                    found[number] = tuple(rows)
    except Exception:
        return {}
    return found


_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f\u2009\u200a]+")


def clean_text(text: str) -> str:
    """Normalise line endings, odd spaces, ligatures and curly quotes; keep line structure."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"')
    text = text.replace("\u201d", '"').replace("\u00ad", "")
    # pdfium joins a word broken at a line end after a hyphen and marks the join with \ufffe
    # (older builds: \x02). In Ofsted's documents those hyphens are real ("multi-agency",
    # "decision-making", "pre-proceedings"), so the hyphen stays.
    text = text.replace("\ufffe", "-").replace("\x02", "-")
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(lines).strip()

"""Turn a file's bytes into pages of text, refusing anything that is not a readable document.

PDF text comes from pdfium (fast); pdfplumber's slower layout analysis is spent only on the
first pages, where Ofsted's judgement tables live, and the pipeline asks for it only when the
text alone does not give a whole reading (``read_tables``). Plain text and Markdown are split
into pages on form feeds. Every limit below bounds what a hostile file can cost
(docs/reliability.md).
"""

from __future__ import annotations

import faulthandler
import io
import multiprocessing
import os
import re
import resource
import threading
import unicodedata
from dataclasses import dataclass

import pdfplumber
import pypdfium2 as pdfium

from .types import Page, ParseError

#: Pages whose tables are extracted with pdfplumber: the judgement tables are on page 1 or 2.
TABLE_PAGES = (1, 2)
#: A PDF with fewer extractable characters per page than this is treated as image-only.
MIN_CHARS_PER_PAGE = 40
#: The densest page of the corpus holds 3,615 characters and the longest document 149,316:
#: anything far beyond is not a report (the defaults; settings may change them).
MAX_CHARS_PER_PAGE = 50_000
MAX_CHARS = 5_000_000
#: pdfium inflates a compressed stream whole, however large: a 3 MB file whose page inflates
#: to 1 GB of drawing commands took 16 GB of memory. So PDFs are read in a child process
#: allowed this much more memory than it starts with, and this long.
MAX_READ_MEMORY_MB = 512
MAX_READ_SECONDS = 120


class UnreadableDocument(ParseError):
    """The file is not a document we can read text from (the message says why)."""


@dataclass(frozen=True)
class Extraction:
    media_type: str  # "application/pdf", "text/plain" or "text/markdown"
    pages: tuple[Page, ...]
    #: Pages that look like they hold a grade table whose tables were not read (``tables=False``):
    #: ``read_tables`` reads them when they are wanted.
    table_pages: tuple[int, ...] = ()


def extract(
    data: bytes,
    *,
    filename: str = "",
    max_bytes: int = 50 * 1024 * 1024,
    max_pages: int = 1000,
    max_chars_per_page: int = MAX_CHARS_PER_PAGE,
    max_chars: int = MAX_CHARS,
    max_read_memory_mb: int = MAX_READ_MEMORY_MB,
    max_read_seconds: float = MAX_READ_SECONDS,
    tables: bool = True,
) -> Extraction:
    """Read ``data`` as a PDF, text or Markdown file; raise UnreadableDocument if it is not one.

    With ``tables`` (the default) a PDF's pages that look like they hold a grade table come
    with pdfplumber's tables; without, they are only named in ``table_pages``.
    """
    if not data:
        raise UnreadableDocument("the file is empty")
    check_size(len(data), max_bytes)
    if b"%PDF-" in data[:1024]:
        # pdfium rebuilds a truncated file and yields its first pages as if they were all of
        # it, so the file must end with its marker (every corpus PDF does; Acrobat would allow
        # a kilobyte of junk after it, which here is refused rather than risk half a report).
        if not data.rstrip(b"\r\n\t \x00").endswith(b"%%EOF"):
            raise UnreadableDocument(
                "the PDF is damaged: it does not end with its end-of-file marker "
                "(a truncated copy?)"
            )
        pages, table_pages = _read_isolated(
            _pdf_pages,
            data,
            max_pages=max_pages,
            max_chars_per_page=max_chars_per_page,
            max_chars=max_chars,
            tables=tables,
            memory_mb=max_read_memory_mb,
            seconds=max_read_seconds,
        )
        return Extraction("application/pdf", pages, table_pages)
    name = filename.lower()
    if name.endswith(".pdf"):
        if _looks_like_html(data):
            raise UnreadableDocument("not a PDF: the file is an HTML page saved with a .pdf name")
        raise UnreadableDocument("not a PDF: the file has a .pdf name but no PDF header")
    if _looks_like_html(data):
        raise UnreadableDocument("an HTML page, not a report: save the report's PDF instead")
    text = _decode_text(data)
    if _mostly_markup(text):
        raise UnreadableDocument(
            "markup, not a report: most of the text is HTML tags or scripts; save the "
            "report's PDF or its plain text instead"
        )
    # A text file's "page" is all the text up to a form feed (often the whole file), so only
    # the limit for the whole document applies; checked before normalising, which costs.
    _check_total_chars(len(text), max_chars)
    media_type = "text/markdown" if name.endswith((".md", ".markdown")) else "text/plain"
    chunks = text.split("\f")
    if len(chunks) > max_pages:
        raise UnreadableDocument(f"the file has {len(chunks)} pages, over the {max_pages} limit")
    if not _APOSTROPHE_RE.search(text):
        chunks = [restore_apostrophes(chunk) for chunk in chunks]
    pages = tuple(Page(number=i, text=clean_text(chunk)) for i, chunk in enumerate(chunks, 1))
    _check_total_chars(sum(len(p.text) for p in pages), max_chars)
    if not any(p.text.strip() for p in pages):
        raise UnreadableDocument("the file has no text")
    return Extraction(media_type, pages)


_APOSTROPHE_RE = re.compile("['\u2019]")
#: Possessives that cannot be anything else once a poor copy has dropped their apostrophe
#: ("the local authoritys arrangements", "childrens services", "young peoples views").
_LOST_POSSESSIVE_RE = re.compile(r"\b(children|authority|young people)s\b", re.I)


def restore_apostrophes(text: str) -> str:
    """Put back the apostrophe of the possessives a text copy without any apostrophe lost
    (seed 001, Kent's 2017 report, printed "childrens" 45 times), where no other reading
    exists; a text that has apostrophes is left as it is."""
    return _LOST_POSSESSIVE_RE.sub(lambda match: f"{match[1]}'s", text)


def check_size(size: int, max_bytes: int) -> None:
    """Refuse a file over ``max_bytes`` (callers holding only a path check before reading)."""
    if size > max_bytes:
        raise UnreadableDocument(
            f"the file is {size / 1_048_576:.1f} MB, over the {max_bytes / 1_048_576:.0f} MB limit"
        )


def _check_total_chars(total: int, limit: int) -> None:
    if total > limit:
        raise UnreadableDocument(
            f"the file has over {limit:,} characters of text, the limit for one document"
        )


def _check_page_chars(number: int, count: int, limit: int) -> None:
    if count > limit:
        raise UnreadableDocument(
            f"page {number} has {count:,} characters of text, over the {limit:,} limit per page"
        )


def _looks_like_html(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:512]


_TAG_RE = re.compile(
    r"<(?:script|style)\b.*?</(?:script|style)>|<[!/]?[a-zA-Z][^<>]{0,2000}>", re.S | re.I
)


def _mostly_markup(text: str, sample: int = 200_000) -> bool:
    """Whether a text file is a web page or script dump rather than a document: tags and
    scripts make up at least a third of what is not space (a council paper's Markdown has
    few, and a letter quoting a tag is still a letter). A readable document is kept for
    review; this is not one."""
    head = text[:sample]
    printed = sum(1 for ch in head if not ch.isspace())
    tags = sum(len(m.group()) for m in _TAG_RE.finditer(head))
    return printed > 0 and tags * 3 >= printed


def _decode_text(data: bytes) -> str:
    if b"\x00" in data[:8192]:
        raise UnreadableDocument("a binary file, not a PDF or text document")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableDocument(
            f"the text is not valid UTF-8 (bad byte at position {exc.start})"
        ) from None


def _read_isolated(read, data: bytes, *, memory_mb: int, seconds: float, **arguments):
    """``read(data, **arguments)`` in a child process capped at ``memory_mb`` more memory than
    it started with, and at ``seconds`` for this read.

    A child that dies (pdfium aborts when an allocation fails) or overruns is a refusal, and
    the parent's memory never holds more than what was read. The child lives on for the next
    reads of this thread (``_Reader``). A daemonic process (a ``multiprocessing.Pool``
    worker) may not start children, so it reads in-process.
    """
    if multiprocessing.current_process().daemon:
        return read(data, **arguments)
    reader = _Reader.for_this_thread(memory_mb)
    try:
        refused, value = reader.read(read, data, arguments, seconds)
    except TimeoutError:
        reader.stop()
        raise UnreadableDocument(
            f"reading the PDF took over {seconds:g} seconds: refused"
        ) from None
    except EOFError:
        reader.stop()
        raise UnreadableDocument(
            f"reading the PDF needed more than {memory_mb} MB of memory (a compression bomb "
            "or a badly damaged file): refused"
        ) from None
    if refused:
        raise UnreadableDocument(value)
    return value


class _Reader:
    """A forked child that reads documents one after another for one thread of this process.

    Forking a process with Django and the parsers loaded, and tearing it down, cost about
    28 ms a file, more than reading a typical report's text; a reader is forked once and
    reused. It is replaced after a refusal of any kind (a failed read may leave pdfium in a
    bad state; the child leaves by itself), after ``MAX_READS`` reads (so what one document
    leaves in its memory does not narrow the next ones' allowance), and when killed for
    overrunning its time.
    """

    MAX_READS = 50
    _local = threading.local()

    def __init__(self, memory_mb: int):
        context = multiprocessing.get_context("fork")
        self.owner = os.getpid()
        self.memory_mb = memory_mb
        self.reads = 0
        self.connection, child_end = context.Pipe()
        self.process = context.Process(
            target=_serve_reads, args=(child_end, memory_mb), daemon=True
        )
        self.process.start()
        child_end.close()

    @classmethod
    def for_this_thread(cls, memory_mb: int) -> _Reader:
        reader = getattr(cls._local, "reader", None)
        if reader is not None and reader.owner != os.getpid():
            # Inherited through a fork (a pool's worker): the parent's child, not this one's.
            cls._local = threading.local()
            reader = None
        if (
            reader is None
            or reader.memory_mb != memory_mb
            or reader.reads >= cls.MAX_READS
            or not reader.process.is_alive()
        ):
            if reader is not None:
                reader.stop()
            reader = cls._local.reader = cls(memory_mb)
        return reader

    def read(self, read, data: bytes, arguments: dict, seconds: float) -> tuple[bool, object]:
        self.reads += 1
        try:
            self.connection.send((read, data, arguments))
        except OSError:  # the child left since it was last checked
            raise EOFError from None
        if not self.connection.poll(seconds):
            raise TimeoutError
        refused, value = self.connection.recv()  # EOFError if the child died reading
        if refused:
            self.stop()
        return refused, value

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.connection.close()
        if getattr(self._local, "reader", None) is self:
            del self._local.reader


_MAX_FD = os.sysconf("SC_OPEN_MAX") if hasattr(os, "sysconf") else 1024


def _serve_reads(connection, memory_mb: int) -> None:
    """The reader child: each request read and answered, until a refusal or the parent goes."""
    faulthandler.disable()  # pdfium aborting on a refused allocation is the expected end
    # Every file the parent had open is closed here but this child's own end of the pipe:
    # a long-lived child holding a copy of the parent's pipes and sockets would keep them
    # open after the parent closed them (a subprocess's stdin never reaching its end).
    keep = connection.fileno()
    os.closerange(3, keep)
    os.closerange(keep + 1, _MAX_FD)
    with open("/proc/self/statm") as statm:  # the address space inherited from the parent
        in_use = int(statm.read().split()[0]) * resource.getpagesize()
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = in_use + memory_mb * 1_048_576
    resource.setrlimit(resource.RLIMIT_AS, (cap if hard < 0 else min(cap, hard), hard))
    while True:
        try:
            read, data, arguments = connection.recv()
        except EOFError:  # the parent closed its end or exited
            return
        try:
            result = (False, read(data, **arguments))
        except UnreadableDocument as exc:
            result = (True, str(exc))
        except MemoryError:
            result = (True, f"reading the PDF needed more than {memory_mb} MB of memory: refused")
        except Exception as exc:
            result = (True, f"the PDF could not be read ({type(exc).__name__}: {exc})")
        del data
        connection.send(result)
        if result[0]:
            return


def _pdf_pages(
    data: bytes, *, max_pages: int, max_chars_per_page: int, max_chars: int, tables: bool
) -> tuple[tuple[Page, ...], tuple[int, ...]]:
    """The pages' text, and the pages that look like they hold a grade table: with their
    tables where ``tables``, else named for ``read_tables``."""
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
        total = 0
        for index in range(count):
            page = pdf[index]
            try:
                textpage = page.get_textpage()
                # Counted before the text is copied out, so a page's excess is never held.
                _check_page_chars(index + 1, textpage.count_chars(), max_chars_per_page)
                total += textpage.count_chars()
                _check_total_chars(total, max_chars)
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
    wanted = tuple(n for n in TABLE_PAGES if n <= count and _TABLE_HINT.search(texts[n - 1]))
    found = _tables(data, wanted) if tables and wanted else {}
    pages = tuple(
        Page(number=i, text=text, tables=found.get(i, ())) for i, text in enumerate(texts, start=1)
    )
    return pages, () if tables else wanted


def read_tables(
    data: bytes,
    numbers: tuple[int, ...],
    *,
    memory_mb: int = MAX_READ_MEMORY_MB,
    seconds: float = MAX_READ_SECONDS,
) -> dict[int, tuple]:
    """pdfplumber's tables on the pages ``numbers`` of a PDF already read, by page number;
    read in a child process with the same bounds as the text. A failure (a page the layout
    analysis cannot take) costs the tables, never the document: then there are none."""
    try:
        return _read_isolated(_tables, data, numbers=numbers, memory_mb=memory_mb, seconds=seconds)
    except UnreadableDocument:
        return {}


#: Layout analysis costs ~0.1 s a page, so only pages that look like they hold a grade table.
_TABLE_HINT = re.compile(r"Judgement\s+Grade|Overall effectiveness|overall judgement", re.I)


def _tables(data: bytes, numbers: tuple[int, ...]) -> dict[int, tuple]:
    """Tables on the given pages via pdfplumber; a failure here costs tables, not the document."""
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

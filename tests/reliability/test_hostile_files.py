"""Hostile and broken files: each gets a clear one-line refusal, and nothing is written.

Every file goes through ``ingest_document``, the one path the command and the admin upload
share, into the real database; the refusal is recorded as a failed IngestRun and no document,
page, inspection, judgement, finding or stored file appears. Memory stays bounded: peak RSS
is measured in child processes (docs/reliability.md has the figures).
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import textwrap
import zlib

import pytest
from django.conf import settings

from ingestion.extract import UnreadableDocument, extract
from ingestion.services import ingest_document
from inspections.models import IngestRun
from tests.corpus import PDFS, pdf_path, requires_corpus

from . import hostile
from .conftest import BASE_DIR, data_counts, stored_files

pytestmark = pytest.mark.django_db

SEEDS = BASE_DIR / "fixtures" / "seeds"


def _random(size: int, seed: int) -> bytes:
    return random.Random(seed).randbytes(size)


PNG = b"\x89PNG\r\n\x1a\n" + _random(4000, 3)
DOCX = b"PK\x03\x04\x14\x00\x06\x00" + _random(4000, 4)
MARKUP = "\n".join(
    ['<div class="x"><script>alert("x")</script></div>', "<p onclick='steal()'>Hello</p>"] * 200
).encode()

#: (label, filename, bytes, what the refusal must say)
HOSTILE = [
    ("zero bytes", "report.pdf", lambda: b"", "the file is empty"),
    ("random bytes named .pdf", "report.pdf", lambda: _random(64_000, 1), "no PDF header"),
    (
        "random bytes behind a PDF header",
        "report.pdf",
        lambda: b"%PDF-1.7\n" + _random(64_000, 2) + b"\n%%EOF\n",
        "the PDF is damaged",
    ),
    ("random bytes named .txt", "notes.txt", lambda: _random(64_000, 5), "binary file"),
    ("a PNG image named .pdf", "report.pdf", lambda: PNG, "no PDF header"),
    ("a Word file named .pdf", "report.pdf", lambda: DOCX, "no PDF header"),
    (
        "invalid UTF-8 text",
        "letter.txt",
        lambda: b"Focused visit to Kent\n" + b"caf\xe9 \xff\xfe children\n" * 50,
        "the text is not valid UTF-8 (bad byte at position",
    ),
    (
        "an HTML page named .txt",
        "letter.txt",
        lambda: b"<!DOCTYPE html><html><body><p>Inspection</p></body></html>",
        "an HTML page, not a report",
    ),
    ("text full of markup", "paper.md", lambda: MARKUP, "markup, not a report"),
    (
        "an encrypted PDF",
        "report.pdf",
        lambda: hostile.encrypted(hostile.letter_pdf(), user_password="secret"),
        "the PDF is encrypted with a password",
    ),
    ("an image-only PDF", "scan.pdf", lambda: hostile.image_only_pdf(3), "no text layer"),
    (
        "a PDF of 5,000 pages",
        "pack.pdf",
        lambda: hostile.many_pages_pdf(5000),
        "the PDF has 5000 pages, over the 1000 limit",
    ),
    (
        "a compression bomb (2 GiB of spaces in a 2 MB file)",
        "report.pdf",
        lambda: hostile.bomb_pdf(2048),
        "needed more than 512 MB of memory",
    ),
    (
        "a compression bomb of text-drawing commands",
        "report.pdf",
        lambda: hostile.bomb_pdf(1024, text=True),
        "needed more than 512 MB of memory",
    ),
    (
        "a compression bomb inside an encrypted PDF that opens without a password",
        "report.pdf",
        lambda: hostile.encrypted(hostile.bomb_pdf(2048), user_password=""),
        "needed more than 512 MB of memory",
    ),
    (
        "a PDF page of 60,000 characters",
        "report.pdf",
        lambda: hostile.text_pdf([["x" * 100] * 600]),
        "over the 50,000 limit per page",
    ),
    (
        "text of six million characters",
        "paper.txt",
        lambda: ("Children's services. " * 300_000).encode(),
        "over 5,000,000 characters of text",
    ),
    (
        "a 100 MB file",
        "report.pdf",
        lambda: b"%PDF-1.7\n" + bytes(100 * 1_048_576) + b"%%EOF\n",
        "the file is 100.0 MB, over the 50 MB limit",
    ),
    (
        "a text file of 1,001 pages",
        "paper.txt",
        lambda: "\f".join(["Committee paper page."] * 1001).encode(),
        "the file has 1001 pages, over the 1000 limit",
    ),
]


def assert_refused_and_nothing_written(data: bytes, filename: str, media_root) -> str:
    before = data_counts()
    result = ingest_document(data=data, filename=filename)
    assert result.outcome == IngestRun.Outcome.FAILED
    assert result.document is None
    assert "\n" not in result.error and "Traceback" not in result.error
    assert data_counts() == before
    assert stored_files(media_root) == []
    run = IngestRun.objects.get(pk=result.run.pk)
    assert (run.outcome, run.error, run.document_id) == ("failed", result.error, None)
    return result.error


@pytest.mark.parametrize(
    ("filename", "make", "reason"),
    [case[1:] for case in HOSTILE],
    ids=[case[0] for case in HOSTILE],
)
def test_hostile_file_is_refused_and_nothing_is_written(media_root, filename, make, reason):
    error = assert_refused_and_nothing_written(make(), filename, media_root)
    assert reason in error


def test_the_bombs_really_inflate_to_gigabytes():
    """The test bomb is what it claims: its stream inflates to 2 GiB (counted in 1 MiB steps)."""
    data = hostile.deflate_bomb(2048, b" " * 64)
    inflater, total, rest = zlib.decompressobj(), 0, data
    while rest:
        total += len(inflater.decompress(rest, 1_048_576))
        rest = inflater.unconsumed_tail
    assert inflater.eof
    assert total == 2048 * 1_048_576
    assert len(data) < 2_200_000


def test_the_same_pdf_without_the_bomb_is_read():
    """The refusals above are about the hostile part, not the builder: its plain twin reads."""
    extraction = extract(hostile.letter_pdf(3), filename="letter.pdf")
    assert len(extraction.pages) == 3
    assert extraction.pages[0].text.startswith("Page 1 of a letter")
    many = extract(hostile.many_pages_pdf(1000), filename="pack.pdf")
    assert len(many.pages) == 1000


def test_an_encrypted_pdf_that_opens_without_a_password_is_read():
    data = hostile.encrypted(hostile.letter_pdf(2), user_password="")
    assert len(extract(data, filename="letter.pdf").pages) == 2


def test_a_pdf_with_a_wrong_extension_is_read_by_its_content():
    data = hostile.letter_pdf(2)
    assert extract(data, filename="letter.txt").media_type == "application/pdf"
    assert extract(data, filename="letter.docx").media_type == "application/pdf"


def test_a_letter_truncated_at_every_cut_is_refused(media_root):
    data = hostile.letter_pdf(4)
    for cut, truncated in hostile.truncations(data, cuts=40):
        error = assert_refused_and_nothing_written(truncated, "letter.pdf", media_root)
        assert "damaged" in error, (cut, error)


@requires_corpus
def test_real_reports_truncated_at_many_cuts_are_refused(media_root):
    """Cuts near the end are the dangerous ones: pdfium rebuilds such files and would yield
    their pages as if nothing were missing."""
    reports = [
        pdf_path("kent__children's services inspection - 05 july 2022"),
        sorted(PDFS.glob("*20 october 2015*"))[0],  # a file pdfium rebuilt when cut
    ]
    for path in reports:
        data = path.read_bytes()
        for cut, truncated in hostile.truncations(data, cuts=30):
            with pytest.raises(UnreadableDocument, match="damaged") as refusal:
                extract(truncated, filename=path.name)
            assert "\n" not in str(refusal.value), cut
        # Through the whole service too, for a few of the cuts.
        for _, truncated in hostile.truncations(data, cuts=4)[:3]:
            assert "damaged" in assert_refused_and_nothing_written(
                truncated, path.name, media_root
            )


@requires_corpus
def test_the_html_page_saved_as_pdf_in_the_corpus_is_refused(media_root):
    path = pdf_path("birmingham__children's services inspection - 19 october 2012")
    error = assert_refused_and_nothing_written(path.read_bytes(), path.name, media_root)
    assert error == "not a PDF: the file is an HTML page saved with a .pdf name"


def test_markup_in_a_real_letter_is_stored_as_text_and_shown_escaped(client, media_root):
    """A letter carrying script tags is ingested as text; every page shows them escaped."""
    path = SEEDS / "004_b5220a7ea3de5648.txt"
    attack = '<script>alert("owned")</script><img src=x onerror="steal()">'
    text = path.read_text(encoding="utf-8").replace(
        "Plans provide a general overview", f"Plans {attack} zanzibar provide a general overview"
    )
    assert attack in text
    result = ingest_document(data=text.encode(), filename=path.name)
    assert result.outcome == IngestRun.Outcome.CREATED, result.error
    finding = result.document.findings.get(text__contains=attack)
    pages = [
        result.document.get_absolute_url(),
        finding.get_absolute_url(),
        finding.inspection.get_absolute_url(),
    ]
    # PostgreSQL's search snippets drop tags from the text they quote; SQLite's keep them.
    for url in [*pages, "/search/?q=zanzibar", "/findings/?q=zanzibar"]:
        body = client.get(url).content.decode()
        assert "alert(&quot;owned&quot;)" in body, url  # the finding is there...
        assert "<script>alert" not in body and "<img src=x" not in body, url  # ...inert
        if url in pages:
            assert "&lt;script&gt;alert(&quot;owned&quot;)&lt;/script&gt;" in body, url


MEMORY_PROBE = textwrap.dedent(
    """
    import json, resource, sys
    import django
    django.setup()
    from ingestion.management.commands.ingest import _parse_file
    from ingestion.services import read_limits
    mb = lambda who: resource.getrusage(who).ru_maxrss // 1024
    before = mb(resource.RUSAGE_SELF)
    outcome = _parse_file(sys.argv[1], **read_limits())
    print(json.dumps({"error": outcome.error, "before_mb": before,
                      "self_mb": mb(resource.RUSAGE_SELF),
                      "reader_mb": mb(resource.RUSAGE_CHILDREN)}))
    """
)


def peak_memory_of_reading(path) -> dict:
    """Read one file as the ``ingest`` command does, in a fresh process; report peak RSS."""
    completed = subprocess.run(
        [sys.executable, "-c", MEMORY_PROBE, str(path)],
        cwd=BASE_DIR,
        env={"DJANGO_SETTINGS_MODULE": "ofsted_kb.settings_test", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=300,  # a hang guard, not a speed goal
    )
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout.strip().splitlines()[-1])


def test_a_compression_bomb_costs_bounded_memory(tmp_path):
    """pdfium alone took 3 GB for this 2 MB file; read in the capped child it stops near the
    cap, and the process that asked for it does not grow."""
    path = tmp_path / "bomb.pdf"
    path.write_bytes(hostile.bomb_pdf(2048))
    measured = peak_memory_of_reading(path)
    assert "needed more than 512 MB of memory" in measured["error"]
    # The child starts as a copy of its parent and may grow by the cap, no further.
    assert measured["reader_mb"] < measured["before_mb"] + settings.INGEST_READ_MEMORY_MB + 32
    assert measured["self_mb"] < measured["before_mb"] + 16, measured


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "huge.pdf"
    with open(path, "wb") as handle:
        handle.write(b"%PDF-1.7\n")
        handle.truncate(100 * 1_048_576)  # 100 MB on disk
    measured = peak_memory_of_reading(path)
    assert measured["error"] == "the file is 100.0 MB, over the 50 MB limit"
    assert measured["self_mb"] < measured["before_mb"] + 16, measured  # never read whole

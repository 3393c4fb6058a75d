"""The admin upload: a real letter becomes a draft; a bad file is refused on the form and
leaves nothing behind."""

import io

import pytest
from django.conf import settings
from django.urls import reverse
from pypdf import PdfWriter

from inspections.codes import DocumentKind, FindingKind
from inspections.models import Document, IngestRun, Upload
from tests.ingestion.admin.conftest import LETTER, corpus_file, upload


def blank_pdf(*, password=None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if password:
        writer.encrypt(user_password=password, owner_password=password)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def stored_nothing():
    return (
        Document.objects.count(),
        Upload.objects.count(),
        IngestRun.objects.count(),
        sorted(p.name for p in (settings.MEDIA_ROOT / "uploads").glob("*"))
        if (settings.MEDIA_ROOT / "uploads").is_dir()
        else [],
    )


def test_a_letter_becomes_a_draft_with_its_findings(editor_client, editor):
    name, data = corpus_file(LETTER)
    response = upload(
        editor_client,
        name,
        data,
        source_url="https://reports.ofsted.gov.uk/provider/44/80418",
        published_on="2021-11-09",
    )
    upload_row = Upload.objects.get()
    assert response["Location"] == reverse(
        "admin:inspections_document_upload_status", args=[upload_row.pk]
    )
    assert upload_row.status == Upload.Status.DONE
    document = upload_row.document
    assert document.is_published is False
    assert document.kind == DocumentKind.FOCUSED_VISIT
    assert document.authority.name == "Norfolk"
    assert document.source_url == "https://reports.ofsted.gov.uk/provider/44/80418"
    assert document.page_count == 5
    assert document.findings.filter(kind=FindingKind.AREA_FOR_IMPROVEMENT).count() >= 2
    assert upload_row.run.started_by == editor
    assert upload_row.run.counts["findings"] == document.findings.count()
    # The waiting copy is gone; the document keeps its own.
    assert not upload_row.file
    assert document.file.storage.exists(document.file.name)

    page = editor_client.get(response["Location"]).content.decode()
    assert "Ready for review" in page
    assert reverse("admin:inspections_document_change", args=[document.pk]) in page
    assert 'http-equiv="refresh"' not in page


def test_a_queued_upload_shows_progress_and_refreshes(editor_client, editor):
    queued = Upload.objects.create(filename="letter.pdf", sha256="a" * 64, uploaded_by=editor)
    page = editor_client.get(queued.get_absolute_url()).content.decode()
    assert 'http-equiv="refresh"' in page
    assert 'aria-current="step">Uploaded, waiting for the worker' in page


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("letter.pdf", b"<!DOCTYPE html><html><body>Not found</body></html>", "HTML page"),
        ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "binary file"),
        ("letter.pdf", blank_pdf(password="secret"), "encrypted with a password"),
        ("scan.pdf", blank_pdf(), "no text layer"),
        ("empty.pdf", b"", "empty"),
    ],
    ids=["html-named-pdf", "image", "encrypted", "image-only", "empty"],
)
def test_a_bad_file_is_refused_on_the_form(editor_client, name, data, message):
    before = stored_nothing()
    response = upload(editor_client, name, data)
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert len(errors) == 1 and message in errors[0]
    assert message in response.content.decode()
    assert stored_nothing() == before


def test_a_file_over_the_size_limit_is_refused(editor_client, settings):
    _, data = corpus_file(LETTER)
    settings.INGEST_MAX_BYTES = len(data) - 1
    before = stored_nothing()
    response = upload(editor_client, "big.pdf", data)
    [error] = response.context["form"].errors["file"]
    assert "over the 0 MB limit" in error
    assert stored_nothing() == before


def test_a_duplicate_is_refused_naming_what_is_there(editor_client, letter):
    _, data = corpus_file(LETTER)
    before = stored_nothing()
    response = upload(editor_client, "renamed copy.pdf", data)
    [error] = response.context["form"].errors["file"]
    assert f"already here, as “{letter}” (a draft)" in error
    assert stored_nothing() == before


def test_a_readable_file_no_parser_can_place_is_kept_for_review(editor_client):
    """Never lost: it is stored as a draft that waits, with the reason, for staff to say
    what it is (or to delete it)."""
    text = "Minutes of the allotments committee.\n\nThe hedges were trimmed in May.\n" * 3
    response = upload(editor_client, "minutes.txt", text.encode())
    upload_row = Upload.objects.get()
    assert response.status_code == 302
    assert upload_row.status == Upload.Status.DONE
    assert upload_row.run.outcome == IngestRun.Outcome.NEEDS_REVIEW
    document = Document.objects.get()
    assert (document.status, document.is_published) == (Document.Status.NEEDS_REVIEW, False)
    page = editor_client.get(upload_row.get_absolute_url()).content.decode()
    assert "It waits for review" in page
    assert "not a document this site knows" in page


def test_viewers_cannot_upload(viewer_client):
    _, data = corpus_file(LETTER)
    response = upload(viewer_client, "letter.pdf", data)
    assert response.status_code == 403
    assert not Upload.objects.exists()


def test_adding_a_document_by_hand_goes_to_the_upload(editor_client):
    response = editor_client.get(reverse("admin:inspections_document_add"))
    assert response["Location"] == reverse("admin:inspections_document_upload")

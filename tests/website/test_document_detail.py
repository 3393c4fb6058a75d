"""One document's page: metadata, the file with #page=N links, text per page, what was read."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from tests.factories import DocumentFactory, DocumentPageFactory, FindingFactory

pytestmark = pytest.mark.django_db


def test_every_page_has_an_anchor_and_a_link_into_the_file(client, history):
    report = history.documents[1]
    report.file.save("report.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    html = client.get(report.get_absolute_url()).content.decode()
    file_url = reverse("inspections:document-file", args=[report.pk])
    for number in (1, 2):
        assert f'id="page-{number}"' in html
        assert f'href="{file_url}#page={number}"' in html
        assert f'<a href="#page-{number}">{number}</a>' in html


def test_what_was_extracted_links_to_its_page(client, history):
    report = history.documents[1]
    response = client.get(report.get_absolute_url())
    html = response.content.decode()
    assert "Grades it states" in html
    assert '<a href="#page-2">page 2' in html
    assert [g.kind for g in response.context["finding_groups"]] == [
        "recommendation",
        "strength",
    ]


def test_page_text_is_escaped(client):
    document = DocumentFactory(title="<b>Bold</b> title")
    DocumentPageFactory(
        document=document, number=1, text="<script>alert(1)</script>\u202e\u200b text"
    )
    html = client.get(document.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;Bold&lt;/b&gt; title" in html


def test_a_pdf_is_served_inline_for_the_browser_viewer(client):
    document = DocumentFactory(media_type="application/pdf", original_filename="r.pdf")
    document.file.save("r.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    response = client.get(reverse("inspections:document-file", args=[document.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    # A sandbox would stop Chromium's PDF viewer, and with it #page=N.
    assert "Content-Security-Policy" not in response


def test_a_text_file_is_served_as_sandboxed_plain_text(client):
    document = DocumentFactory(media_type="text/markdown", original_filename="paper.md")
    document.file.save("paper.md", ContentFile(b"<script>alert(1)</script>"), save=True)
    response = client.get(reverse("inspections:document-file", args=[document.pk]))
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Security-Policy"] == "sandbox"


def test_a_draft_file_is_not_served(client):
    document = DocumentFactory(is_published=False)
    document.file.save("d.pdf", ContentFile(b"%PDF-1.4"), save=True)
    response = client.get(reverse("inspections:document-file", args=[document.pk]))
    assert response.status_code == 404


def test_document_queries_do_not_grow_with_pages_and_findings(
    client, history, django_assert_max_num_queries
):
    report = history.documents[1]
    for number in range(3, 30):
        DocumentPageFactory(document=report, number=number, text=f"Page {number}")
        FindingFactory(inspection=history.inspections[2], document=report, page=number)
    with django_assert_max_num_queries(7):
        assert client.get(report.get_absolute_url()).status_code == 200

"""The admin shows a document's other renditions, each way, and lists renditions apart."""

import pytest
from django.urls import reverse

from inspections.models import Document
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    pdf = DocumentFactory(media_type="application/pdf", title="Focused visit (PDF)")
    text = DocumentFactory(media_type="text/plain", title="Focused visit (text)", rendition_of=pdf)
    return text, pdf


def change_page(client, document):
    response = client.get(reverse("admin:inspections_document_change", args=[document.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_each_rendition_links_the_other(viewer_client, pair):
    text, pdf = pair
    text_url = reverse("admin:inspections_document_change", args=[text.pk])
    pdf_url = reverse("admin:inspections_document_change", args=[pdf.pk])
    page = change_page(viewer_client, pdf)
    assert "The primary rendition" in page and f'href="{text_url}"' in page
    page = change_page(viewer_client, text)
    assert "Another rendition of" in page and f'href="{pdf_url}"' in page


def test_the_list_filters_renditions(viewer_client, pair):
    text, pdf = pair
    url = reverse("admin:inspections_document_changelist")
    response = viewer_client.get(url, {"rendition_of__isempty": "0"})
    assert list(response.context["cl"].result_list) == [text]
    response = viewer_client.get(url, {"rendition_of__isempty": "1"})
    assert list(response.context["cl"].result_list) == [pdf]
    assert Document.objects.public().get() == pdf

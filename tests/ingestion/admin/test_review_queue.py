"""The needs-review queue in the admin: a letter whose authority is not found waits with
its reason, cannot be published, and is extracted once staff choose the authority."""

from django.urls import reverse

from authorities.models import Authority
from inspections.models import Document
from tests.ingestion.admin.conftest import change_form_data, upload
from tests.ingestion.test_needs_review import LETTER


def test_the_review_queue_in_the_admin(editor_client):
    """Uploaded, it waits in the queue with its reason; staff pick the authority on its page,
    which reads it again, and publish."""

    upload(editor_client, "atlantis.txt", LETTER)
    document = Document.objects.get()
    queue = editor_client.get(
        reverse("admin:inspections_document_changelist"), {"status__exact": "needs_review"}
    )
    assert list(queue.context["cl"].result_list) == [document]
    change = reverse("admin:inspections_document_change", args=[document.pk])
    page = editor_client.get(change)
    assert "Why it waits" in page.content.decode()
    assert "authority not found" in page.content.decode()

    refused = editor_client.post(
        reverse("admin:inspections_document_publish", args=[document.pk]),
        {"published": "1"},
        follow=True,
    )
    assert "cannot be published before it is read" in refused.content.decode()
    document.refresh_from_db()
    assert not document.is_published

    data = change_form_data(editor_client.get(change))
    data["authority"] = str(Authority.objects.get(slug="kent").pk)
    saved = editor_client.post(change, data, follow=True)
    assert "Re-parsed" in saved.content.decode()  # saving the answer read it again
    document.refresh_from_db()
    assert (document.status, document.is_published) == (Document.Status.PARSED, False)
    assert document.inspections.get().start_date.isoformat() == "2019-01-14"
    editor_client.post(
        reverse("admin:inspections_document_publish", args=[document.pk]), {"published": "1"}
    )
    document.refresh_from_db()
    assert (document.status, document.is_published) == (Document.Status.PARSED, True)
    assert document.authority.slug == "kent"
    assert document.inspections.get().authority.slug == "kent"


def test_a_waiting_document_cannot_be_published_by_ticking_the_box(editor_client):
    upload(editor_client, "atlantis.txt", LETTER)
    document = Document.objects.get()
    change = reverse("admin:inspections_document_change", args=[document.pk])
    data = change_form_data(editor_client.get(change))
    data["is_published"] = "on"
    editor_client.post(change, data)
    document.refresh_from_db()
    assert (document.status, document.is_published) == (Document.Status.NEEDS_REVIEW, False)


def test_the_uploader_can_say_whose_document_it_is(editor_client):
    """A council's paper often never names its council: the upload form's authority places
    it (the text still wins where it names one)."""
    kent = Authority.objects.get(slug="kent")
    upload(editor_client, "atlantis.txt", LETTER, authority=str(kent.pk))
    document = Document.objects.get()
    assert (document.authority, document.status) == (kent, Document.Status.PARSED)
    assert document.found_by["authority"] == "caller"
    form = editor_client.get(reverse("admin:inspections_document_upload")).content.decode()
    assert ">Dorset (former, to 2019)</option>" in form

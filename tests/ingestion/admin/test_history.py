"""Who changed what and when: documents, judgements and findings keep a history the admin
shows."""

from django.urls import reverse

from findings.models import Finding
from inspections.models import Document
from tests.ingestion.admin.conftest import change_form_data, inline_index


def test_an_edit_in_the_review_page_is_in_the_findings_history(editor_client, editor, letter):
    finding = letter.findings.order_by("order")[1]
    url = reverse("admin:inspections_document_change", args=[letter.pk])
    data = change_form_data(editor_client.get(url))
    data[f"findings-{inline_index(data, 'findings', finding.pk)}-text"] = "Staff's wording."
    assert editor_client.post(url, data).status_code == 302

    latest, first = finding.history.all()[:2]
    assert (latest.history_type, latest.history_user, latest.text) == (
        "~",
        editor,
        "Staff's wording.",
    )
    assert first.history_type == "+" and first.history_user == editor  # made by the upload
    assert [c.field for c in latest.diff_against(first).changes] == ["edited_fields", "text"]

    listing = editor_client.get(
        reverse("admin:inspections_historicalfinding_changelist"),
        {"document__id__exact": letter.pk},
    ).content.decode()
    assert "Staff&#x27;s wording." in listing
    assert "<strong>text</strong>" in listing


def test_publishing_is_in_the_documents_history(editor_client, editor, letter):
    editor_client.post(
        reverse("admin:inspections_document_publish", args=[letter.pk]), {"published": "1"}
    )
    record = Document.history.filter(id=letter.pk).first()
    assert record.is_published is True and record.history_user == editor
    page = editor_client.get(
        reverse("admin:inspections_document_history", args=[letter.pk])
    ).content.decode()
    assert "is_published" in page or "Is published" in page
    assert "editor" in page


def test_a_reparse_is_recorded_with_its_reason(editor_client, letter):
    finding = letter.findings.order_by("order")[0]
    type(finding).objects.filter(pk=finding.pk).update(text="Older text.")
    editor_client.post(reverse("admin:inspections_document_reparse", args=[letter.pk]))
    record = finding.history.first()
    assert record.history_change_reason.startswith("re-parsed by focused_visit")
    assert record.history_user.username == "editor"


def test_work_done_outside_a_request_is_recorded_against_its_user(editor, letter):
    """The worker ingests uploads and commands re-parse with no request to take the user
    from: the services name the user on each row they save."""
    from ingestion.services import reparse_document, set_published

    Finding.objects.filter(pk=letter.findings.first().pk).update(text="An older parser's text.")
    reparse_document(document=letter, user=editor)
    set_published(documents=[letter], published=False, user=editor)
    assert letter.history.latest().history_user == editor
    assert Finding.history.filter(document_id=letter.pk).latest().history_user == editor

"""Editors upload, correct and publish; viewers read drafts and change nothing; the public
never sees a draft."""

from django.contrib.auth.models import Group
from django.urls import reverse

from inspections.models import Document


def test_the_groups_migration_makes_both_roles(db):
    editors = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    viewers = set(Group.objects.get(name="Viewers").permissions.values_list("codename", flat=True))
    assert {"add_document", "change_finding", "delete_finding", "publish_document"} <= editors
    assert {"view_document", "view_finding", "view_judgement", "view_historicalfinding"} <= (
        viewers
    )
    assert not {c for c in viewers if not c.startswith("view_")}


def test_a_draft_is_a_404_to_the_public_until_published(client, editor_client, letter):
    inspection = letter.inspections.get()
    finding = letter.findings.first()
    editor_client.logout()
    for url in (
        letter.get_absolute_url(),
        inspection.get_absolute_url(),
        finding.get_absolute_url(),
    ):
        assert client.get(url).status_code == 404, url

    client.force_login(letter.ingest_runs.get().started_by)
    response = client.post(
        reverse("admin:inspections_document_publish", args=[letter.pk]), {"published": "1"}
    )
    assert response.status_code == 302
    client.logout()
    for url in (
        letter.get_absolute_url(),
        inspection.get_absolute_url(),
        finding.get_absolute_url(),
    ):
        assert client.get(url).status_code == 200, url


def test_a_viewer_reads_a_draft_but_cannot_publish_or_change_it(client, letter, viewer):
    client.force_login(viewer)
    page = client.get(reverse("admin:inspections_document_change", args=[letter.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Draft: not visible to the public" in html
    assert reverse("admin:inspections_document_publish", args=[letter.pk]) not in html
    assert reverse("admin:inspections_document_reparse", args=[letter.pk]) not in html
    assert 'name="_save"' not in html

    publish = client.post(
        reverse("admin:inspections_document_publish", args=[letter.pk]), {"published": "1"}
    )
    reparse = client.post(reverse("admin:inspections_document_reparse", args=[letter.pk]))
    action = client.post(
        reverse("admin:inspections_document_changelist"),
        {"action": "publish", "_selected_action": [letter.pk]},
    )
    assert publish.status_code == 403
    assert reparse.status_code == 403
    assert action.status_code in (200, 302)
    letter.refresh_from_db()
    assert letter.is_published is False
    assert letter.ingest_runs.count() == 1


def test_an_editor_sees_the_publish_and_reparse_buttons(editor_client, letter):
    html = editor_client.get(
        reverse("admin:inspections_document_change", args=[letter.pk])
    ).content.decode()
    assert reverse("admin:inspections_document_publish", args=[letter.pk]) in html
    assert reverse("admin:inspections_document_reparse", args=[letter.pk]) in html
    # The review page shows the document's pages beside the form, escaped.
    assert 'id="page-1"' in html and 'id="page-5"' in html
    assert "Focused visit to Norfolk" in html


def test_publish_is_a_post_only(editor_client, letter):
    url = reverse("admin:inspections_document_publish", args=[letter.pk])
    assert editor_client.get(url).status_code == 405
    assert Document.objects.get(pk=letter.pk).is_published is False


def test_the_publish_action_in_the_list(editor_client, letter):
    response = editor_client.post(
        reverse("admin:inspections_document_changelist"),
        {"action": "publish", "_selected_action": [letter.pk]},
    )
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.is_published is True

"""The public site is read-only: the admin needs a staff login, and public URLs refuse writes."""

import pytest
from django.urls import reverse

from tests.factories import DocumentFactory, FindingFactory, InspectionFactory

pytestmark = pytest.mark.django_db


def test_anonymous_users_are_sent_to_the_admin_login(client):
    response = client.get(reverse("admin:inspections_document_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_anonymous_users_cannot_add_through_the_admin(client):
    before = InspectionFactory._meta.model.objects.count()
    response = client.post(reverse("admin:inspections_inspection_add"), {"framework": "sif"})
    assert response.status_code == 302
    assert InspectionFactory._meta.model.objects.count() == before


def test_a_logged_in_non_staff_user_cannot_use_the_admin(client, django_user_model):
    user = django_user_model.objects.create_user("reader", password="pw-123456789")
    client.force_login(user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302


def test_staff_with_permission_reach_the_admin(admin_client):
    assert admin_client.get(reverse("admin:inspections_document_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:inspections_inspection_add")).status_code == 200


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_public_pages_refuse_writes(client, method):
    finding = FindingFactory()
    urls = [
        reverse("home"),
        reverse("authorities:authority-list"),
        finding.inspection.authority.get_absolute_url(),
        finding.inspection.get_absolute_url(),
        finding.document.get_absolute_url(),
        reverse("findings:finding-list"),
        reverse("findings:finding-csv"),
        finding.get_absolute_url(),
        reverse("search") + "?q=plans",
        reverse("inspections:document-file", args=[finding.document.pk]),
    ]
    for url in urls:
        response = getattr(client, method)(url)
        assert response.status_code == 405, url


def test_drafts_are_invisible_to_the_public(client):
    draft = DocumentFactory(is_published=False)
    finding = FindingFactory(document=draft, inspection__authority=draft.authority)
    finding.inspection.documents.add(draft)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(finding.get_absolute_url()).status_code == 404
    assert client.get(finding.inspection.get_absolute_url()).status_code == 404

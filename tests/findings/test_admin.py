"""Staff review in the admin: confirm, correct or reject a suggestion in a click or two, edit
a finding's themes; the public cannot."""

import pytest
from django.urls import reverse

from findings.models import Finding, FollowUp, Theme
from findings.services import tag_findings
from tests.factories import FindingFactory, FollowUpFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:findings_followup_changelist")
REVIEW = reverse("admin:findings_followup_review")


@pytest.fixture
def suggestion():
    return FollowUpFactory(
        status=FollowUp.Status.RECURRING,
        score=0.5,
        reasons={
            "themes": ["front-door"],
            "terms": ["triage"],
            "status_rule": "named again",
            "clause": "triage",
        },
    )


def test_the_list_shows_one_click_buttons_for_each_suggestion(admin_client, suggestion):
    html = admin_client.get(CHANGELIST).content.decode()
    assert f'name="_review" value="confirm:{suggestion.pk}"' in html
    assert f'name="_review" value="reject:{suggestion.pk}"' in html
    assert f'formaction="{REVIEW}"' in html


@pytest.mark.parametrize(("action", "origin"), [("confirm", "confirmed"), ("reject", "rejected")])
def test_one_click_confirms_or_rejects(admin_client, admin_user, suggestion, action, origin):
    response = admin_client.post(REVIEW, {"_review": f"{action}:{suggestion.pk}"})
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.origin == origin
    assert suggestion.status == FollowUp.Status.RECURRING
    assert suggestion.reviewed_by == admin_user
    assert suggestion.reviewed_at is not None


def test_a_bad_review_request_changes_nothing(admin_client, suggestion):
    for value in ("approve:1", "confirm:abc", "confirm:999999", ""):
        response = admin_client.post(REVIEW, {"_review": value}, follow=True)
        assert response.status_code == 200
        assert "Nothing to review" in response.content.decode()
    suggestion.refresh_from_db()
    assert suggestion.origin == FollowUp.Origin.SUGGESTED
    assert admin_client.get(REVIEW).status_code == 405


def test_correcting_the_status_in_the_list_confirms_it(admin_client, suggestion):
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": str(suggestion.pk),
        "form-0-status": FollowUp.Status.PROGRESS,
        "_save": "Save",
    }
    response = admin_client.post(CHANGELIST, data)
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.origin) == ("progress", "confirmed")


def test_the_change_page_shows_why_and_has_confirm_and_reject(admin_client, suggestion):
    url = reverse("admin:findings_followup_change", args=[suggestion.pk])
    html = admin_client.get(url).content.decode()
    assert "Why it was suggested" in html
    assert "Shared themes: Front door" in html
    assert 'name="_confirm"' in html and 'name="_reject"' in html
    form = {
        "status": FollowUp.Status.NO_PROGRESS,
        "recommendation": suggestion.recommendation_id,
        "evidence": suggestion.evidence_id,
        "evidence_document": suggestion.evidence_document_id,
        "passage": suggestion.passage,
        "_reject": "Reject this link",
    }
    assert admin_client.post(url, form).status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.origin == FollowUp.Origin.REJECTED


def test_staff_themes_survive_re_tagging(admin_client):
    finding = FindingFactory(text="Return home interviews for children who go missing.")
    tag_findings(Finding.objects.filter(pk=finding.pk))
    assert set(finding.themes.values_list("slug", flat=True)) == {"missing-children"}
    exploitation = Theme.objects.get(slug="exploitation")
    url = reverse("admin:findings_finding_change", args=[finding.pk])
    form = {
        "inspection": finding.inspection_id,
        "document": finding.document_id,
        "page": 2,
        "kind": finding.kind,
        "section": "",
        "order": finding.order,
        "text": finding.text,
        "themes": [exploitation.pk],
        "follow_ups-TOTAL_FORMS": "0",
        "follow_ups-INITIAL_FORMS": "0",
    }
    response = admin_client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    finding.refresh_from_db()
    assert "themes" in finding.edited_fields
    tag_findings()
    assert set(finding.themes.values_list("slug", flat=True)) == {"exploitation"}


def test_the_public_and_non_staff_cannot_review(client, django_user_model, suggestion):
    response = client.post(REVIEW, {"_review": f"confirm:{suggestion.pk}"})
    assert response.status_code == 302 and "/login/" in response["Location"]
    user = django_user_model.objects.create_user("reader", password="pw-reader-1")
    client.force_login(user)
    response = client.post(REVIEW, {"_review": f"confirm:{suggestion.pk}"})
    assert response.status_code == 302 and "/login/" in response["Location"]
    suggestion.refresh_from_db()
    assert suggestion.origin == FollowUp.Origin.SUGGESTED


def test_reviews_need_the_csrf_token(suggestion, admin_user):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    response = client.post(REVIEW, {"_review": f"confirm:{suggestion.pk}"})
    assert response.status_code == 403
    suggestion.refresh_from_db()
    assert suggestion.origin == FollowUp.Origin.SUGGESTED

"""Synthetic authorities and everything of theirs stay off the public pages, lists, search and
CSV, unless SHOW_SYNTHETIC_DATA is on (as on the benchmark server)."""

import pytest
from django.test import override_settings
from django.urls import reverse

from authorities.models import Authority
from findings.models import Finding
from inspections.codes import FindingKind
from inspections.models import Document, Inspection
from inspections.queries import public_judgements

pytestmark = pytest.mark.django_db

SHOWN = override_settings(SHOW_SYNTHETIC_DATA=True)


@pytest.fixture
def pieces(nation):
    """One of each thing a synthetic authority has, with its public URL."""
    authority = nation.first()
    inspection = Inspection.objects.filter(authority=authority, findings__isnull=False).first()
    recommendation = Finding.objects.filter(
        document__authority=authority, kind=FindingKind.RECOMMENDATION
    ).first()
    return {
        "authority": authority.get_absolute_url(),
        "inspection": inspection.get_absolute_url(),
        "document": recommendation.document.get_absolute_url(),
        "recommendation": recommendation.get_absolute_url(),
    }


@pytest.mark.parametrize("page", ["authority", "inspection", "document", "recommendation"])
def test_a_synthetic_page_is_not_found_unless_shown(client, pieces, page):
    assert client.get(pieces[page]).status_code == 404
    with SHOWN:
        assert client.get(pieces[page]).status_code == 200


def test_the_querysets_hide_synthetic_rows_unless_shown(nation, real):
    assert list(Authority.objects.public().filter(is_synthetic=True)) == []
    assert list(Document.objects.published()) == [real.document]
    assert list(Finding.objects.published()) == [real]
    assert not Inspection.objects.published().filter(authority__is_synthetic=True).exists()
    assert not public_judgements().filter(inspection__authority__is_synthetic=True).exists()
    with SHOWN:
        assert Authority.objects.public().filter(is_synthetic=True).count() == 3
        assert Document.objects.published().count() > 1
        assert public_judgements().filter(inspection__authority__is_synthetic=True).exists()


def test_lists_and_home_leave_them_out(client, nation, real):
    authorities = client.get(reverse("authorities:authority-list"))
    names = {authority.name for authority, _ in authorities.context["rows"]}
    assert not any(name.startswith("Synthetic") for name in names)
    findings = client.get(reverse("findings:finding-list"))
    assert findings.context["paginator"].count == 1
    assert "Synthetic" not in findings.content.decode()  # nor in the authority choices
    home = client.get(reverse("home"))
    assert (
        home.context["national"].total
        == Authority.objects.current().filter(is_synthetic=False).count()
    )
    with SHOWN:
        findings = client.get(reverse("findings:finding-list"))
        assert findings.context["paginator"].count == Finding.objects.count()
        assert client.get(reverse("home")).context["national"].total == (
            Authority.objects.current().count()
        )


def test_search_and_the_csv_leave_them_out(client, nation, real):
    # "care leavers" is in the real finding and page, and all over the synthetic ones.
    response = client.get(reverse("search"), {"q": "care leavers"})
    assert response.context["totals"] == {"findings": 1, "pages": 1}
    body = b"".join(client.get(reverse("findings:finding-csv")).streaming_content).decode()
    assert "Synthetic Borough" not in body
    assert real.text in body
    with SHOWN:
        response = client.get(reverse("search"), {"q": "care leavers"})
        assert response.context["totals"]["pages"] > 1
        body = b"".join(client.get(reverse("findings:finding-csv")).streaming_content).decode()
        assert "Synthetic Borough" in body

"""The database itself refuses bad rows: constraints are named and enforced on both backends."""

import pytest
from django.db import IntegrityError, connection, transaction

from authorities.models import Authority
from inspections.models import Document, Inspection, Judgement
from tests.factories import (
    AuthorityFactory,
    DocumentFactory,
    FindingFactory,
    FollowUpFactory,
    InspectionFactory,
    JudgementFactory,
)

pytestmark = pytest.mark.django_db


def refused(constraint_name, make):
    """``make()`` must fail in the database, naming ``constraint_name`` where the backend can.

    PostgreSQL names every violated constraint; SQLite names CHECK constraints but reports a
    UNIQUE violation by its columns.
    """
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        make()
    message = str(error.value)
    if constraint_name and (connection.vendor == "postgresql" or "CHECK" in message):
        assert constraint_name in message


def test_one_judgement_per_inspection_area_and_source():
    judgement = JudgementFactory()
    refused(
        "inspections_judgement_unique_per_source",
        lambda: Judgement.objects.create(
            inspection=judgement.inspection,
            area=judgement.area,
            grade="inadequate",
            source_document=judgement.source_document,
        ),
    )


def test_the_same_area_from_another_source_is_kept_beside_it():
    judgement = JudgementFactory()
    other = DocumentFactory(authority=judgement.inspection.authority)
    Judgement.objects.create(
        inspection=judgement.inspection,
        area=judgement.area,
        grade="requires_improvement",
        source=Judgement.Source.COMMITTEE_PAPER,
        source_document=other,
    )
    assert judgement.inspection.judgements.count() == 2


def test_official_statistics_give_one_grade_per_area():
    inspection = InspectionFactory()
    Judgement.objects.create(
        inspection=inspection,
        area="overall_effectiveness",
        grade="good",
        source=Judgement.Source.OFFICIAL_STATISTICS,
    )
    refused(
        "inspections_judgement_unique_undocumented",
        lambda: Judgement.objects.create(
            inspection=inspection,
            area="overall_effectiveness",
            grade="inadequate",
            source=Judgement.Source.OFFICIAL_STATISTICS,
        ),
    )


def test_a_report_judgement_needs_its_document():
    inspection = InspectionFactory()
    refused(
        "inspections_judgement_source_document_required",
        lambda: Judgement.objects.create(
            inspection=inspection,
            area="overall_effectiveness",
            grade="good",
            source=Judgement.Source.REPORT,
        ),
    )


@pytest.mark.parametrize(
    "field, value",
    [("grade", "excellent"), ("area", "vibes")],
)
def test_grades_and_areas_only_from_their_choices(field, value):
    inspection = InspectionFactory()
    document = DocumentFactory(authority=inspection.authority)
    values = {"area": "overall_effectiveness", "grade": "good", field: value}
    refused(
        f"inspections_judgement_{field}_valid",
        lambda: Judgement.objects.create(
            inspection=inspection, source_document=document, **values
        ),
    )


def test_a_documents_sha256_is_unique():
    document = DocumentFactory()
    refused(
        None,
        lambda: Document.objects.create(sha256=document.sha256, kind="other"),
    )


def test_sha256_must_be_a_hex_digest():
    refused("inspections_document_sha256_hex", lambda: DocumentFactory(sha256="not-a-hash"))


def test_document_kind_only_from_its_choices():
    refused("inspections_document_kind_valid", lambda: DocumentFactory(kind="memo"))


def test_framework_only_from_its_choices():
    refused("inspections_inspection_framework_valid", lambda: InspectionFactory(framework="sats"))


def test_an_inspection_cannot_end_before_it_starts():
    import datetime

    refused(
        "inspections_inspection_dates_ordered",
        lambda: InspectionFactory(
            start_date=datetime.date(2022, 5, 20), end_date=datetime.date(2022, 5, 9)
        ),
    )


def test_one_event_per_authority_framework_and_start_date():
    inspection = InspectionFactory()
    refused(
        "inspections_inspection_unique_event",
        lambda: Inspection.objects.create(
            authority=inspection.authority,
            framework=inspection.framework,
            start_date=inspection.start_date,
        ),
    )


def test_authority_region_and_code_are_checked():
    refused("authorities_authority_region_valid", lambda: AuthorityFactory(region="wessex"))
    refused("authorities_authority_ons_code_format", lambda: AuthorityFactory(ons_code="K123"))
    assert not Authority.objects.filter(region="wessex").exists()


def test_finding_kind_and_text_are_checked():
    refused("findings_finding_kind_valid", lambda: FindingFactory(kind="gossip"))
    refused("findings_finding_text_not_empty", lambda: FindingFactory(text=""))


def test_a_follow_up_cannot_point_at_itself():
    finding = FindingFactory()
    refused(
        "findings_followup_not_self",
        lambda: FollowUpFactory(recommendation=finding, evidence=finding),
    )

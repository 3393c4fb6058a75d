"""The "latest grade" rules and the public judgement filter behind every page's grades."""

import datetime

import pytest

from inspections.codes import Framework, Grade, JudgementArea
from inspections.models import Judgement
from inspections.queries import (
    by_area,
    latest_judgements,
    preferred_order,
    public_judgements,
    summarise,
)
from tests.factories import AuthorityFactory, DocumentFactory, InspectionFactory, JudgementFactory

pytestmark = pytest.mark.django_db

OVERALL = JudgementArea.OVERALL_EFFECTIVENESS


def test_the_latest_inspection_with_the_area_gives_the_grade(history):
    latest = latest_judgements([history.authority.pk])[history.authority.pk]
    assert latest[OVERALL].inspection == history.inspections[2]  # ILACS 2022, not the SIF
    assert latest[JudgementArea.LOOKED_AFTER_AND_PERMANENCE].inspection == history.inspections[1]


def test_the_report_wins_over_a_committee_paper(history):
    latest = latest_judgements([history.authority.pk])[history.authority.pk]
    assert latest[OVERALL].grade == Grade.GOOD
    assert latest[OVERALL].source == Judgement.Source.REPORT


def test_official_statistics_win_over_a_recap():
    inspection = InspectionFactory()
    JudgementFactory(inspection=inspection, grade=Grade.INADEQUATE, source="recap")
    JudgementFactory(
        inspection=inspection,
        grade=Grade.GOOD,
        source=Judgement.Source.OFFICIAL_STATISTICS,
        source_document=None,
    )
    latest = latest_judgements([inspection.authority_id])[inspection.authority_id]
    assert latest[OVERALL].grade == Grade.GOOD


def test_an_undated_inspection_is_placed_by_its_publication_date():
    authority = AuthorityFactory()
    dated = InspectionFactory(
        authority=authority, start_date=datetime.date(2012, 1, 9), end_date=None
    )
    JudgementFactory(inspection=dated, grade=Grade.INADEQUATE)
    statistics_only = InspectionFactory(
        authority=authority,
        framework=Framework.SIF,
        start_date=None,
        end_date=None,
        published_on=datetime.date(2015, 6, 1),
    )
    JudgementFactory(
        inspection=statistics_only,
        grade=Grade.GOOD,
        source=Judgement.Source.OFFICIAL_STATISTICS,
        source_document=None,
    )
    latest = latest_judgements([authority.pk])[authority.pk]
    assert latest[OVERALL].inspection == statistics_only
    assert latest[OVERALL].event_date == datetime.date(2015, 6, 1)


def test_drafts_never_give_a_grade():
    authority = AuthorityFactory()
    published = InspectionFactory(
        authority=authority, start_date=datetime.date(2018, 1, 1), end_date=None
    )
    JudgementFactory(inspection=published, grade=Grade.GOOD)
    draft_only = InspectionFactory(
        authority=authority, start_date=datetime.date(2023, 1, 1), end_date=None
    )
    draft = DocumentFactory(authority=authority, is_published=False)
    draft_only.documents.add(draft)
    JudgementFactory(inspection=draft_only, grade=Grade.INADEQUATE, source_document=draft)
    JudgementFactory(
        inspection=draft_only,
        area=JudgementArea.HELP_AND_PROTECTION,
        grade=Grade.INADEQUATE,
        source=Judgement.Source.OFFICIAL_STATISTICS,
        source_document=None,
    )
    latest = latest_judgements([authority.pk])[authority.pk]
    assert latest[OVERALL].grade == Grade.GOOD
    assert JudgementArea.HELP_AND_PROTECTION not in latest
    assert not public_judgements().filter(inspection=draft_only).exists()


def test_a_summary_column_takes_the_newest_of_its_areas(history):
    latest = latest_judgements([history.authority.pk])[history.authority.pk]
    cells = {cell.heading: cell for cell in summarise(latest)}
    assert cells["Children in care"].judgement.area == (
        JudgementArea.CHILDREN_IN_CARE_AND_CARE_LEAVERS
    )
    assert cells["Overall effectiveness"].short_label == "Good"


def test_areas_group_every_source_and_flag_disagreement(history):
    ilacs = history.inspections[2]
    areas = by_area(preferred_order(public_judgements().filter(inspection=ilacs)))
    overall = areas[0]
    assert overall.area == OVERALL
    assert overall.is_conflict
    assert overall.preferred.grade == Grade.GOOD
    assert {j.grade for j in overall.sources} == {Grade.GOOD, Grade.OUTSTANDING}
    assert not any(a.is_conflict for a in areas[1:])

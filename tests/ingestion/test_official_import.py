"""Importing the official statistics: the grades land on the report's event, and the pages
that show grades are told the data changed."""

import datetime

import pytest
from django.core.cache import caches
from django.test import override_settings

from ingestion.official_statistics import OfficialInspection
from ingestion.services import import_official_outcomes
from inspections.codes import Framework, Grade, JudgementArea
from inspections.models import Judgement
from ofsted_kb import cache
from tests.factories import AuthorityFactory, InspectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def caching():
    with override_settings(
        CACHES={
            "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
            "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        }
    ):
        caches["default"].clear()
        yield


def test_grades_written_in_bulk_onto_existing_events_give_a_new_data_version(
    caching, django_capture_on_commit_callbacks
):
    # The event is already there (its report came first): the import writes only grades,
    # in one bulk insert that sends no signal, and must still say the data changed.
    inspection = InspectionFactory(
        authority=AuthorityFactory(name="Testborough"),
        start_date=datetime.date(2022, 5, 9),
        published_on=datetime.date(2022, 7, 5),
    )
    record = OfficialInspection(
        authority_name="Testborough",
        framework=Framework.ILACS_STANDARD,
        published_on=datetime.date(2022, 7, 5),
        start_date=datetime.date(2022, 5, 9),
        ons_code=inspection.authority.ons_code,
        judgements={JudgementArea.OVERALL_EFFECTIVENESS: Grade.GOOD},
        row="a test row",
    )
    before = cache.data_version()
    with django_capture_on_commit_callbacks(execute=True):
        result = import_official_outcomes([record])
    assert (result.inspections_matched, result.inspections_created) == (1, 0)
    assert inspection.judgements.get().source == Judgement.Source.OFFICIAL_STATISTICS
    assert cache.data_version() != before

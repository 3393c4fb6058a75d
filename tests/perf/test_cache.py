"""The page cache and the national aggregates: served from memory until the data changes, and
a committed change (never a rolled-back one) shows at once."""

import datetime
import gc
import weakref

import pytest
from django.core.cache import caches
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from findings.services import tag_findings
from inspections.codes import Grade, JudgementArea
from inspections.models import Document, DocumentPage
from inspections.national import inspections_by_overall_grade, latest_grades
from inspections.queries import latest_judgements
from ofsted_kb import cache
from tests.factories import (
    AuthorityFactory,
    DocumentFactory,
    DocumentPageFactory,
    FindingFactory,
    InspectionFactory,
    JudgementFactory,
)

pytestmark = pytest.mark.django_db

CACHING = override_settings(
    CACHES={
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "v"},
        "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "p"},
    }
)


@pytest.fixture
def caching():
    with CACHING:
        caches["default"].clear()
        caches["local"].clear()
        cache._aggregates.clear()
        yield
        cache._aggregates.clear()


def recent_titles(client):
    return client.get(reverse("home")).content.decode()


def test_a_page_is_served_from_the_cache_until_the_data_changes(
    client, caching, django_capture_on_commit_callbacks
):
    letter = DocumentFactory(title="First letter", published_on=datetime.date(2024, 1, 1))
    assert "First letter" in recent_titles(client)
    # A write the ORM sends no signal for (update()) leaves the cached page as it was...
    Document.objects.filter(pk=letter.pk).update(title="Renamed letter")
    assert "First letter" in recent_titles(client)
    # ...until something says the data changed, as bulk writers must.
    with django_capture_on_commit_callbacks(execute=True):
        cache.data_changed()
    assert "Renamed letter" in recent_titles(client)


def test_a_committed_save_shows_at_once(client, caching, django_capture_on_commit_callbacks):
    assert "New letter" not in recent_titles(client)
    with django_capture_on_commit_callbacks(execute=True):
        DocumentFactory(title="New letter", published_on=datetime.date(2024, 3, 1))
    assert "New letter" in recent_titles(client)


def test_many_writes_in_a_transaction_make_one_new_version(
    caching, django_capture_on_commit_callbacks
):
    before = cache.data_version()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        authority = AuthorityFactory()
        for year in (2014, 2019, 2023):
            JudgementFactory(
                inspection=InspectionFactory(
                    authority=authority, start_date=datetime.date(year, 1, 6), end_date=None
                )
            )
    assert len(callbacks) == 1
    assert cache.data_version() != before


def test_a_rolled_back_write_changes_nothing(caching, django_capture_on_commit_callbacks):
    before = cache.data_version()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                DocumentFactory()
                raise RuntimeError("the write fails")
        except RuntimeError:
            pass
    assert callbacks == []
    assert cache.data_version() == before


def test_an_aggregate_is_computed_once_a_version(caching, django_capture_on_commit_callbacks):
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert cache.cached("test", compute) == 1
    assert cache.cached("test", compute) == 1
    with django_capture_on_commit_callbacks(execute=True):
        AuthorityFactory()
    assert cache.cached("test", compute) == 2


class Kept:
    """Stands for an aggregate's many small objects (weak-referenceable, tracked by the
    cyclic collector)."""

    def __init__(self, n):
        self.n = n


def test_an_aggregate_is_out_of_the_collectors_full_passes_yet_freed_when_replaced(
    caching, django_capture_on_commit_callbacks
):
    """A national aggregate is frozen (gc.freeze) once built, so the collector's full passes
    no longer walk it on some request; replaced after a data change, it is still freed."""
    gc.unfreeze()
    first = cache.cached("test", lambda: [Kept(n) for n in range(1000)])
    # Every one of them is frozen: no generation the collector scans holds it.
    assert gc.get_freeze_count() >= 1000
    assert not any(gc.is_tracked(o) and o in gc.get_objects() for o in first[:1])
    gone = weakref.ref(first[0])
    del first
    with django_capture_on_commit_callbacks(execute=True):
        AuthorityFactory()
    second = cache.cached("test", lambda: [Kept(n) for n in range(10)])
    assert gone() is None  # reference counting freed the old one, frozen or not
    assert second[0].n == 0


def test_the_national_picture_agrees_with_latest_judgements(history, crowd):
    everyone = [history.authority.pk, *(a.pk for a in crowd)]
    expected = latest_judgements(everyone)
    national = latest_grades()
    for pk in everyone:
        assert {area: j.grade for area, j in national[pk].items()} == {
            area: j.grade for area, j in expected[pk].items()
        }
        assert {area: j.inspection_id for area, j in national[pk].items()} == {
            area: j.inspection_id for area, j in expected[pk].items()
        }
        for area, judgement in national[pk].items():
            assert judgement.event_date == expected[pk][area].event_date
            assert judgement.inspection.get_absolute_url() == (
                expected[pk][area].inspection.get_absolute_url()
            )


def test_the_grade_filter_uses_each_inspections_preferred_overall_grade(history):
    ilacs = history.inspections[2]  # good in its report, outstanding in a committee paper
    by_grade = inspections_by_overall_grade()
    assert ilacs.pk in by_grade[Grade.GOOD]
    assert ilacs.pk not in by_grade.get(Grade.OUTSTANDING, [])
    assert history.inspections[1].pk in by_grade[Grade.INADEQUATE]


def test_an_inspection_with_only_a_draft_report_has_no_public_grade():
    draft = DocumentFactory(is_published=False)
    inspection = InspectionFactory(authority=draft.authority)
    inspection.documents.add(draft)
    JudgementFactory(
        inspection=inspection,
        area=JudgementArea.OVERALL_EFFECTIVENESS,
        grade=Grade.INADEQUATE,
        source_document=draft,
    )
    assert inspection.pk not in inspections_by_overall_grade().get(Grade.INADEQUATE, [])
    assert draft.authority_id not in latest_grades()


def test_bulk_theme_tagging_gives_a_new_version(caching, django_capture_on_commit_callbacks):
    FindingFactory(text="Care leavers have personal advisers.")
    before = cache.data_version()
    with django_capture_on_commit_callbacks(execute=True):
        tag_findings()
    assert cache.data_version() != before


def test_deleting_pages_in_bulk_sends_no_signal_per_row(django_assert_max_num_queries):
    """Listening to deletes only of main rows keeps Django's bulk delete of pages one query."""
    document = DocumentFactory()
    for number in range(1, 6):
        DocumentPageFactory(document=document, number=number)
    with django_assert_max_num_queries(1):
        DocumentPage.objects.filter(document=document).delete()
    assert not DocumentPage.objects.filter(document=document).exists()

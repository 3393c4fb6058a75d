"""Every endpoint and feed answers in a number of queries that does not grow with the data,
and the API's counts are the pages' counts."""

import base64
from urllib.parse import urlencode

import pytest
from django.core.cache import caches as django_caches
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from findings.models import Theme
from inspections.codes import FindingKind
from ofsted_kb.cache import data_changed
from tests.factories import FindingFactory

from .conftest import build_world

pytestmark = pytest.mark.django_db


def _after(position) -> str:
    """The cursor parameter of the page after the record at ``position``, encoded as the
    API's ``next`` links encode it."""
    cursor = base64.b64encode(urlencode({"p": position}).encode()).decode()
    return urlencode({"cursor": cursor})


#: Every endpoint and feed, with the records of the first world it is about: each list
#: bare and with its filters (a filter may cost a query of its own), each detail.
ADDRESSES = {
    "authorities": lambda w: "/api/v1/authorities/",
    "authorities filtered": lambda w: "/api/v1/authorities/?region=north_west&status=current",
    "authorities next page": lambda w: f"/api/v1/authorities/?{_after(w.riverton.slug)}",
    "authority": lambda w: f"/api/v1/authorities/{w.riverton.slug}/",
    "grades": lambda w: f"/api/v1/authorities/{w.riverton.slug}/grades/",
    "inspections": lambda w: "/api/v1/inspections/",
    "inspections filtered": lambda w: (
        "/api/v1/inspections/?region=north_west"
        "&framework=ilacs_standard&date_from=2015-01-01&date_to=2023-12-31"
    ),
    "inspections of an authority": lambda w: f"/api/v1/inspections/?authority={w.riverton.slug}",
    "inspection": lambda w: f"/api/v1/inspections/{w.inspections[1].pk}/",
    "documents": lambda w: "/api/v1/documents/",
    "documents filtered": lambda w: (
        "/api/v1/documents/?region=north_west"
        "&kind=inspection_report&published_from=2015-01-01&published_to=2024-12-31"
    ),
    "documents of an authority": lambda w: f"/api/v1/documents/?authority={w.riverton.slug}",
    "document": lambda w: f"/api/v1/documents/{w.documents[1].pk}/",
    "findings": lambda w: "/api/v1/findings/",
    "findings filtered": lambda w: "/api/v1/findings/?kind=asked_to_improve&theme=care-leavers",
    "findings of an authority": lambda w: (
        f"/api/v1/findings/?authority={w.riverton.slug}"
        "&grade=inadequate&follow_up=progress&date_from=2015-01-01&q=plans"
    ),
    "findings next page": lambda w: f"/api/v1/findings/?kind=strength&{_after(w.findings[0].pk)}",
    "finding": lambda w: f"/api/v1/findings/{w.findings[0].pk}/",
    "trail": lambda w: f"/api/v1/findings/{w.findings[0].pk}/follow-ups/",
    "follow-ups": lambda w: "/api/v1/follow-ups/",
    "follow-ups filtered": lambda w: (
        f"/api/v1/follow-ups/?authority={w.riverton.slug}&status=progress&origin=suggested"
    ),
    "follow-ups of a recommendation": lambda w: (
        f"/api/v1/follow-ups/?recommendation={w.follow_up.recommendation_id}"
    ),
    "follow-up": lambda w: f"/api/v1/follow-ups/{w.follow_up.pk}/",
    "themes": lambda w: "/api/v1/themes/",
    "theme": lambda w: "/api/v1/themes/care-leavers/",
    "schema": lambda w: "/api/v1/schema/",
    "guide": lambda w: "/api/",
    "documents feed": lambda w: "/feeds/documents/",
    "region feed": lambda w: "/feeds/documents/region/north_west/",
    "authority feed": lambda w: f"/feeds/documents/authority/{w.riverton.slug}/",
    "findings feed": lambda w: "/feeds/findings/",
    "filtered findings feed": lambda w: "/feeds/findings/?kind=asked_to_improve&region=north_west",
    "search feed": lambda w: "/feeds/search/?q=plans",
}


@pytest.mark.parametrize("name", ADDRESSES)
def test_queries_do_not_grow_with_the_data(name, client, django_assert_max_num_queries):
    world = build_world()
    address = ADDRESSES[name](world)
    with CaptureQueriesContext(connection) as small:
        first = client.get(address)
    assert first.status_code == 200
    # Nine more worlds: nine times the authorities, inspections, documents, findings, links
    # and drafts, all in the lists and feeds above.
    for n in range(9):
        build_world(prefix=f"more{n}-")
    with django_assert_max_num_queries(len(small)):
        response = client.get(address)
    assert response.status_code == 200
    # The answer grew with the data (a list's count, a feed's entries) while the number of
    # queries held.
    if name in GROWING and address.startswith("/api/"):
        assert response.json()["count"] > first.json()["count"], name
    elif name in GROWING:
        assert len(response.content) > 3 * len(first.content), name


#: The lists and feeds whose answer holds more records when there are more.
GROWING = {
    "authorities",
    "authorities filtered",
    "authorities next page",
    "inspections",
    "inspections filtered",
    "documents",
    "documents filtered",
    "findings",
    "findings filtered",
    "findings next page",
    "follow-ups",
    "documents feed",
    "region feed",
    "findings feed",
    "filtered findings feed",
    "search feed",
}


FILTERS = [
    "",
    "authority=riverton",
    "kind=asked_to_improve",
    "kind=strength&kind=recommendation",
    "theme=care-leavers",
    "region=london",
    "framework=sif",
    "grade=good",
    "follow_up=progress",
    "follow_up=none",
    "q=point+2",
    "date_from=2020-01-01",
]


@pytest.mark.parametrize("query", FILTERS)
def test_the_findings_count_is_the_findings_page_count(query, client, world):
    page = client.get(f"/findings/?{query}")
    api = client.get(f"/api/v1/findings/?{query}").json()
    assert api["count"] == page.context["paginator"].count
    assert len(api["results"]) == min(api["count"], 50)


def test_a_theme_counts_what_the_findings_page_shows_for_it(client, world):
    for theme in client.get("/api/v1/themes/").json():
        page = client.get(f"/findings/?theme={theme['slug']}")
        assert theme["finding_count"] == page.context["paginator"].count, theme["slug"]


def test_a_filter_sets_total_is_counted_once_until_the_data_changes(
    client, world, django_capture_on_commit_callbacks
):
    caches = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "v"},
        "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "p"},
    }
    with override_settings(CACHES=caches):
        django_caches["local"].clear()
        first = client.get("/api/v1/findings/?theme=care-leavers&kind=recommendation&page_size=1")
        total = first.json()["count"]
        assert total > 1
        # The next page (its cursor) and the same filters in another order: no new count.
        with CaptureQueriesContext(connection) as again:
            assert client.get(first.json()["next"]).json()["count"] == total
            client.get("/api/v1/findings/?kind=recommendation&theme=care-leavers")
        assert not [q for q in again if "COUNT(" in q["sql"].upper()]
        # Another filter set is counted; a committed change to the data counts again.
        assert client.get("/api/v1/findings/").json()["count"] > total
        # (The world's own writes already wait for the commit that never comes in a test, so
        # this one says the data changed as a bulk writer would.)
        with django_capture_on_commit_callbacks(execute=True):
            data_changed()
            FindingFactory(
                inspection=world.inspections[0],
                document=world.documents[0],
                kind=FindingKind.RECOMMENDATION,
            ).themes.add(Theme.objects.get(slug="care-leavers"))
        again = client.get("/api/v1/findings/?kind=recommendation&theme=care-leavers")
        assert again.json()["count"] == total + 1

"""Every endpoint and feed answers in a number of queries that does not grow with the data,
and the API's counts are the pages' counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .conftest import build_world

pytestmark = pytest.mark.django_db

#: Every endpoint and feed, with the records of the first world it is about.
ADDRESSES = {
    "authorities": lambda w: "/api/v1/authorities/",
    "authority": lambda w: f"/api/v1/authorities/{w.riverton.slug}/",
    "grades": lambda w: f"/api/v1/authorities/{w.riverton.slug}/grades/",
    "inspections": lambda w: "/api/v1/inspections/",
    "inspection": lambda w: f"/api/v1/inspections/{w.inspections[1].pk}/",
    "documents": lambda w: "/api/v1/documents/",
    "document": lambda w: f"/api/v1/documents/{w.documents[1].pk}/",
    "findings": lambda w: "/api/v1/findings/",
    "findings filtered": lambda w: "/api/v1/findings/?kind=asked_to_improve&theme=care-leavers",
    "finding": lambda w: f"/api/v1/findings/{w.findings[0].pk}/",
    "trail": lambda w: f"/api/v1/findings/{w.findings[0].pk}/follow-ups/",
    "follow-ups": lambda w: "/api/v1/follow-ups/",
    "themes": lambda w: "/api/v1/themes/",
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
    "inspections",
    "documents",
    "findings",
    "findings filtered",
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

"""The home page: search box, latest overall grades by region, recent documents."""

import datetime

import pytest
from django.urls import reverse

from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db


def test_the_home_page_offers_search_and_the_national_picture(client, history):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'action="{reverse("search")}"' in html
    assert '<label for="home-q">' in html
    north_west = next(row for row in response.context["regions"] if row.code == "north_west")
    good = next(count for count in north_west.counts if count.code == "good")
    assert good.count >= 1
    assert "overall=good" in good.url and "region=north_west" in good.url
    national = response.context["national"]
    assert national.total == sum(row.total for row in response.context["regions"])


def test_recent_documents_are_the_latest_published_ones(client, history):
    draft = DocumentFactory(
        title="A draft not yet public", is_published=False, published_on=datetime.date(2030, 1, 1)
    )
    response = client.get(reverse("home"))
    recent = list(response.context["recent_documents"])
    assert draft not in recent
    assert recent[0] == history.documents[3]  # the 2024 visit letter
    assert draft.title not in response.content.decode()


def test_home_queries_do_not_grow_with_authorities(client, crowd, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        assert client.get(reverse("home")).status_code == 200

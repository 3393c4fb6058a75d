"""The site's own error pages: a missing page keeps the navigation and offers search; a
server error says so plainly without needing the database."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_a_missing_page_is_the_sites_own_with_its_navigation(client):
    response = client.get("/authorities/no-such-council/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Page not found</h1>" in html
    assert 'aria-label="Main"' in html and 'href="/findings/"' in html
    assert 'role="search"' in html
    assert 'rel="icon"' in html


@pytest.mark.urls("tests.website.broken_urls")
def test_a_server_error_is_a_plain_page_of_the_sites_own(db):
    client = Client(raise_request_exception=False)
    response = client.get("/broken/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "<h1>Something went wrong</h1>" in html
    assert "RuntimeError" not in html and "a fault in a view" not in html


def test_the_favicon_is_served(client):
    from django.contrib.staticfiles import finders

    assert finders.find("img/favicon.svg")

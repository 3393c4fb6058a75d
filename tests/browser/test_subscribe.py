"""Subscribing from the findings page in a real browser: the link carries the filters and
answers an Atom feed of the findings the page lists."""

import re

import feedparser
import pytest
from playwright.sync_api import expect

from findings.filters import FindingFilter, finding_queryset
from findings.models import Finding

pytestmark = pytest.mark.browser


def test_subscribe_to_filtered_findings_from_the_findings_page(page, live_server):
    page.goto("/findings/")
    page.get_by_label("Authority").select_option(label="Kent")
    page.get_by_label("Everything Ofsted asked to improve").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"authority=kent"))
    # The page tells a feed reader of its feed, and the link says what it is.
    feed_href = page.locator("link[rel=alternate][type='application/atom+xml']").get_attribute(
        "href"
    )
    link = page.get_by_role("link", name="Subscribe to these findings")
    assert link.get_attribute("href") == feed_href
    with page.expect_response(lambda r: "/feeds/findings/" in r.url) as answered:
        link.click()
    response = answered.value
    assert response.status == 200
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.body())
    assert not feed.bozo and feed.version == "atom10"
    shown = FindingFilter(
        {"authority": "kent", "kind": ["asked_to_improve"]}, queryset=finding_queryset()
    ).qs
    assert {e.link for e in feed.entries} == {
        f"{live_server.url}{f.get_absolute_url()}" for f in shown
    }
    assert len(feed.entries) == Finding.objects.filter(pk__in=shown).count() > 0
    assert all(e.title.split(":")[1].strip().startswith("Kent") for e in feed.entries)

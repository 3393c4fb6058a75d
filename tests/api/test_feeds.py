"""The Atom feeds, read back over HTTP as a feed reader reads them: valid Atom, each entry
linking to its page and saying what it is, the filters of the findings page honoured, drafts
left out."""

import xml.etree.ElementTree as ET

import feedparser
import pytest
import requests

from .conftest import SECRET

pytestmark = pytest.mark.django_db(transaction=True)

ATOM = "{http://www.w3.org/2005/Atom}"


def fetch(live_server, path):
    response = requests.get(f"{live_server.url}{path}", timeout=30)
    assert response.status_code == 200, path
    assert response.headers["Content-Type"].startswith("application/atom+xml")
    return response.content


def assert_atom(content: bytes) -> None:
    """What RFC 4287 requires of a feed and its entries: an id, a title and an updated time
    each; an author for the feed; for an entry without content, an alternate link and a
    summary."""
    root = ET.fromstring(content)
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{name}") is not None, name
    assert root.find(f"{ATOM}author/{ATOM}name") is not None
    for entry in root.iter(f"{ATOM}entry"):
        for name in ("id", "title", "updated", "summary"):
            assert (entry.find(f"{ATOM}{name}").text or "").strip(), name
        links = [link for link in entry.iter(f"{ATOM}link") if link.get("rel") == "alternate"]
        assert len(links) == 1 and links[0].get("href")


def read(live_server, path):
    content = fetch(live_server, path)
    assert_atom(content)
    feed = feedparser.parse(content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def test_new_documents_nationally_by_region_and_by_authority(live_server, live_world):
    everywhere = read(live_server, "/feeds/documents/")
    assert len(everywhere.entries) == len(live_world.documents)
    newest = everywhere.entries[0]  # the focused visit letter, published last
    assert newest.title == "Focused visit letter: Riverton, 26 March 2024"
    assert newest.link == f"{live_server.url}/documents/{live_world.documents[-1].pk}/"
    assert requests.get(newest.link, timeout=30).status_code == 200
    assert {tag.term for tag in newest.tags} == {"focused_visit", "riverton", "north_west"}
    report = next(e for e in everywhere.entries if "Inspection report: Riverton" in e.title)
    assert "Overall effectiveness: Good" in report.summary
    assert newest.published.startswith("2024-03-26")

    london = read(live_server, "/feeds/documents/region/london/")
    assert [e.link for e in london.entries] == [
        f"{live_server.url}/documents/{live_world.documents[2].pk}/"
    ]
    assert "Requires improvement" in london.entries[0].summary
    riverton = read(live_server, "/feeds/documents/authority/riverton/")
    assert len(riverton.entries) == 3
    assert riverton.feed.title == "New documents about Riverton: Ofsted findings"
    assert requests.get(f"{live_server.url}/feeds/documents/region/nowhere/").status_code == 404


def test_new_findings_for_a_filter_of_the_findings_page(live_server, live_world):
    feed = read(live_server, "/feeds/findings/?authority=riverton&kind=asked_to_improve&page=3")
    expected = {
        f.pk
        for f in live_world.findings
        if f.kind == "recommendation" and f.inspection.authority == live_world.riverton
    }
    assert {int(e.link.rstrip("/").rsplit("/", 1)[-1]) for e in feed.entries} == expected
    assert feed.feed.title == (
        "New findings (Authority: Riverton; Kind: Everything Ofsted asked to improve): "
        "Ofsted findings"
    )
    # The feed's own page is the findings page with the same filters (not the page number).
    assert feed.feed.link.endswith("/findings/?authority=riverton&kind=asked_to_improve")
    this = next(link for link in feed.feed.links if link.rel == "self")
    assert this.href.endswith("/feeds/findings/?authority=riverton&kind=asked_to_improve")
    ilacs = next(e for e in feed.entries if "ILACS" in e.title)
    assert ilacs.title.startswith("Recommendation: Riverton, ILACS standard inspection")
    assert "Overall effectiveness: Good" in ilacs.summary
    assert "Riverton should improve plans" in ilacs.summary
    assert "care-leavers" in {tag.term for tag in ilacs.tags}


def test_new_findings_for_a_search(live_server, live_world):
    feed = read(live_server, "/feeds/search/?q=point+3")
    assert [e.title.split(":")[0] for e in feed.entries] == ["Recommendation"]
    assert "point 3" in feed.entries[0].summary
    assert "“point 3”" in feed.feed.title


def test_drafts_are_in_no_feed(live_server, live_world):
    for path in (
        "/feeds/documents/",
        "/feeds/documents/authority/riverton/",
        "/feeds/findings/",
        "/feeds/findings/?theme=care-leavers",
    ):
        assert SECRET not in fetch(live_server, path).decode(), path
    # The search feed names the words searched for, and finds nothing.
    assert read(live_server, f"/feeds/search/?q={SECRET}").entries == []

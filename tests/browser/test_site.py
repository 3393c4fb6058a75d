"""The public site in a real browser, over the demo documents ingested for real."""

import csv
import io
import os
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import Count
from playwright.sync_api import expect

from findings.export import COLUMNS
from findings.models import Finding
from inspections.codes import DocumentKind, FindingKind
from inspections.models import Inspection
from tests.corpus import CORPUS
from website.compare import compare_url

pytestmark = pytest.mark.browser

#: ``make screenshots`` (SAVE_SCREENSHOTS=1) refreshes the committed pictures; otherwise a
#: test run writes them to a temporary folder, so running the suite never dirties the tree.
DOCS_SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def test_the_authority_page_links_a_finding_to_its_page(page):
    page.goto("/authorities/kent/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kent")
    expect(page.locator("svg.grade-chart")).to_be_visible()
    assert page.locator(".chart-mark").count() > 0
    link = page.locator("section[aria-labelledby=open] a", has_text=re.compile(r"^page \d+"))
    number = re.match(r"page (\d+)", link.first.inner_text()).group(1)
    link.first.click()
    expect(page).to_have_url(re.compile(rf"/documents/\d+/#page-{number}$"))
    expect(page.locator(f"#page-{number}")).to_be_in_viewport()


def test_filtered_findings_download_as_the_same_rows(page):
    page.goto("/findings/")
    page.get_by_label("Authority", exact=True).select_option("kent")
    kinds = page.get_by_role("group", name="Kind")
    kinds.get_by_label("Area for improvement", exact=True).check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"authority=kent"))
    count = int(page.locator(".count strong").inner_text().replace(",", ""))
    assert count > 0
    assert page.locator("ol.findings > li").count() == min(count, 50)
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("^Download CSV")).click()
    data = Path(download_info.value.path()).read_bytes().decode("utf-8")
    assert data.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(data[1:])))
    assert tuple(rows[0]) == COLUMNS
    assert len(rows) - 1 == count
    assert {row[COLUMNS.index("kind")] for row in rows[1:]} == {"Area for improvement"}
    assert {row[COLUMNS.index("authority")] for row in rows[1:]} == {"Kent"}


def test_a_search_from_the_home_page_leads_to_the_page(page):
    page.goto("/")
    page.get_by_label("Search findings and documents").fill("front door")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=front\+door"))
    expect(page.locator("mark").first).to_be_visible()
    first = page.locator("#results-pages ~ ol.hits a").first
    first.click()
    expect(page).to_have_url(re.compile(r"/documents/\d+/#page-\d+$"))


def test_the_keyboard_reaches_the_skip_link_first(page):
    page.goto("/authorities/")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Skip to content")


def test_filters_work_without_javascript(browser, live_server, demo):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/authorities/")
    page.get_by_label("Region").select_option("south_east")
    page.get_by_label("Status").select_option("current")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator(".count")).to_have_text("19 authorities")
    expect(page.get_by_role("link", name="Kent", exact=True)).to_be_visible()
    context.close()


def main_pages() -> dict[str, str]:
    """The site's main pages on the demo: name -> URL."""
    kent = (
        Inspection.objects.filter(authority__slug="kent")
        .annotate(n=Count("findings"))
        .order_by("-n")
        .first()
    )
    report = kent.documents.filter(kind=DocumentKind.INSPECTION_REPORT).first()
    # The 2017 recommendation on 16- and 17-year-olds facing homelessness, and its trail.
    followed = Finding.objects.filter(
        document__authority__slug="kent",
        kind=FindingKind.RECOMMENDATION,
        text__icontains="homeless",
    ).first()
    return {
        "home": "/",
        "authorities": "/authorities/?region=south_east&status=current",
        "authority": "/authorities/kent/",
        "inspection": kent.get_absolute_url(),
        "document": report.get_absolute_url(),
        "findings": "/findings/?authority=kent",
        "search": "/search/?q=care+leavers",
        "recommendation": followed.get_absolute_url(),
        # Kent and its five closest statistical neighbours, as its page links them.
        "compare": compare_url(
            [
                kent.authority,
                *(link.neighbour for link in kent.authority.neighbour_links.order_by("rank")[:5]),
            ]
        ),
        "not-found": "/authorities/no-such-council/",
    }


def test_screenshots_of_the_main_pages(page, tmp_path):
    """Screenshots of the main pages at a desktop's width and a phone's (390 px, where no
    page may scroll sideways); ``make screenshots`` saves them under docs/screenshots.

    With ../shared/corpus beside the repository, Ofsted's official statistics fill in every
    authority's grades, so the national picture and the comparisons show real data.
    """
    if (CORPUS / "data").is_dir():
        call_command("import_outcomes", data_dir=str(CORPUS / "data"), stdout=io.StringIO())
    save = os.environ.get("SAVE_SCREENSHOTS") == "1"
    folder = DOCS_SCREENSHOTS if save else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    too_wide = {}
    for name, url in main_pages().items():
        for width, suffix in ((1280, ""), (390, "-phone")):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(url)
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > width:
                too_wide[f"{name}{suffix}"] = scroll_width
            # The top of a long page, captured as a tall viewport: full-page captures of
            # the longest documents time out.
            height = min(page.evaluate("document.documentElement.scrollHeight"), 3200)
            page.set_viewport_size({"width": width, "height": height})
            page.screenshot(path=folder / f"{name}{suffix}.png")
            assert (folder / f"{name}{suffix}.png").stat().st_size > 5_000
    assert too_wide == {}, "pages wider than the screen (scrolling sideways)"

"""The compare page in a real browser: reached from an authority's page, read as tables, and
changed with its form, with and without JavaScript, on a desktop and on a phone."""

import re

import pytest
from playwright.sync_api import expect

from authorities.models import Authority, StatisticalNeighbour

pytestmark = pytest.mark.browser


def closest_five(slug: str) -> list[str]:
    """The names of the authority's five closest statistical neighbours, closest first."""
    links = StatisticalNeighbour.objects.filter(authority__slug=slug).order_by("rank")
    return [link.neighbour.name for link in links.select_related("neighbour")[:5]]


def test_from_an_authority_to_its_neighbours_side_by_side(page):
    page.goto("/authorities/kent/")
    page.get_by_role("link", name="Compare with its statistical neighbours").first.click()
    expect(page).to_have_url(re.compile(r"/compare/\?a=kent&a="))
    expect(page.get_by_role("heading", level=1)).to_have_text("Compare authorities")

    grades = page.get_by_role("table", name="Latest grade in each area")
    columns = grades.locator("thead th").all_inner_texts()
    assert columns == ["Area", "Kent", *closest_five("kent")]
    rows = grades.locator("tbody th[scope=row]").all_inner_texts()
    assert rows == [
        "Overall effectiveness",
        "Help and protection",
        "Children in care",
        "Care leavers",
        "Leaders",
    ]
    # Kent's latest overall grade is the one its own page shows, as a word.
    kent_overall = grades.locator("tbody tr").first.locator("td").first.inner_text()
    assert re.match(r"(Outstanding|Good|Requires improvement|Inadequate)\b", kent_overall)
    assert page.locator("svg.grade-chart .chart-row").count() == 6

    # Kent's count of everything it was asked to improve opens the same number of findings.
    statuses = page.get_by_role("table", name="Follow-up status now")
    total = statuses.locator("tfoot td").first
    count = int(re.match(r"\d+", total.inner_text()).group())
    assert count > 0
    total.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/findings/\?authority=kent&kind=asked_to_improve$"))
    expect(page.locator(".count strong")).to_have_text(str(count))


def test_the_form_adds_and_removes_without_javascript(browser, live_server, demo):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/compare/")
    page.get_by_label("An authority", exact=True).select_option("kent")
    page.get_by_role("button", name="Compare").click()
    expect(page.locator("#problems")).to_contain_text("choose one more")
    page.get_by_label("Add an authority").select_option("kensington-and-chelsea")
    page.get_by_role("button", name="Compare").click()
    grades = page.get_by_role("table", name="Latest grade in each area")
    expect(grades.locator("thead th")).to_have_text(["Area", "Kent", "Kensington and Chelsea"])
    page.get_by_label("Kent", exact=True).uncheck()
    page.get_by_role("button", name="Compare").click()
    expect(page.locator("#problems")).to_contain_text("choose one more")
    expect(page.get_by_label("Kensington and Chelsea", exact=True)).to_be_checked()
    context.close()


def test_six_authorities_fit_a_phone(page):
    kent = Authority.objects.get(slug="kent")
    neighbours = kent.neighbour_links.order_by("rank").values_list("neighbour__slug", flat=True)
    slugs = ["kent", *neighbours[:5]]
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto("/compare/?" + "&".join(f"a={slug}" for slug in slugs))
    grades = page.get_by_role("table", name="Latest grade in each area")
    expect(grades.locator("thead th")).to_have_count(7)
    expect(page.locator("svg.grade-chart")).to_be_visible()
    # The tables scroll inside their own region; the page never scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

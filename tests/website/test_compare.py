"""The compare page: two to six authorities side by side, with the figures their own pages and
the findings list give, a clear message for a wrong choice, and queries that do not grow."""

import datetime
import re

import pytest
from django.urls import reverse

from authorities.models import StatisticalNeighbour
from findings.models import FollowUp
from inspections.codes import FindingKind, Framework, Grade, JudgementArea
from tests.factories import (
    AuthorityFactory,
    DocumentFactory,
    FindingFactory,
    FollowUpFactory,
    InspectionFactory,
    JudgementFactory,
    ThemeFactory,
)
from website.compare import compare_url

pytestmark = pytest.mark.django_db


def compare(client, *slugs, **params):
    response = client.get(reverse("compare"), {"a": list(slugs), **params})
    assert response.status_code == 200
    return response


def recommendations(authority):
    """The authority's crowd recommendations, oldest inspection first: SIF 2014, ILACS 2019,
    the focused visit of 2021 (see the ``crowd`` fixture)."""
    return sorted(
        (
            finding
            for inspection in authority.inspections.all()
            for finding in inspection.findings.filter(kind=FindingKind.RECOMMENDATION)
        ),
        key=lambda f: f.inspection.start_date,
    )


@pytest.fixture
def rivals(crowd):
    """Crowd authorities with follow-ups of several statuses, and drafts that must not count:
    the first has a recommendation whose status is progress, one recurring (the link staff
    rejected on its third does not count), and a draft report with a recommendation and a
    newer grade; the second has a resolved one."""
    first, second = crowd[0], crowd[1]
    sif, ilacs, visit = recommendations(first)
    FollowUpFactory(
        recommendation=sif,
        evidence=ilacs,
        status=FollowUp.Status.PROGRESS,
        evidence_date=datetime.date(2019, 5, 1),
    )
    FollowUpFactory(
        recommendation=ilacs,
        evidence=visit,
        status=FollowUp.Status.RECURRING,
        evidence_date=datetime.date(2021, 8, 1),
    )
    FollowUpFactory(
        recommendation=visit,
        evidence=FindingFactory(
            inspection=visit.inspection, document=visit.document, kind=FindingKind.FINDING
        ),
        status=FollowUp.Status.RESOLVED,
        origin=FollowUp.Origin.REJECTED,
    )
    draft = DocumentFactory(authority=first, is_published=False)
    later = InspectionFactory(authority=first, start_date=datetime.date(2024, 3, 4), end_date=None)
    later.documents.add(draft)
    JudgementFactory(inspection=later, source_document=draft, grade=Grade.INADEQUATE)
    hidden = FindingFactory(inspection=later, document=draft, text="A draft recommendation.")
    hidden.themes.add(ThemeFactory(slug="front-door", name="Front door"))
    older, newer, _ = recommendations(second)
    FollowUpFactory(
        recommendation=older,
        evidence=newer,
        status=FollowUp.Status.RESOLVED,
        origin=FollowUp.Origin.CONFIRMED,
        evidence_date=datetime.date(2019, 6, 1),
    )
    return crowd[:3]


def counts_by_label(rows, column):
    return {row.label: row.cells[column].count for row in rows}


def test_two_to_six_authorities_side_by_side(client, rivals):
    response = compare(client, *(a.slug for a in rivals))
    assert response.context["authorities"] == rivals
    html = response.content.decode()
    assert "<title>Compare Crowdshire 00, Crowdshire 01 and Crowdshire 02 ·" in html
    headings = re.findall(r'<th scope="col"><a href="/authorities/([\w-]+)/">', html)
    assert headings == [a.slug for a in rivals]
    assert 'id="problems"' not in html
    # Each authority stays ticked in the form, to be unticked.
    for authority in rivals:
        assert f'name="a" value="{authority.slug}" checked' in html


def test_the_order_asked_is_the_order_shown(client, rivals):
    response = compare(client, rivals[2].slug, rivals[0].slug)
    assert response.context["authorities"] == [rivals[2], rivals[0]]


def test_latest_grades_are_those_of_each_authoritys_own_page(client, rivals):
    response = compare(client, *(a.slug for a in rivals))
    html = response.content.decode()
    for column, authority in enumerate(rivals):
        own = client.get(authority.get_absolute_url()).context["summary"]
        shown = [cells[column] for _, cells in response.context["summary_rows"]]
        assert [c.heading for c in shown] == [c.heading for c in own]
        assert [c.judgement and c.judgement.pk for c in shown] == [
            c.judgement and c.judgement.pk for c in own
        ]
        assert shown[0].judgement is not None
    # The draft's newer "inadequate" gives no grade: the 2019 ILACS one stands.
    first_overall = response.context["summary_rows"][0][1][0].judgement
    assert first_overall.inspection.start_date == datetime.date(2019, 3, 1)
    # A grade is a word as well as a colour.
    assert re.search(
        r'<span class="grade grade--\w+">(Outstanding|Good|Requires|Inadequate)', html
    )


def test_counts_are_the_findings_lists_for_the_same_filter(client, rivals):
    counts = compare(client, *(a.slug for a in rivals)).context["counts"]
    rows = [counts.total, *counts.statuses, *counts.themes]
    checked = 0
    for row in rows:
        for cell in row.cells:
            listed = client.get(cell.url).context["paginator"].count
            assert listed == cell.count, (row.label, cell.authority.slug, cell.url)
            checked += 1
    assert checked == 3 * (1 + 6 + 1)  # every status and the one published theme


def test_counts_by_status_follow_the_current_link_and_add_up(client, rivals):
    counts = compare(client, *(a.slug for a in rivals)).context["counts"]
    first = counts_by_label(counts.statuses, 0)
    # Three recommendations (the strengths and the draft's do not count); the rejected link
    # leaves the visit's with none.
    assert counts.total.cells[0].count == 3
    assert first == {
        "Progress": 1,
        "No progress": 0,
        "Resolved": 0,
        "Recurring": 1,
        "Noted": 0,
        "No follow-up yet": 1,
    }
    assert counts_by_label(counts.statuses, 1)["Resolved"] == 1
    for column in range(3):
        statuses = counts_by_label(counts.statuses, column)
        assert sum(statuses.values()) == counts.total.cells[column].count


def test_counts_by_theme_leave_drafts_out(client, rivals):
    response = compare(client, *(a.slug for a in rivals))
    counts = response.context["counts"]
    assert [row.label for row in counts.themes] == ["Care leavers"]
    assert [cell.count for cell in counts.themes[0].cells] == [3, 3, 3]
    html = response.content.decode()
    assert "Front door" not in html and "A draft recommendation" not in html
    assert (
        '<a href="/findings/?authority=crowdshire-00&amp;kind=asked_to_improve&amp;'
        'theme=care-leavers">3' in html
    )


def test_the_chart_has_a_row_per_authority(client, rivals):
    response = compare(client, *(a.slug for a in rivals))
    chart = response.context["chart"]
    assert [row.label_lines[0][1] for row in chart.rows] == [a.name for a in rivals]
    # The SIF and the ILACS inspection of each; the focused visit is not graded.
    assert [len(row.marks) for row in chart.rows] == [2, 2, 2]
    assert chart.rows[0].marks[0].title.startswith("Crowdshire 00 – Overall effectiveness:")
    html = response.content.decode()
    assert html.count('class="chart-row"') == 3
    assert '<strong aria-current="page">Overall effectiveness</strong>' in html


def test_the_chart_shows_the_line_chosen(client, rivals):
    response = compare(client, rivals[0].slug, rivals[1].slug, line="help-and-protection")
    marks = response.context["chart"].rows[0].marks
    assert [m.title.split(" – ")[1].split(":")[0] for m in marks] == [
        "Children who need help and protection",
        "Children who need help and protection",
    ]
    assert 'name="line" value="help-and-protection"' in response.content.decode()


def test_an_unknown_chart_line_says_so_and_shows_overall(client, rivals):
    response = compare(client, rivals[0].slug, rivals[1].slug, line="<b>bold</b>")
    html = response.content.decode()
    assert "There is no chart of “&lt;b&gt;bold&lt;/b&gt;”" in html
    assert "<b>bold" not in html
    assert response.context["line"] == "overall-effectiveness"


def test_nothing_chosen_shows_the_form_for_two(client, rivals):
    response = compare(client)
    html = response.content.decode()
    assert 'id="problems"' not in html
    assert 'id="add-1"' in html and 'id="add-2"' in html and 'id="add-3"' not in html
    assert "authorities" not in response.context
    assert '<h2 id="latest">' not in html
    assert re.search(r'<form class="filters" method="get" action="/compare/"', html)


def test_one_authority_asks_for_another(client, rivals):
    response = compare(client, rivals[0].slug, rivals[0].slug, "", " ")
    html = response.content.decode()
    assert "A comparison needs two to six authorities: choose one more." in html
    assert '<h2 id="latest">' not in html
    assert 'id="add-1"' in html and 'id="add-2"' not in html


def test_an_unknown_name_is_named_and_left_out(client, rivals):
    response = compare(client, rivals[0].slug, "<script>alert(1)</script>", rivals[1].slug)
    html = response.content.decode()
    assert "No authority here is called “&lt;script&gt;alert(1)&lt;/script&gt;”" in html
    assert "<script>alert(1)" not in html
    # The two that exist are still compared.
    assert response.context["authorities"] == rivals[:2]
    assert '<h2 id="latest">' in html


def test_only_unknown_names_compare_nothing(client, rivals):
    response = compare(client, "atlantis", "lyonesse")
    html = response.content.decode()
    assert "No authority here is called “atlantis” or “lyonesse”, so they are left out." in html
    assert "choose two." in html
    assert '<h2 id="latest">' not in html


def test_more_than_six_must_be_narrowed(client, crowd):
    seven = crowd[:7]
    response = compare(client, *(a.slug for a in seven))
    html = response.content.decode()
    assert "Seven authorities are chosen, and a comparison shows at most six" in html
    assert "untick one and compare again" in html
    assert '<h2 id="latest">' not in html
    assert html.count("checked>") == 7


def test_a_flood_of_names_is_answered_not_crashed(client, crowd):
    response = compare(client, *(f"nowhere-{n}" for n in range(500)))
    assert response.context["selection"].unknown[-1] == "nowhere-29"  # only the first 30


def test_the_page_is_read_only(client, rivals):
    assert client.post(reverse("compare"), {"a": [rivals[0].slug]}).status_code == 405


@pytest.mark.parametrize("size", [2, 6])
def test_queries_do_not_grow_with_authorities_or_data(
    client, crowd, size, django_assert_num_queries
):
    """The authorities, their judgements, the two groups of counts, and the list to add from:
    the same five for two authorities as for six, each with three inspections' findings."""
    with django_assert_num_queries(5):
        response = compare(client, *(a.slug for a in crowd[:size]))
    assert len(response.context["chart"].rows) == size
    assert [cell.count for cell in response.context["counts"].total.cells] == [3] * size


def test_the_authority_page_links_to_its_neighbours_comparison(client, crowd):
    authority = crowd[0]  # three neighbours, ranked
    response = client.get(authority.get_absolute_url())
    url = compare_url(crowd[:4])
    assert response.context["compare_url"] == url
    html = response.content.decode()
    assert (
        f'<a href="{url.replace("&", "&amp;")}">Compare with its statistical neighbours</a>'
        in html
    )
    assert compare(client, *(a.slug for a in crowd[:4])).context["authorities"] == crowd[:4]


def test_the_link_takes_the_five_closest_neighbours(client):
    authority = AuthorityFactory()
    neighbours = [AuthorityFactory() for _ in range(8)]
    for rank, neighbour in reversed(list(enumerate(neighbours, start=1))):
        StatisticalNeighbour.objects.create(authority=authority, neighbour=neighbour, rank=rank)
    response = client.get(authority.get_absolute_url())
    assert response.context["compare_url"] == compare_url([authority, *neighbours[:5]])


def test_no_neighbours_no_link(client):
    authority = AuthorityFactory()
    JudgementFactory(inspection__authority=authority, area=JudgementArea.OVERALL_EFFECTIVENESS)
    response = client.get(authority.get_absolute_url())
    assert response.context["compare_url"] == ""
    assert "Compare with its statistical neighbours" not in response.content.decode()


def test_a_former_authority_can_be_compared(client, rivals):
    former = AuthorityFactory(
        name="Oldshire", status="former", abolished_on=datetime.date(2019, 4, 1)
    )
    InspectionFactory(authority=former, framework=Framework.SIF)
    response = compare(client, former.slug, rivals[0].slug)
    assert "Oldshire (former, to 2019)" in response.content.decode()


def test_the_authorities_list_links_to_the_form(client):
    html = client.get(reverse("authorities:authority-list")).content.decode()
    assert '<a href="/compare/">Compare two to six authorities side by side</a>' in html

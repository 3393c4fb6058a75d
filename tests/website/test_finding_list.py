"""The findings list: every filter, counts by kind, pagination, and what the public may see."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse

from findings.filters import FindingFilter
from findings.listindex import finding_index
from findings.models import Finding
from inspections.codes import Framework
from tests.factories import DocumentFactory, FindingFactory, ThemeFactory

pytestmark = pytest.mark.django_db

URL = reverse("findings:finding-list")


def listed(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return response, set(response.context["findings"])


def test_every_public_finding_is_listed_with_its_page_link(client, history):
    response, findings = listed(client)
    assert set(history.findings) <= findings
    finding = history.findings[0]
    html = response.content.decode()
    assert f'href="{finding.document.get_absolute_url()}#page-2"' in html


def test_filter_by_authority_region_kind_and_framework(client, history, crowd):
    _, findings = listed(client, authority="riverton")
    assert findings == set(history.findings)
    _, findings = listed(client, region="north_west", kind="strength")
    assert findings == {f for f in history.findings if f.kind == "strength"}
    _, findings = listed(client, authority="riverton", framework=Framework.FOCUSED_VISIT)
    assert findings == {history.findings[-1]}


def test_kind_takes_several_values_and_one_for_everything_asked_to_improve(client, history):
    """Ofsted called them recommendations before 2018 and areas for improvement (or for
    priority action) since: one choice finds all three, and any kinds can be ticked."""
    asked = {"recommendation", "area_for_improvement", "area_for_priority_action"}
    kinds = {f.kind for f in history.findings}
    assert asked & kinds and kinds - asked  # the history holds both sorts
    response, findings = listed(client, authority="riverton", kind="asked_to_improve")
    assert findings == {f for f in history.findings if f.kind in asked}
    assert response.context["paginator"].count == len(findings)
    _, findings = listed(client, authority="riverton", kind=["strength", "recommendation"])
    assert findings == {f for f in history.findings if f.kind in {"strength", "recommendation"}}
    # The CSV of the same filter holds the same findings.
    csv = client.get(reverse("findings:finding-csv"), {"kind": "asked_to_improve"})
    rows = b"".join(csv.streaming_content).decode().splitlines()[1:]
    assert len(rows) == Finding.objects.public().filter(kind__in=asked).count()
    # The form offers it as ticked boxes in a group with its name.
    html = response.content.decode()
    assert "<legend>Kind</legend>" in html
    assert 'type="checkbox" name="kind" value="asked_to_improve"' in html


def test_filter_by_theme(client, history):
    theme = ThemeFactory(slug="front-door", name="Front door")
    history.findings[1].themes.add(theme)
    response, findings = listed(client, theme="front-door")
    assert findings == {history.findings[1]}
    assert 'href="/findings/?theme=front-door"' in response.content.decode()


def test_filter_by_date_range_of_the_inspection(client, history):
    _, findings = listed(
        client, authority="riverton", date_from="2022-01-01", date_to="2023-12-31"
    )
    assert findings == set(history.findings[2:6])


def test_filter_by_the_inspections_overall_grade(client, history):
    # The ILACS report says good (a committee paper says outstanding: the report wins).
    _, findings = listed(client, authority="riverton", grade="good")
    assert findings == set(history.findings[2:6])
    _, findings = listed(client, authority="riverton", grade="outstanding")
    assert findings == set()
    _, findings = listed(client, authority="riverton", grade="inadequate")
    assert findings == set(history.findings[:2])


def test_free_text(client, history):
    _, findings = listed(client, q="POINT 4")
    assert findings == {history.findings[5]}


def test_counts_by_kind_and_in_total(client, history):
    response, _ = listed(client, authority="riverton")
    assert response.context["paginator"].count == 7
    assert response.context["kind_counts"] == [
        ("recommendation", "Recommendation", 4),
        ("strength", "Strength", 3),
    ]
    assert "<strong>7</strong> findings" in response.content.decode()


def test_pages_of_fifty_keep_the_filters(client, crowd):
    response = client.get(URL, {"theme": "care-leavers", "page": 2})
    assert response.context["paginator"].count == 120
    assert len(response.context["findings"]) == 50
    html = response.content.decode()
    assert 'href="?theme=care-leavers&amp;page=3"' in html
    assert 'href="?theme=care-leavers&amp;page=1"' in html


def test_an_invalid_filter_is_explained_and_matches_nothing(client, history):
    response = client.get(URL, {"date_from": "not a date"})
    assert response.context["paginator"] is None or not response.context["findings"]
    assert "Enter a valid date." in response.content.decode()


def test_drafts_are_never_listed(client, history):
    draft = DocumentFactory(authority=history.authority, is_published=False)
    hidden = FindingFactory(
        inspection=history.inspections[2], document=draft, text="Hidden draft text."
    )
    _, findings = listed(client)
    assert hidden not in findings
    _, findings = listed(client, q="Hidden draft")
    assert not findings


def test_list_queries_do_not_grow_with_findings(client, crowd, django_assert_max_num_queries):
    # The tests cache nothing: each request here also makes the list's index of every public
    # finding (three queries: findings, current follow-up links, themes), which a server
    # makes once a data version, and the national grades the grade filter reads (twice).
    with django_assert_max_num_queries(10):
        response = client.get(URL, {"theme": "care-leavers", "grade": "good"})
    assert response.context["paginator"].count > 0
    with django_assert_max_num_queries(9):
        client.get(URL, {"date_from": datetime.date(2019, 1, 1).isoformat()})


@pytest.mark.postgres(reason="PostgreSQL's trigram index only")
def test_text_contains_can_use_the_trigram_index(history):
    """The index (findings 0005) is on the expression Django writes for icontains; if either
    changed, the filter would read every finding's text again."""
    findings = FindingFilter().filter_text(Finding.objects.order_by(), "q", " caseloads ")
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        plan = findings.explain()
        cursor.execute("RESET enable_seqscan")
    assert "findings_finding_text_trgm" in plan


@pytest.mark.parametrize(("asked", "shown"), [("999", 3), ("two", 1)])
def test_a_page_past_the_end_or_not_a_number_shows_a_real_page_and_says_so(
    client, history, asked, shown
):
    FindingFactory.create_batch(
        120 - len(history.findings),
        inspection=history.inspections[2],
        document=history.documents[1],
    )
    response = client.get(URL, {"page": asked})
    assert response.status_code == 200
    assert response.context["paginator"].num_pages == 3
    assert response.context["page_obj"].number == shown
    assert f"There is no page “{asked}” of these findings" in response.content.decode()


def test_a_real_page_says_nothing_of_the_kind(client, history):
    response = client.get(URL, {"page": "1"})
    assert "There is no page" not in response.content.decode()


def test_the_authority_menu_tells_a_former_authority_from_its_namesake(client):
    """Two Dorsets: the council of today and the county council abolished in 2019."""
    from authorities.models import Authority

    former = Authority.objects.get(slug="dorset-county-council")
    assert (former.name, former.status) == ("Dorset", Authority.Status.FORMER)
    html = client.get(URL).content.decode()
    assert '<option value="dorset">Dorset</option>' in html
    assert '<option value="dorset-county-council">Dorset (former, to 2019)</option>' in html


def test_a_filter_the_index_does_not_answer_is_left_to_the_database(client, crowd, monkeypatch):
    """A filter added to FindingFilter but not to the list's index is not ignored: the page
    asks the database instead, and shows the same findings in the same order."""
    from findings import listindex

    params = {"theme": "care-leavers", "kind": "recommendation", "page": 2}
    indexed = client.get(URL, params)
    monkeypatch.setattr(listindex, "FILTERS", listindex.FILTERS - {"theme"})
    assert finding_index().select({"theme": ThemeFactory.build()}) is None
    asked = client.get(URL, params)
    assert [f.pk for f in asked.context["findings"]] == [f.pk for f in indexed.context["findings"]]
    assert asked.context["paginator"].count == indexed.context["paginator"].count
    assert asked.context["kind_counts"] == indexed.context["kind_counts"]


def test_text_section_and_theme_names_in_the_rows_are_escaped(client, history):
    """The rows are written in Python (findings/listing.py): extracted text is text."""
    finding = history.findings[0]
    finding.text = 'Plans <img src=x onerror="alert(1)"> & reviews'
    finding.section = "<b>Help</b>"
    finding.save()
    finding.themes.add(ThemeFactory(slug="odd", name='Odd "<i>" theme'))
    html = client.get(URL, {"authority": "riverton"}).content.decode()
    assert "<img src=x" not in html and "<b>Help" not in html and "<i>" not in html
    assert "Plans &lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; reviews" in html
    assert "&lt;b&gt;Help&lt;/b&gt; · " in html
    assert 'href="/findings/?theme=odd">Odd &quot;&lt;i&gt;&quot; theme</a>' in html

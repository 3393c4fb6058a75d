"""One inspection's page: judgements with conflicts shown, findings by kind and section."""

import pytest

from inspections.codes import FindingKind
from tests.factories import DocumentFactory, FindingFactory

pytestmark = pytest.mark.django_db


def test_facts_and_breadcrumbs(client, history):
    ilacs = history.inspections[2]
    response = client.get(ilacs.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>ILACS standard inspection, May 2022: Riverton" in html
    assert f'<a href="{history.authority.get_absolute_url()}">Riverton</a>' in html
    assert "9 May 2022 to 20 May 2022" in html
    assert "Ann Inspector" in html


def test_a_cross_source_conflict_is_shown_with_every_source(client, history):
    ilacs = history.inspections[2]
    response = client.get(ilacs.get_absolute_url())
    overall = response.context["areas"][0]
    assert overall.is_conflict
    html = response.content.decode()
    assert "Sources disagree." in html
    assert 'class="grade grade--outstanding">Outstanding</span>' in html
    paper = history.documents[2]
    assert f'href="{paper.get_absolute_url()}#page-3"' in html


def test_findings_are_grouped_by_kind_then_section_with_page_links(client, history):
    ilacs = history.inspections[2]
    response = client.get(ilacs.get_absolute_url())
    groups = response.context["finding_groups"]
    assert [g.kind for g in groups] == [FindingKind.RECOMMENDATION, FindingKind.STRENGTH]
    assert [s.section for s in groups[0].sections] == ["What needs to improve"]
    html = response.content.decode()
    assert '<h3 id="recommendation">Recommendations' in html
    report = history.documents[1]
    assert f'<a href="{report.get_absolute_url()}#page-2">page 2' in html


def test_finding_text_is_escaped(client, history):
    ilacs = history.inspections[2]
    FindingFactory(
        inspection=ilacs,
        document=history.documents[1],
        text='<script>alert("x")</script> and \u202eodd\u200b text',
    )
    html = client.get(ilacs.get_absolute_url()).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "\u202eodd\u200b text" in html


def test_a_draft_source_is_not_listed(client, history):
    ilacs = history.inspections[2]
    draft = DocumentFactory(authority=history.authority, title="Draft recap", is_published=False)
    ilacs.documents.add(draft)
    FindingFactory(inspection=ilacs, document=draft, text="A finding only the draft states.")
    html = client.get(ilacs.get_absolute_url()).content.decode()
    assert "Draft recap" not in html
    assert "only the draft states" not in html


def test_inspection_queries_do_not_grow_with_findings(
    client, history, django_assert_max_num_queries
):
    ilacs = history.inspections[2]
    report = history.documents[1]
    for n in range(30):
        FindingFactory(inspection=ilacs, document=report, section=f"Section {n % 3}")
    with django_assert_max_num_queries(6):
        assert client.get(ilacs.get_absolute_url()).status_code == 200

"""One authority's page: grades chart, timeline, open recommendations, comparison."""

import datetime
import re

import pytest

from authorities.models import StatisticalNeighbour
from findings.models import FollowUp
from inspections.codes import Framework, Grade, JudgementArea
from inspections.models import Judgement
from tests.factories import (
    AuthorityFactory,
    DocumentFactory,
    FindingFactory,
    FollowUpFactory,
    InspectionFactory,
    JudgementFactory,
)

pytestmark = pytest.mark.django_db


def page(client, authority):
    response = client.get(authority.get_absolute_url())
    assert response.status_code == 200
    return response


def test_a_stable_url_from_the_slug(client, history):
    assert history.authority.get_absolute_url() == "/authorities/riverton/"
    response = page(client, history.authority)
    html = response.content.decode()
    assert "<title>Riverton: inspections, grades and findings" in html
    assert 'aria-current="page">Riverton</span>' in html


def test_the_chart_has_a_row_per_area_and_a_mark_per_inspection(client, history):
    response = page(client, history.authority)
    chart = response.context["chart"]
    rows = {row.label_lines[0][1]: row for row in chart.rows}
    # Each thing judged once, across frameworks: pre-2013 safeguarding, SIF's and ILACS's help
    # and protection on one row; SIF's looked after and ILACS's joint judgement on another;
    # that joint judgement on the care leavers' row too.
    assert list(rows) == [
        "Overall effectiveness",
        "Help and protection",
        "Children in care",
        "Care leavers",
        "Leaders",
    ]
    assert len(rows["Help and protection"].marks) == 3
    assert len(rows["Children in care"].marks) == 2
    overall = chart.rows[0]
    assert len(overall.marks) == 2  # SIF 2016 and ILACS 2022: one mark each, not per source
    html = response.content.decode()
    assert html.count('class="chart-row"') == 5
    assert "<svg" in html and "<script" not in html
    assert "Overall effectiveness: Good. ILACS standard inspection, May 2022." in html


def test_the_timeline_lists_inspections_and_papers_newest_first(client, history):
    timeline = page(client, history.authority).context["timeline"]
    inspections = [entry.inspection for entry in timeline if entry.inspection]
    assert inspections == list(reversed(history.inspections))
    paper = next(entry for entry in timeline if entry.document)
    assert paper.document == history.documents[2]
    # The paper sits between the 2024 visit and the 2022 inspection it reports on.
    assert timeline.index(paper) == 1


def test_an_undated_paper_sits_after_the_latest_inspection_it_reports(client, history):
    paper = history.documents[2]
    paper.document_date = None
    paper.save()
    response = page(client, history.authority)
    timeline = response.context["timeline"]
    entry = next(entry for entry in timeline if entry.document)
    # still between the 2024 visit and the May 2022 inspection it reports on, which was
    # published in June: the paper is later than that, and every page says so alike
    assert timeline.index(entry) == 1
    assert "undated, after June 2022" in response.content.decode()
    own_page = client.get(paper.get_absolute_url()).content.decode()
    assert "undated, after June 2022" in own_page


def test_open_recommendations_come_from_the_last_inspection_and_visits_since(client, history):
    sif_recommendation, ilacs_recommendation = history.findings[0], history.findings[2]
    response = page(client, history.authority)
    shown = [item.finding for item in response.context["open_findings"]]
    assert ilacs_recommendation in shown
    assert sif_recommendation not in shown
    assert all(f.kind == "recommendation" for f in shown)
    html = response.content.decode()
    url = f"{ilacs_recommendation.document.get_absolute_url()}#page-2"
    assert f'<a href="{url}">page 2' in html


def test_a_resolved_recommendation_is_no_longer_open(client, history):
    ilacs_recommendations = [f for f in history.findings[2:6] if f.kind == "recommendation"]
    resolved, progressing = ilacs_recommendations
    later = FindingFactory(inspection=history.inspections[3], document=history.documents[3])
    FollowUpFactory(recommendation=resolved, evidence=later, status=FollowUp.Status.RESOLVED)
    FollowUpFactory(recommendation=progressing, evidence=later, status=FollowUp.Status.PROGRESS)
    response = page(client, history.authority)
    items = {item.finding: item for item in response.context["open_findings"]}
    assert resolved not in items
    assert items[progressing].follow_up.status == FollowUp.Status.PROGRESS
    assert "Latest follow-up: <strong>Progress</strong>" in response.content.decode()


def test_open_recommendations_say_a_later_inspection_is_known_without_its_report(client, history):
    """Known from the statistics only: the open list must not read as if nothing happened."""
    html = page(client, history.authority).content.decode()
    assert "its report is not in this collection" not in html
    later = InspectionFactory(
        authority=history.authority,
        framework=Framework.ILACS_STANDARD,
        start_date=datetime.date(2025, 6, 2),
        end_date=datetime.date(2025, 6, 13),
        is_placeholder=True,
    )
    JudgementFactory(
        inspection=later,
        area=JudgementArea.OVERALL_EFFECTIVENESS,
        grade=Grade.GOOD,
        source=Judgement.Source.OFFICIAL_STATISTICS,
        source_document=None,
        page=None,
    )
    response = page(client, history.authority)
    assert [u.inspection for u in response.context["unreported_since"]] == [later]
    html = response.content.decode()
    assert "A later inspection is known from Ofsted's statistics or a council's paper" in html
    assert f'<a href="{later.get_absolute_url()}">ILACS standard inspection, June 2025</a>' in html
    assert "overall effectiveness good" in html
    # A council's paper about it is not its report; the report, once here, ends the notice.
    paper = DocumentFactory(authority=history.authority, kind="committee_paper")
    later.documents.add(paper)
    assert page(client, history.authority).context["unreported_since"]
    report = DocumentFactory(authority=history.authority, kind="inspection_report")
    later.documents.add(report)
    assert not page(client, history.authority).context["unreported_since"]


def test_neighbours_and_region_are_compared(client, history):
    neighbour = AuthorityFactory(name="Lakeford", region="north_west")
    StatisticalNeighbour.objects.create(authority=history.authority, neighbour=neighbour, rank=1)
    response = page(client, history.authority)
    members = [member for member, _ in response.context["neighbours"]]
    assert members == [history.authority, neighbour]
    good = next(c for c in response.context["region_grades"] if c.code == "good")
    assert good.count >= 1
    assert "region=north_west" in good.url


def test_a_draft_document_stays_off_the_page(client, history):
    draft = DocumentFactory(
        authority=history.authority, title="Unpublished draft letter", is_published=False
    )
    html = page(client, history.authority).content.decode()
    assert draft.title not in html


def test_detail_queries_do_not_grow_with_history(client, crowd, django_assert_max_num_queries):
    authority = crowd[0]
    with django_assert_max_num_queries(12):
        response = client.get(authority.get_absolute_url())
    assert len(response.context["neighbours"]) == 4
    # Two graded inspections of four areas each: eight marks, and the joint judgement of
    # children in care and care leavers drawn on both rows: ten.
    assert len(re.findall(r'class="chart-mark', response.content.decode())) == 10


def test_what_the_documents_say_stays_text_on_the_page(client):
    """The timeline, the open recommendations and the neighbours' rows are written in Python
    (website/history.py): a title, a theme, a committee, a finding's text or a name read from
    a document is text, never markup."""
    authority = AuthorityFactory(name="Brookvale")
    inspection = InspectionFactory(
        authority=authority,
        framework=Framework.JTAI,
        start_date=datetime.date(2023, 3, 6),
        end_date=datetime.date(2023, 3, 10),
        theme="Neglect <i>and</i> harm",
    )
    letter = DocumentFactory(authority=authority, kind="jtai", title='Letter "<b>one</b>" & more')
    inspection.documents.add(letter)
    recommendation = FindingFactory(
        inspection=inspection,
        document=letter,
        text="Leaders should <script>alert(1)</script> act & review.",
    )
    paper = DocumentFactory(
        authority=authority,
        kind="committee_paper",
        title="Cabinet <em>paper</em>",
        committee="Scrutiny <u>board</u>",
        document_date=datetime.date(2023, 9, 1),
    )
    paper.inspections.add(inspection)
    later = FindingFactory(inspection=inspection, document=paper, kind="finding", page=4)
    FollowUpFactory(recommendation=recommendation, evidence=later, status=FollowUp.Status.NOTED)
    neighbour = AuthorityFactory(name="Ash <s>&</s> Oak")
    StatisticalNeighbour.objects.create(authority=authority, neighbour=neighbour, rank=1)

    html = page(client, authority).content.decode()
    for markup in ("<i>and", "<b>one", "<script>alert", "<em>paper", "<u>board", "<s>&"):
        assert markup not in html
    assert "Theme: Neglect &lt;i&gt;and&lt;/i&gt; harm" in html
    assert "6 March 2023 to 10 March 2023" in html
    assert "Leaders should &lt;script&gt;alert(1)&lt;/script&gt; act &amp; review." in html
    assert "Cabinet &lt;em&gt;paper&lt;/em&gt;</a>" in html
    assert "Scrutiny &lt;u&gt;board&lt;/u&gt;" in html
    assert "(neglect &lt;i&gt;and&lt;/i&gt; harm)</a>" in html  # the paper reports on it
    assert f'<a href="{neighbour.get_absolute_url()}">Ash &lt;s&gt;&amp;&lt;/s&gt; Oak</a>' in html
    assert "Letter &quot;&lt;b&gt;one&lt;/b&gt;&quot; &amp; more" in html  # its trail's source

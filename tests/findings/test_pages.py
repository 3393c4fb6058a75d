"""The follow-up pages: a recommendation's trail, the inspection and authority pages, the
findings filter and CSV, what the public may see, and bounded query counts."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from findings import followups
from findings.models import Finding, FollowUp
from findings.trail import current_link
from inspections.codes import DocumentKind, FindingKind, Framework
from tests.factories import (
    AuthorityFactory,
    DocumentFactory,
    FindingFactory,
    FollowUpFactory,
    InspectionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    """A 2017 recommendation followed by a 2019 visit (weakness again) and a 2022 report
    (progress), each later finding linked to it."""
    authority = AuthorityFactory(name="Brookshire", slug="brookshire")
    sif = InspectionFactory(
        authority=authority,
        framework=Framework.SIF,
        start_date=datetime.date(2017, 3, 6),
        end_date=None,
    )
    report = DocumentFactory(authority=authority, document_date=datetime.date(2017, 6, 13))
    sif.documents.add(report)
    recommendation = FindingFactory(
        inspection=sif,
        document=report,
        page=8,
        text="Ensure that homeless 16- and 17-year-olds are assessed <promptly>.",
    )
    visit = InspectionFactory(
        authority=authority,
        framework=Framework.FOCUSED_VISIT,
        start_date=datetime.date(2019, 1, 14),
        end_date=None,
    )
    letter = DocumentFactory(
        authority=authority,
        kind=DocumentKind.FOCUSED_VISIT,
        document_date=datetime.date(2019, 2, 8),
    )
    weakness = FindingFactory(
        inspection=visit,
        document=letter,
        page=2,
        kind=FindingKind.AREA_FOR_IMPROVEMENT,
        text="The response to homeless 16- and 17-year-olds.",
    )
    ilacs = InspectionFactory(authority=authority, start_date=datetime.date(2022, 5, 9))
    later = DocumentFactory(authority=authority, document_date=datetime.date(2022, 7, 5))
    praise = FindingFactory(
        inspection=ilacs,
        document=later,
        page=3,
        kind=FindingKind.FINDING,
        text="The response to homeless 16- and 17-year-olds has improved.",
    )
    recurring = FollowUpFactory(
        recommendation=recommendation,
        evidence=weakness,
        status=FollowUp.Status.RECURRING,
        evidence_page=2,
        evidence_date=letter.document_date,
        score=0.96,
        reasons={
            "themes": ["homelessness-16-17"],
            "terms": ["homeless"],
            "status_rule": "named again in a later list of what needs to improve",
            "clause": weakness.text,
        },
    )
    progress = FollowUpFactory(
        recommendation=recommendation,
        evidence=praise,
        status=FollowUp.Status.PROGRESS,
        evidence_page=3,
        evidence_date=later.document_date,
        score=0.93,
        reasons={
            "themes": [],
            "terms": ["homeless"],
            "status_rule": "the later words praise the same area",
            "clause": praise.text,
        },
    )
    return {
        "authority": authority,
        "recommendation": recommendation,
        "recurring": recurring,
        "progress": progress,
        "letter": letter,
        "later": later,
        "sif": sif,
        "ilacs": ilacs,
    }


def page(client, finding):
    response = client.get(finding.get_absolute_url())
    assert response.status_code == 200
    return response, response.content.decode()


def test_the_trail_is_in_time_order_with_source_status_and_origin(client, story):
    response, html = page(client, story["recommendation"])
    assert response.context["trail"] == [story["recurring"], story["progress"]]
    assert html.index("8 February 2019") < html.index("5 July 2022")
    assert f'href="{story["letter"].get_absolute_url()}#page-2"' in html
    assert f'href="{story["later"].get_absolute_url()}#page-3"' in html
    assert "Shared themes: 16- and 17-year-olds facing homelessness" in html
    assert "score 0.96" in html
    assert f"only those scoring at least {followups.SHOWN_SCORE:.2f} are shown" in html
    # Current status: the latest link that judges (2022: progress), suggested.
    assert response.context["finding"].follow_up_status == FollowUp.Status.PROGRESS
    assert (
        'follow-up--progress">Progress</span> <span class="follow-up-origin">(suggested)' in html
    )
    # Extracted text is escaped.
    assert "&lt;promptly&gt;" in html
    assert "<promptly>" not in html


def test_confirmed_and_suggested_links_are_told_apart(client, story):
    story["recurring"].origin = FollowUp.Origin.CONFIRMED
    story["recurring"].save()
    _, html = page(client, story["recommendation"])
    assert html.count("(confirmed by staff)") == 1
    assert "(suggested)" in html
    assert "score 0.96" not in html  # a confirmed link is staff's, not a score's


def test_rejected_links_and_draft_documents_stay_off_the_page(client, story):
    story["recurring"].origin = FollowUp.Origin.REJECTED
    story["recurring"].save()
    story["later"].is_published = False
    story["later"].save()
    response, html = page(client, story["recommendation"])
    assert response.context["trail"] == []
    assert "No later document found that speaks of this recommendation." in html
    assert "waiting for staff review" not in html
    assert response.context["finding"].follow_up_status is None


def test_a_suggestion_too_weak_to_trust_waits_in_the_admin(client, story):
    """Below ``SHOWN_SCORE`` a suggestion is not on the public trail, nor in the current
    status; the page says no later document speaks of it and that suggestions await review.
    Once staff confirm it, it shows whatever its score."""
    weak = followups.SHOWN_SCORE - 0.01
    FollowUp.objects.filter(pk__in=[story["recurring"].pk, story["progress"].pk]).update(
        score=weak
    )
    response, html = page(client, story["recommendation"])
    assert response.context["trail"] == []
    assert response.context["finding"].follow_up_status is None
    assert "No later document found that speaks of this recommendation." in html
    assert "2 weaker suggestions are waiting for staff review" in html
    assert list(FollowUp.objects.for_review()) == [story["recurring"], story["progress"]]

    story["recurring"].origin = FollowUp.Origin.CONFIRMED
    story["recurring"].save()
    response, html = page(client, story["recommendation"])
    assert response.context["trail"] == [story["recurring"]]
    assert response.context["finding"].follow_up_status == FollowUp.Status.RECURRING


def test_a_later_finding_names_the_recommendations_it_speaks_of(client, story):
    weakness = story["recurring"].evidence
    _, html = page(client, weakness)
    assert "Earlier recommendations this speaks of" in html
    assert (
        f'href="{story["recommendation"].get_absolute_url()}#follow-up-{story["recurring"].pk}"'
        in html
    )


def test_the_python_and_sql_current_status_agree(story):
    recommendation = story["recommendation"]
    cases = [
        {},  # as made: 2022 progress is latest
        {"progress": {"status": FollowUp.Status.NOTED}},  # noted never hides a judgement
        {"progress": {"origin": FollowUp.Origin.REJECTED}},
        {
            "recurring": {
                "evidence_date": datetime.date(2022, 7, 5),
                "origin": FollowUp.Origin.CONFIRMED,
            }
        },  # same date: confirmed first
    ]
    expected = [
        FollowUp.Status.PROGRESS,
        FollowUp.Status.RECURRING,
        FollowUp.Status.RECURRING,
        FollowUp.Status.RECURRING,
    ]
    for changes, status in zip(cases, expected, strict=True):
        for name, values in changes.items():
            FollowUp.objects.filter(pk=story[name].pk).update(**values)
        annotated = Finding.objects.with_follow_up_status().get(pk=recommendation.pk)
        link = current_link(FollowUp.objects.public().filter(recommendation=recommendation))
        assert annotated.follow_up_status == link.status == status


def test_the_weakness_named_again_outranks_praise_in_the_same_document(client, story):
    """One later document both praises the point and lists it again among what needs to
    improve: the recommendation is recurring, whichever link scores higher, in the query the
    pages and filters use, in the trail's pick (which files the authority page's open list)
    and in the CSV."""
    recommendation = story["recommendation"]
    later = story["progress"].evidence_document
    weakness_again = FindingFactory(
        inspection=story["ilacs"],
        document=later,
        page=9,
        kind=FindingKind.AREA_FOR_IMPROVEMENT,
        text="Support for homeless 16- and 17-year-olds.",
    )
    FollowUpFactory(
        recommendation=recommendation,
        evidence=weakness_again,
        status=FollowUp.Status.RECURRING,
        evidence_page=9,
        evidence_date=later.document_date,
        score=0.91,  # lower than the praise's 0.93, yet trusted
    )
    annotated = Finding.objects.with_follow_up_status().get(pk=recommendation.pk)
    link = current_link(FollowUp.objects.public().filter(recommendation=recommendation))
    assert annotated.follow_up_status == link.status == FollowUp.Status.RECURRING
    assert link.evidence == weakness_again
    # The CSV (the COPY path on PostgreSQL, the Python path on SQLite) says the same.
    response = client.get(reverse("findings:finding-csv"), {"authority": "brookshire"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    (row,) = [r for r in rows if r["text"] == recommendation.text]
    assert row["follow-up status"] == "Recurring"


def test_the_inspection_page_shows_each_recommendations_status(client, story):
    html = client.get(story["sif"].get_absolute_url()).content.decode()
    assert 'follow-up--progress">Progress</span>' in html
    assert f'href="{story["recommendation"].get_absolute_url()}#trail"' in html


def test_the_authority_page_lists_open_recommendations_by_status(client, story):
    open_again = FindingFactory(
        inspection=story["ilacs"],
        document=story["later"],
        kind=FindingKind.RECOMMENDATION,
        text="Improve the quality of supervision.",
    )
    nothing_yet = FindingFactory(
        inspection=story["ilacs"],
        document=story["later"],
        kind=FindingKind.AREA_FOR_IMPROVEMENT,
        text="Reduce caseloads.",
    )
    visit_letter = DocumentFactory(
        authority=story["authority"], document_date=datetime.date(2024, 2, 27)
    )
    recurs = FindingFactory(
        inspection=None,
        document=visit_letter,
        kind=FindingKind.AREA_FOR_IMPROVEMENT,
        text="The quality of supervision.",
    )
    FollowUpFactory(
        recommendation=open_again,
        evidence=recurs,
        status=FollowUp.Status.RECURRING,
        evidence_date=visit_letter.document_date,
    )
    response = client.get(story["authority"].get_absolute_url())
    groups = response.context["open_groups"]
    assert [(g.status, [i.finding for i in g.items]) for g in groups] == [
        (FollowUp.Status.RECURRING, [open_again]),
        (None, [nothing_yet]),
    ]
    html = response.content.decode()
    assert html.index("Recurring <span") < html.index("No later document speaks of it yet")


def test_the_findings_list_filters_by_current_status(client, story):
    url = reverse("findings:finding-list")
    listed = client.get(url, {"follow_up": "progress"}).context["findings"]
    assert list(listed) == [story["recommendation"]]
    assert list(client.get(url, {"follow_up": "recurring"}).context["findings"]) == []
    story["progress"].origin = FollowUp.Origin.REJECTED
    story["progress"].save()
    # Rejecting the 2022 link makes the 2019 weakness the latest word: still recurring.
    recurring = client.get(url, {"follow_up": "recurring"}).context["findings"]
    assert list(recurring) == [story["recommendation"]]
    assert (
        list(
            client.get(url, {"follow_up": "recurring", "follow_up_by": "confirmed"}).context[
                "findings"
            ]
        )
        == []
    )
    none_yet = set(client.get(url, {"follow_up": "none"}).context["findings"])
    assert story["recurring"].evidence in none_yet  # a 2019 item nothing follows up yet
    assert story["recommendation"] not in none_yet


def test_the_csv_carries_the_latest_status(client, story):
    response = client.get(reverse("findings:finding-csv"), {"authority": "brookshire"})
    body = b"".join(response.streaming_content).decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(body[1:])))
    by_text = {row["text"]: row for row in rows}
    row = by_text[story["recommendation"].text]
    assert (row["follow-up status"], row["follow-up checked"]) == ("Progress", "suggested")
    assert (
        by_text["The response to homeless 16- and 17-year-olds has improved."]["follow-up status"]
        == ""
    )


def test_the_recommendation_page_has_a_bounded_number_of_queries(
    client, story, django_assert_max_num_queries
):
    for n in range(30):
        letter = DocumentFactory(
            authority=story["authority"],
            document_date=datetime.date(2023, 1, 1) + datetime.timedelta(n),
        )
        evidence = FindingFactory(
            inspection=None,
            document=letter,
            kind=FindingKind.FINDING,
            text=f"Homeless 16- and 17-year-olds, letter {n}.",
        )
        FollowUpFactory(
            recommendation=story["recommendation"],
            evidence=evidence,
            evidence_date=letter.document_date,
        )
    with django_assert_max_num_queries(8):
        response = client.get(story["recommendation"].get_absolute_url())
    assert len(response.context["trail"]) == 32


def test_list_and_inspection_queries_do_not_grow_with_follow_ups(
    client, story, django_assert_max_num_queries
):
    for n in range(20):
        extra = FindingFactory(
            inspection=story["sif"],
            document=story["recommendation"].document,
            text=f"Recommendation {n}.",
        )
        FollowUpFactory(
            recommendation=extra,
            evidence=story["progress"].evidence,
            evidence_date=story["later"].document_date,
        )
    with django_assert_max_num_queries(7):
        client.get(reverse("findings:finding-list"), {"follow_up": "noted"})
    with django_assert_max_num_queries(6):
        client.get(story["sif"].get_absolute_url())


def test_two_lists_of_one_report_give_their_findings_different_headings(client):
    """A SIF report numbers its recommendations from 1, and its safeguarding board review's
    again from 1: the two third recommendations are told apart."""
    from tests.factories import FindingFactory

    main = FindingFactory(kind="recommendation", number=3, section="Recommendations")
    board = FindingFactory(
        kind="recommendation",
        number=3,
        section="LSCB: Recommendations",
        document=main.document,
        inspection=main.inspection,
    )
    assert (main.heading, board.heading) == ("Recommendation 3", "Recommendation 3 (LSCB)")
    page = client.get(board.get_absolute_url()).content.decode()
    assert f"<h1>Recommendation 3 (LSCB): {board.inspection.authority.name}</h1>" in page

"""Issue 6's links on the real documents: Kent's 2017 report, 2019 focused visit, 2022 report
and 2022 committee paper (the PDFs and the seed texts), ingested as the site ingests them."""

import pytest

from findings.models import Finding, FollowUp
from findings.services import suggest_follow_ups
from inspections.codes import FindingKind
from tests.corpus import requires_corpus

pytestmark = [requires_corpus, pytest.mark.django_db]

REPORT_2017 = "80476_kent__children's services inspection - 13 june 2017.pdf"
VISIT_2019 = "80476_kent__children's services focused visit - 08 february 2019.pdf"
REPORT_2022 = "80476_kent__children's services inspection - 05 july 2022.pdf"
PAPER_2022 = "003_5390256336cb15fc.txt"  # the cabinet committee paper on the 2022 report


def document(corpus_db, fragment):
    (name,) = [name for name in corpus_db if name.endswith(fragment)]
    return corpus_db[name].document


def recommendation(corpus_db, starts):
    return Finding.objects.get(
        document=document(corpus_db, REPORT_2017),
        kind=FindingKind.RECOMMENDATION,
        text__startswith=starts,
    )


def links(finding, corpus_db, fragment):
    return list(
        finding.follow_ups.filter(evidence_document=document(corpus_db, fragment)).order_by(
            "-score"
        )
    )


def test_16_and_17_year_olds_facing_homelessness_recur_in_2022(corpus_db):
    homeless = recommendation(corpus_db, "Ensure that homeless young people aged 16 and 17")
    report = links(homeless, corpus_db, REPORT_2022)
    listed = next(
        link for link in report if link.evidence.kind == FindingKind.AREA_FOR_IMPROVEMENT
    )
    assert "16 and 17 years who present as homeless" in listed.passage
    assert listed.status == FollowUp.Status.RECURRING
    assert listed.evidence_page == listed.evidence.page
    paper = links(homeless, corpus_db, PAPER_2022)
    assert paper, "the committee paper's words on 16- and 17-year-olds are linked"
    assert {link.status for link in paper} == {FollowUp.Status.RECURRING}
    assert any("requires further work" in link.passage for link in paper)
    assert any(link.evidence and link.evidence.kind == FindingKind.NEXT_STEP for link in paper), (
        "the paper's next steps name it too"
    )
    # The 2022 report and paper come after the 2017 report, and the trail says so.
    assert all(link.evidence_date > homeless.document.published_on for link in report + paper)


def test_front_door_decision_making_links_to_the_2019_triage_findings(corpus_db):
    front_door = recommendation(corpus_db, "Ensure that prompt consideration is given")
    visit = links(front_door, corpus_db, VISIT_2019)
    triage = next(link for link in visit if "triage decisions" in link.passage)
    assert triage.evidence.kind == FindingKind.AREA_FOR_IMPROVEMENT
    assert triage.status == FollowUp.Status.RECURRING
    assert "front-door" in triage.reasons["themes"]


def test_exploitation_links_to_the_2019_exploited_adolescents_item(corpus_db):
    exploitation = recommendation(corpus_db, "Improve the response to all children at risk of")
    visit = links(exploitation, corpus_db, VISIT_2019)
    adolescents = next(
        link for link in visit if "vulnerable and exploited adolescents" in link.passage
    )
    assert adolescents.status == FollowUp.Status.RECURRING
    assert "exploit" in adolescents.reasons["terms"]


def test_the_surest_right_link_is_on_the_public_trail(corpus_db):
    """The public trail shows only suggestions the ranker trusts (``SHOWN_SCORE``); the 2022
    report's area for improvement on homeless 16- and 17-year-olds is one of them."""
    homeless = recommendation(corpus_db, "Ensure that homeless young people aged 16 and 17")
    shown = [link.passage for link in FollowUp.objects.public().filter(recommendation=homeless)]
    assert any("16 and 17 years who present as homeless" in passage for passage in shown)


def test_a_full_recompute_keeps_the_links_and_staff_decisions(corpus_db, admin_user):
    homeless = recommendation(corpus_db, "Ensure that homeless young people aged 16 and 17")
    rejected = links(homeless, corpus_db, PAPER_2022)[0]
    rejected.origin, rejected.reviewed_by = FollowUp.Origin.REJECTED, admin_user
    rejected.save()
    kent = homeless.document.authority
    suggest_follow_ups(kent)
    rejected.refresh_from_db()
    assert rejected.origin == FollowUp.Origin.REJECTED
    again = links(homeless, corpus_db, PAPER_2022)
    assert sum(1 for link in again if link.passage == rejected.passage) == 1
    assert any(
        link.status == FollowUp.Status.RECURRING
        for link in links(homeless, corpus_db, REPORT_2022)
    )
    rejected.origin = FollowUp.Origin.SUGGESTED
    rejected.save()


def test_the_recommendation_page_shows_the_trail(client, corpus_db):
    homeless = recommendation(corpus_db, "Ensure that homeless young people aged 16 and 17")
    html = client.get(homeless.get_absolute_url()).content.decode()
    assert "What later documents said" in html
    assert "16 and 17 years who present as homeless" in html
    assert "Recurring" in html
    assert "(suggested)" in html
    report = document(corpus_db, REPORT_2022)
    assert f'href="{report.get_absolute_url()}#page-' in html
    inspection_html = client.get(homeless.inspection.get_absolute_url()).content.decode()
    assert f'href="{homeless.get_absolute_url()}#trail"' in inspection_html


def test_other_authorities_get_suggestions_too(corpus_db):
    authorities = set(
        FollowUp.objects.values_list("recommendation__document__authority__slug", flat=True)
    )
    assert {"kent", "sandwell", "haringey", "slough", "doncaster"} <= authorities
    # Every suggestion carries its reasons and the later document's date.
    for link in FollowUp.objects.all()[:500]:
        assert link.reasons["status_rule"]
        assert link.score > 0
        assert link.evidence_date is not None

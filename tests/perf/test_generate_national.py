"""``manage.py generate_national``: synthetic histories in the real shapes, the same for the same
seed, all of it removable, and refusals that write nothing."""

import hashlib
import io

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from authorities.models import Authority
from findings.models import Finding, FollowUp
from inspections.codes import DocumentKind, FindingKind, Framework
from inspections.models import Document, DocumentPage, Inspection, Judgement
from perf import synthetic
from tests.perf.conftest import SMALL

pytestmark = pytest.mark.django_db


def fingerprint() -> str:
    """A digest of every synthetic row's content (not its ids)."""
    digest = hashlib.sha256()
    for row in (
        synthetic.synthetic_authorities()
        .order_by("ons_code")
        .values_list("name", "region", "kind"),
        Document.objects.filter(authority__ons_code__startswith=synthetic.ONS_PREFIX)
        .order_by("sha256")
        .values_list("sha256", "kind", "title", "document_date", "page_count"),
        DocumentPage.objects.filter(document__authority__ons_code__startswith=synthetic.ONS_PREFIX)
        .order_by("document__sha256", "number")
        .values_list("number", "text"),
        Judgement.objects.filter(inspection__authority__ons_code__startswith=synthetic.ONS_PREFIX)
        .order_by("inspection__start_date", "area", "source")
        .values_list("area", "grade", "source"),
        Finding.objects.filter(document__authority__ons_code__startswith=synthetic.ONS_PREFIX)
        .order_by("document__sha256", "order")
        .values_list("kind", "section", "page", "text"),
    ):
        for values in row:
            digest.update(repr(values).encode())
    return digest.hexdigest()


def test_a_small_scale_makes_every_kind_of_history(nation):
    assert nation.count() == synthetic.authority_count(SMALL) == 3
    documents = Document.objects.filter(authority__in=nation)
    kinds = set(documents.values_list("kind", flat=True))
    assert {DocumentKind.INSPECTION_REPORT, DocumentKind.FOCUSED_VISIT} <= kinds
    assert DocumentKind.COMMITTEE_PAPER in kinds
    frameworks = set(
        Inspection.objects.filter(authority__in=nation).values_list("framework", flat=True)
    )
    assert {Framework.PRE_SIF, Framework.SIF, Framework.FOCUSED_VISIT} <= frameworks
    assert frameworks & {Framework.ILACS_STANDARD, Framework.ILACS_SHORT}
    findings = Finding.objects.filter(document__in=documents)
    assert {FindingKind.FINDING, FindingKind.RECOMMENDATION} <= set(
        findings.values_list("kind", flat=True)
    )
    # Real sizes: about 14 pages and 40 findings a document, pages of some 2,500 characters.
    assert 8 <= DocumentPage.objects.filter(document__in=documents).count() / len(documents) <= 25
    assert 20 <= findings.count() / len(documents) <= 60


def test_every_finding_is_on_its_page_and_every_page_counted(nation):
    for document in Document.objects.filter(authority__in=nation):
        pages = dict(document.pages.values_list("number", "text"))
        assert sorted(pages) == list(range(1, document.page_count + 1))
        for finding in document.findings.all():
            assert finding.text in pages[finding.page]


def test_grades_come_from_the_report_and_the_statistics(nation):
    judgements = Judgement.objects.filter(inspection__authority__in=nation)
    sources = set(judgements.values_list("source", flat=True))
    assert {Judgement.Source.REPORT, Judgement.Source.OFFICIAL_STATISTICS} <= sources
    reported = judgements.filter(source=Judgement.Source.REPORT)
    assert all(j.source_document.authority_id == j.inspection.authority_id for j in reported)


def test_follow_ups_link_a_recommendation_to_a_later_document_of_its_authority(nation):
    follow_ups = FollowUp.objects.filter(recommendation__document__authority__in=nation)
    assert follow_ups.exists()
    for link in follow_ups.select_related("recommendation__document", "evidence_document"):
        recommendation = link.recommendation
        assert recommendation.kind in (
            FindingKind.RECOMMENDATION,
            FindingKind.AREA_FOR_IMPROVEMENT,
            FindingKind.AREA_FOR_PRIORITY_ACTION,
        )
        assert link.evidence_document.authority_id == recommendation.document.authority_id
        assert link.evidence_document.document_date > recommendation.document.document_date
        assert link.passage == link.evidence.text


def test_the_same_seed_makes_the_same_rows_and_another_seed_others(nation):
    first = fingerprint()
    synthetic.clear()
    synthetic.generate(scale=SMALL, seed=1)
    assert fingerprint() == first
    assert synthetic.present(SMALL, 1)
    synthetic.clear()
    synthetic.generate(scale=SMALL, seed=2)
    assert fingerprint() != first
    assert not synthetic.present(SMALL, 1)


def test_clear_removes_every_synthetic_row_and_nothing_real(nation, real):
    FollowUp.objects.create(
        recommendation=real,
        evidence=Finding.objects.filter(document__authority__in=nation).first(),
        evidence_document=Document.objects.filter(authority__in=nation).first(),
        passage="A link from a real recommendation to a synthetic letter.",
    )
    out = io.StringIO()
    call_command("generate_national", "--clear", stdout=out)
    assert "Removed 3 synthetic authorities" in out.getvalue()
    assert not synthetic.synthetic_authorities().exists()
    for model, path in (
        (Document, "authority"),
        (Inspection, "authority"),
        (Finding, "document__authority"),
        (DocumentPage, "document__authority"),
        (Judgement, "inspection__authority"),
    ):
        assert not model.objects.filter(
            **{f"{path}__ons_code__startswith": synthetic.ONS_PREFIX}
        ).exists()
    assert not FollowUp.objects.exists()
    real.refresh_from_db()
    assert real.document.pages.count() == 1
    assert real.themes.count() == 1


def test_the_command_reports_what_it_made(db):
    out = io.StringIO()
    call_command("generate_national", "--scale", str(SMALL), "--seed", "3", stdout=out)
    made = Document.objects.filter(authority__ons_code__startswith=synthetic.ONS_PREFIX).count()
    assert f"Made 3 synthetic authorities: {made} documents" in out.getvalue()


@pytest.mark.parametrize("scale", ["0", "-1", "1000"])
def test_a_scale_out_of_range_is_refused_and_writes_nothing(db, scale):
    before = Authority.objects.count()
    with pytest.raises(CommandError, match="scale must be more than 0"):
        call_command("generate_national", "--scale", scale)
    assert Authority.objects.count() == before


def test_generating_again_over_synthetic_rows_is_refused(nation):
    counts = Document.objects.aggregate(n=Count("pk"))
    with pytest.raises(CommandError, match="already present: clear it first"):
        call_command("generate_national", "--scale", str(SMALL))
    assert Document.objects.aggregate(n=Count("pk")) == counts

"""The demo's seed texts and the corpus PDFs of the same reports, both ingested: every page,
list and CSV counts each report once, and each rendition links the other."""

import csv
import io
import re
from datetime import date
from functools import cache

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from findings.models import Finding
from ingestion.pipeline import parse_bytes
from ingestion.services import ingest_document
from inspections.codes import FindingKind, Framework
from inspections.models import Document, Inspection
from tests.corpus import PDFS, manifest_rows, requires_corpus
from website.views.home import recent_documents

pytestmark = [pytest.mark.django_db, requires_corpus]

SEEDS = settings.BASE_DIR / "fixtures" / "seeds"
COMMITTEE_PAPERS = ("002_29f6e585810dfbfd.txt", "003_5390256336cb15fc.txt")


def kent_pdfs():
    return sorted(PDFS / row["file"] for row in manifest_rows() if row["authority"] == "kent")


@cache
def outcome(path):
    return parse_bytes(
        path.read_bytes(),
        filename=path.name,
        max_bytes=settings.INGEST_MAX_BYTES,
        max_pages=settings.INGEST_MAX_PAGES,
    )


def ingest(paths):
    published = {row["file"]: row["listing_date"] for row in manifest_rows()}
    for path in paths:
        result = ingest_document(
            data=path.read_bytes(),
            filename=path.name,
            outcome=outcome(path),
            published_on=date.fromisoformat(published[path.name])
            if path.name in published
            else None,
        )
        assert result.outcome == "created", result.error


def figures(client):
    """What Kent's public pages and CSV count."""
    page = client.get(reverse("authorities:authority-detail", args=["kent"]))
    timeline = page.context["timeline"]
    listing = client.get(reverse("findings:finding-list"), {"authority": "kent"})
    asked = client.get(
        reverse("findings:finding-list"), {"authority": "kent", "kind": "asked_to_improve"}
    )
    response = client.get(reverse("findings:finding-csv"), {"authority": "kent"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode()[1:])))
    compared = client.get(reverse("compare"), {"a": ["kent", "essex"]}).context
    counts = compared["counts"]
    sif = Inspection.objects.get(framework=Framework.SIF, start_date__year=2017)
    sif_page = client.get(sif.get_absolute_url())
    return {
        "timeline": [
            (
                str(entry.date),
                getattr(entry.inspection, "finding_count", None),
                len(entry.own_documents),
                len(entry.mentioned_in),
                entry.document is not None,
            )
            for entry in timeline
        ],
        "open": len(page.context["open_findings"]),
        "listed": listing.context["paginator"].count,
        "listed_asked_to_improve": asked.context["paginator"].count,
        "csv": len(rows) - 1,
        "csv_2017_recommendations": sum(
            1
            for row in rows[1:]
            if row[rows[0].index("inspection start date")] == "2017-03-06"
            and row[rows[0].index("kind")] in ("recommendation", "Recommendation")
        ),
        "sif_sources": len(sif_page.context["documents"]),
        "sif_recommendations": sum(
            group.count
            for group in sif_page.context["finding_groups"]
            if group.kind == FindingKind.RECOMMENDATION
        ),
        "public_documents": Document.objects.public().filter(authority__slug="kent").count(),
        "compared_counts": [
            (row.label, row.cells[0].count)
            for row in (counts.total, *counts.statuses, *counts.themes)
        ],
        "compared_grades": [
            (
                heading,
                cells[0].judgement and (cells[0].judgement.grade, cells[0].judgement.event_date),
            )
            for heading, cells in compared["summary_rows"]
        ],
        "compared_marks": [len(row.marks) for row in compared["chart"].rows],
    }


def test_the_demo_and_the_corpus_count_each_report_once(client):
    # What the pages count with the PDFs and the two committee papers alone...
    ingest([*kent_pdfs(), *(SEEDS / name for name in COMMITTEE_PAPERS)])
    reference = figures(client)
    assert reference["csv_2017_recommendations"] == reference["sif_recommendations"] == 16
    assert reference["compared_counts"][0] == ("All", reference["listed_asked_to_improve"])
    assert reference["listed_asked_to_improve"] > 0
    Document.objects.all().delete()
    Inspection.objects.all().delete()
    # ...is what they count after the demo (with the seed texts of three of those PDFs) and
    # then the corpus.
    call_command("load_demo", official_data=SEEDS / "absent", stdout=io.StringIO())
    ingest(kent_pdfs())
    assert Document.objects.exclude(rendition_of=None).count() == 2  # Kent's two seeds
    assert figures(client) == reference


@pytest.fixture
def letter(client):
    """Kent's 2019 focused-visit letter, as the seed's text and then as the PDF."""
    (pdf,) = (p for p in kent_pdfs() if "focused visit - 08 february 2019" in p.name)
    ingest([SEEDS / "000_0e57cc9ebc3f3821.txt", pdf])
    text = Document.objects.get(media_type="text/plain")
    return text, text.rendition_of


def test_each_rendition_links_the_other(client, letter):
    text, pdf = letter
    text_page = client.get(text.get_absolute_url())
    assert text_page.status_code == 200
    assert f'href="{pdf.get_absolute_url()}"' in text_page.content.decode()
    assert "another rendition of the same report" in text_page.content.decode()
    pdf_page = client.get(pdf.get_absolute_url()).content.decode()
    assert re.search(rf'Also as</dt><dd><a href="{text.get_absolute_url()}">text</a>', pdf_page)
    inspection = pdf.inspections.get(framework=Framework.FOCUSED_VISIT)
    inspection_page = client.get(inspection.get_absolute_url()).content.decode()
    assert f'also as <a href="{text.get_absolute_url()}">text</a>' in inspection_page
    assert inspection_page.count(f'href="{pdf.get_absolute_url()}"') >= 1
    assert client.get(reverse("inspections:document-file", args=[text.pk])).status_code == 200


def test_lists_and_search_show_the_report_once(client, letter):
    text, pdf = letter
    assert text not in recent_documents() and pdf in recent_documents()
    found = client.get(reverse("search"), {"q": "swiftly triage all new referrals", "in": "pages"})
    assert {hit.object.document_id for hit in found.context["hits"]} == {pdf.pk}
    assert set(Finding.objects.public().values_list("document", flat=True)) == {pdf.pk}


def test_a_draft_rendition_is_not_public(client, letter):
    text, _ = letter
    Document.objects.filter(pk=text.pk).update(is_published=False)
    assert client.get(text.get_absolute_url()).status_code == 404

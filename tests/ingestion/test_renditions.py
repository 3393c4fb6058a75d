"""One report in two renditions (a seed's text extraction and the corpus PDF of it) is one
document with one set of records, whichever arrives first; a different report of the same
authority is not taken for a rendition."""

from functools import cache

import pytest
from django.conf import settings
from django.test import TestCase

from findings import themes
from findings.models import Finding, FollowUp
from ingestion.pipeline import parse_bytes
from ingestion.services import ingest_document, note_removed_finding, reparse_document
from ingestion.services import renditions as renditions_module
from ingestion.services.records import loose_text
from ingestion.services.renditions import SAME_REPORT, shingles, similarity
from inspections.codes import FindingKind, Framework
from inspections.models import Document, IngestRun, Inspection, Judgement
from tests.corpus import pdf_path, requires_corpus
from tests.factories import FindingFactory

pytestmark = [pytest.mark.django_db, requires_corpus]

SEEDS = settings.BASE_DIR / "fixtures" / "seeds"
#: The seeds whose originals are in the corpus, with a fragment of the original's name.
KENT_LETTER = ("000_0e57cc9ebc3f3821.txt", "kent__children's services focused visit - 08 feb")
KENT_2017 = ("001_8cc3c680e5a62abe.txt", "kent__children's services inspection - 13 june 2017")
RBKC_LETTER = ("004_b5220a7ea3de5648.txt", "chelsea__children's services focused visit - 31 aug")
#: Another of Kent's focused-visit letters: the same kind and authority, another report.
KENT_LETTER_2024 = "kent__children's services focused visit - 27 february 2024"


def seed(name):
    return SEEDS / name


@cache
def parsed(path):
    return parse_bytes(
        path.read_bytes(),
        filename=path.name,
        max_bytes=settings.INGEST_MAX_BYTES,
        max_pages=settings.INGEST_MAX_PAGES,
    )


def ingest(path, **kwargs):
    result = ingest_document(
        data=path.read_bytes(), filename=path.name, outcome=parsed(path), **kwargs
    )
    assert result.outcome == IngestRun.Outcome.CREATED, result.error
    return result


def records():
    """Every judgement and finding, described by what it says and where it points."""
    judgements = sorted(
        (
            j.inspection.framework,
            str(j.inspection.start_date),
            j.area,
            j.grade,
            j.source,
            j.source_document.media_type,
            j.page,
        )
        for j in Judgement.objects.exclude(source_document=None).select_related(
            "inspection", "source_document"
        )
    )
    findings = sorted(
        (f.inspection.framework, f.kind, f.text, f.page, f.order, f.document.media_type)
        for f in Finding.objects.select_related("inspection", "document")
    )
    return judgements, findings


def text_and_pdf(pair):
    return seed(pair[0]), pdf_path(pair[1])


@pytest.mark.parametrize("pair", [KENT_LETTER, KENT_2017, RBKC_LETTER])
def test_each_seed_and_its_pdf_are_alike_and_unlike_the_authoritys_other_reports(pair):
    text, pdf = text_and_pdf(pair)
    words = {p: shingles("\n".join(page.text for page in parsed(p).pages)) for p in (text, pdf)}
    assert similarity(words[text], words[pdf]) > 0.8
    others = [pdf_path(KENT_LETTER_2024), pdf_path(KENT_2017[1]), pdf_path(KENT_LETTER[1])]
    for other in others:
        if other != pdf:
            theirs = shingles("\n".join(page.text for page in parsed(other).pages))
            assert similarity(words[text], theirs) < SAME_REPORT / 2


def test_text_then_pdf_the_pdf_takes_the_records_over():
    text, pdf = text_and_pdf(KENT_2017)
    first = ingest(text).document
    sif = Inspection.objects.get(framework=Framework.SIF)
    assert sif.findings.filter(kind=FindingKind.RECOMMENDATION).count() == 16
    result = ingest(pdf)
    second = result.document
    first.refresh_from_db()
    assert first.rendition_of == second and second.rendition_of is None
    # One set of records, all of them on the PDF, whose pages they point into.
    assert not first.findings.exists() and not first.judgements.exists()
    assert not first.inspections.exists()
    assert sif.findings.filter(kind=FindingKind.RECOMMENDATION).count() == 16
    assert set(sif.findings.values_list("document", flat=True)) == {second.pk}
    assert sif.findings.filter(page__gt=1).count() == sif.findings.count()
    assert Judgement.objects.filter(source_document=first).count() == 0
    assert sif.judgements.filter(source=Judgement.Source.REPORT).count() == 7
    # The run says what happened.
    assert any("Joined with" in line for line in result.run.changes)
    assert any("gave way" in line for line in result.run.changes)


def test_records_a_pdf_takes_over_are_tagged_and_followed_up():
    """The text first (as ``load_demo`` stores it), then a later letter, then the PDF, which
    takes the records over: its findings get their themes and its recommendations their
    follow-ups, as any new document's do."""
    text, pdf = text_and_pdf(KENT_2017)
    with TestCase.captureOnCommitCallbacks(execute=True):
        ingest(text)
    with TestCase.captureOnCommitCallbacks(execute=True):
        ingest(pdf_path(KENT_LETTER[1]))
    with TestCase.captureOnCommitCallbacks(execute=True):
        taken_over = ingest(pdf).document
    assert taken_over.rendition_of is None
    findings = list(taken_over.findings.prefetch_related("themes"))
    assert findings
    untagged = [f.text for f in findings if themes.tag(f.text) and not f.themes.all()]
    assert untagged == []
    assert FollowUp.objects.filter(recommendation__document=taken_over).exists()


def test_pdf_then_text_the_text_is_kept_as_a_rendition_and_writes_nothing():
    text, pdf = text_and_pdf(KENT_2017)
    primary = ingest(pdf).document
    before = records()
    result = ingest(text)
    assert result.document.rendition_of == primary
    assert result.inspections == []
    assert records() == before
    assert result.run.counts["findings"] == 0 and result.run.counts["judgements"] == 0
    assert any("Another rendition of" in line for line in result.run.changes)


@pytest.mark.parametrize("pair", [KENT_LETTER, RBKC_LETTER])
def test_either_order_gives_the_same_records(pair):
    text, pdf = text_and_pdf(pair)
    ingest(text)
    ingest(pdf)
    text_first = records()
    Document.objects.all().delete()
    Inspection.objects.all().delete()
    ingest(pdf)
    ingest(text)
    assert records() == text_first
    assert {row[-1] for row in text_first[1]} == {"application/pdf"}
    assert Document.objects.get(media_type="text/plain").rendition_of.media_type == (
        "application/pdf"
    )


def test_another_letter_of_the_same_authority_is_not_a_rendition():
    ingest(seed(KENT_LETTER[0]))
    other = ingest(pdf_path(KENT_LETTER_2024))
    assert not Document.objects.exclude(rendition_of=None).exists()
    assert other.document.findings.exists()
    assert Inspection.objects.filter(framework=Framework.FOCUSED_VISIT).count() == 2


def test_staff_edits_on_the_text_survive_the_pdf():
    text, pdf = text_and_pdf(KENT_LETTER)
    first = ingest(text).document
    edited, removed, evidence, *_ = first.findings.order_by("-order")
    pdf_pages = {loose_text(f.text): f.page for f in parsed(pdf).parsed.inspections[0].findings}
    edited_page, evidence_page = (pdf_pages[loose_text(f.text)] for f in (edited, evidence))
    assert edited_page > 1 and evidence_page > 1
    edited.text = "Staff's corrected wording: " + edited.text
    edited.edited_fields = ["text"]
    edited.save()
    note_removed_finding(removed)
    removed_words = loose_text(removed.text)
    removed.delete()
    # A link staff confirmed from an earlier recommendation to one of the letter's findings.
    recommendation = FindingFactory(inspection__authority=first.authority)
    confirmed = FollowUp.objects.create(
        recommendation=recommendation,
        evidence=evidence,
        evidence_document=first,
        evidence_page=1,
        passage=evidence.text,
        origin=FollowUp.Origin.CONFIRMED,
    )
    result = ingest(pdf)
    second = result.document
    edited.refresh_from_db()
    assert edited.document == second and edited.text.startswith("Staff's corrected")
    assert edited.page == edited_page  # now pointing into the PDF's pages
    assert removed_words not in {loose_text(f.text) for f in second.findings.all()}
    assert second.findings.count() == len(parsed(pdf).parsed.inspections[0].findings) - 1
    confirmed.refresh_from_db()
    assert (confirmed.evidence.document, confirmed.evidence_document) == (second, second)
    assert confirmed.evidence_page == confirmed.evidence.page == evidence_page
    assert any("edited" in line for line in result.run.kept_edits)


def test_a_pdf_arriving_as_a_draft_keeps_the_published_records_public():
    text, pdf = text_and_pdf(KENT_LETTER)
    ingest(text)
    second = ingest(pdf, publish=False).document
    second.refresh_from_db()
    assert second.is_published
    assert Finding.objects.public().count() == second.findings.count() > 0


def test_reparsing_a_rendition_writes_no_records():
    text, pdf = text_and_pdf(KENT_LETTER)
    primary = ingest(pdf).document
    rendition = ingest(text).document
    before = records()
    result = reparse_document(document=rendition)
    assert result.error == ""
    rendition.refresh_from_db()
    assert rendition.rendition_of == primary
    assert records() == before
    reparse_document(document=primary)
    assert records() == before


def test_reparse_joins_renditions_stored_before_they_were_recognised(monkeypatch):
    text, pdf = text_and_pdf(KENT_LETTER)
    monkeypatch.setattr(renditions_module, "find_twin", lambda *args, **kwargs: None)
    ingest(pdf)
    reference = records()
    Document.objects.all().delete()
    Inspection.objects.all().delete()
    first = ingest(text).document
    second = ingest(pdf).document
    assert Finding.objects.count() == 2 * len(reference[1])  # the old doubling
    monkeypatch.undo()
    result = reparse_document(document=first)
    assert result.error == ""
    first.refresh_from_db()
    assert first.rendition_of == second
    assert records() == reference

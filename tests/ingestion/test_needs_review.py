"""A readable document whose authority cannot be told is kept for review, never thrown away:
staff choose the authority, a re-parse extracts it, and then it can be published."""

import json

import pytest
from django.core.management import call_command

from authorities.models import Authority
from ingestion.services import ingest_document, reparse_document, set_published
from inspections.models import Document, IngestRun, Inspection

pytestmark = pytest.mark.django_db

#: A focused-visit letter composed for these tests, to an authority no English council is
#: called: the corpus has no such letter, and unseen ones do (a council renamed, a typo).
LETTER = """8 February 2019

Dear Mr Smith

Focused visit to Atlantis County Council children's services

This letter summarises the findings of the focused visit to Atlantis County Council
children's services on 14 and 15 January 2019. His Majesty's Inspectors for this visit were
Ann Example and Ben Example.

Overview

Most children are seen promptly by social workers who know them well.

What needs to improve in this area of social work practice

\u25fc The quality and timeliness of plans for children in need.

Yours sincerely

Ann Example
His Majesty's Inspector
""".encode()


def test_a_letter_to_an_unknown_authority_is_kept_with_the_reason():
    result = ingest_document(data=LETTER, filename="atlantis.txt")
    assert result.outcome == IngestRun.Outcome.NEEDS_REVIEW
    document = Document.objects.get()
    assert document.status == Document.Status.NEEDS_REVIEW
    assert document.authority is None and not document.is_published
    assert document.pages.count() == 1 and document.file
    (reason,) = document.review_reasons
    assert "authority not found" in reason and "'Atlantis County Council'" in reason
    assert not Inspection.objects.exists()
    run = result.run
    assert (run.outcome, run.error, run.warnings) == ("needs_review", "", [reason])
    # The same bytes again change nothing: it is already here, waiting.
    again = ingest_document(data=LETTER, filename="atlantis copy.txt")
    assert again.outcome == IngestRun.Outcome.UNCHANGED
    assert Document.objects.count() == 1


def test_it_cannot_be_published_until_it_is_extracted():
    document = ingest_document(data=LETTER, filename="atlantis.txt").document
    assert set_published(documents=[document], published=True) == 0
    document.refresh_from_db()
    assert not document.is_published


def test_staff_choose_the_authority_and_a_reparse_extracts_it():
    document = ingest_document(data=LETTER, filename="atlantis.txt").document
    # Re-parsed before anyone chose: it still waits, with its reason.
    waiting = reparse_document(document=document)
    assert waiting.run.outcome == IngestRun.Outcome.NEEDS_REVIEW
    document.refresh_from_db()
    assert document.status == Document.Status.NEEDS_REVIEW

    kent = Authority.objects.get(slug="kent")
    document.authority = kent
    document.edited_fields = ["authority"]  # as the review page records a staff choice
    document.save()
    result = reparse_document(document=document)

    assert result.run.outcome == IngestRun.Outcome.UPDATED
    document.refresh_from_db()
    assert (document.status, document.review_reasons) == (Document.Status.PARSED, [])
    assert document.authority == kent
    (visit,) = document.inspections.all()
    assert (visit.authority, visit.framework, str(visit.start_date)) == (
        kent,
        "focused_visit",
        "2019-01-14",
    )
    assert document.findings.filter(kind="area_for_improvement").count() == 1
    assert set_published(documents=[document], published=True) == 1


def test_the_ingest_command_reports_needs_review_and_does_not_fail(tmp_path):
    (tmp_path / "atlantis.txt").write_bytes(LETTER)
    report = tmp_path / "report.jsonl"
    call_command("ingest", str(tmp_path / "atlantis.txt"), "--report", str(report))
    (row,) = [json.loads(line) for line in report.read_text().splitlines()]
    assert row["status"] == "needs_review"
    assert row["error"] == ""
    assert "authority not found" in row["reasons"][0]

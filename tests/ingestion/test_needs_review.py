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


def test_the_reason_names_the_authorities_page_one_mentions():
    """The reviewer is told which authorities the first page names (composed letter)."""
    letter = LETTER.replace(
        b"Most children are seen promptly",
        b"Children in Kent and in Medway are seen promptly. Most children are seen promptly",
    )
    result = ingest_document(data=letter, filename="atlantis.txt")
    (reason,) = result.reasons
    assert "authority not found on page 1" in reason
    assert "candidates: Kent, Medway" in reason or "candidates: Medway, Kent" in reason


#: A readable text that no parser recognises by itself (composed): a briefing note on an
#: inspection, in none of the shapes the parsers know.
BRIEFING = b"""Kent County Council

Briefing note for members

Ofsted inspected Kent's children's services from 9 to 20 May 2022.
"""


def test_a_readable_document_no_parser_recognises_is_kept_for_review():
    result = ingest_document(data=BRIEFING, filename="briefing.txt")
    assert (result.outcome, result.error) == (IngestRun.Outcome.NEEDS_REVIEW, "")
    document = Document.objects.get()
    assert (document.status, document.kind, document.parser) == ("needs_review", "other", "")
    assert document.title == "Kent County Council" and document.pages.count() == 1
    assert not document.is_published and not Inspection.objects.exists()
    (reason,) = document.review_reasons
    assert reason.startswith("not read: not a document this site knows")
    assert "Read it as" in reason
    # Its authority is known from page 1, but with nothing read there is nothing to publish.
    assert document.authority.slug == "kent"
    assert set_published(documents=[document], published=True) == 0


def test_staff_say_what_it_is_and_it_is_read_as_that():
    document = ingest_document(data=BRIEFING, filename="briefing.txt").document
    document.parser = "committee_paper"
    document.edited_fields = ["parser"]  # as the review page records "Read it as"
    document.save()
    result = reparse_document(document=document)
    assert result.run.parser == "committee_paper" and result.error == ""
    document.refresh_from_db()
    assert (document.status, document.kind, document.review_reasons) == (
        Document.Status.PARSED,
        "committee_paper",
        [],
    )
    assert any("Extracted after review: not read" in change for change in result.run.changes)
    # read as a paper, its one sentence names the inspection it is about
    assert "Inspection added: Kent: ILACS standard inspection, May 2022" in result.run.changes


def test_a_parser_staff_choose_that_cannot_read_it_says_so_and_it_waits():
    document = ingest_document(data=BRIEFING, filename="briefing.txt").document
    document.parser = "focused_visit"
    document.edited_fields = ["parser"]
    document.save()
    result = reparse_document(document=document)
    assert result.error.startswith("read as Focused visit letter, it fails:")
    document.refresh_from_db()
    assert document.status == Document.Status.NEEDS_REVIEW
    (reason,) = document.review_reasons
    assert reason.startswith("not read: read as Focused visit letter, it fails:")


def _with_problems(data: bytes, *problems: str):
    """The letter's real parse, with fields reported unreadable, as a parser reports a date
    or a grade it cannot read (what the service does with such a parse is under test)."""
    from dataclasses import replace

    from ingestion.pipeline import parse_bytes
    from ingestion.services import read_limits

    outcome = parse_bytes(data, filename="kent.txt", **read_limits())
    return replace(outcome, parsed=replace(outcome.parsed, problems=problems))


def test_a_document_with_unreadable_fields_is_written_unpublished_and_waits():
    kent_letter = LETTER.replace(b"Atlantis County Council", b"Kent County Council")
    outcome = _with_problems(kent_letter, "no grade found for the overall effectiveness")
    result = ingest_document(data=kent_letter, filename="kent.txt", outcome=outcome)
    assert result.outcome == IngestRun.Outcome.NEEDS_REVIEW
    assert result.run.warnings == ["no grade found for the overall effectiveness"]
    document = result.document
    assert (document.status, document.is_published) == (Document.Status.NEEDS_REVIEW, False)
    assert document.review_reasons == ["no grade found for the overall effectiveness"]
    # Everything that was read is there for staff to complete.
    assert document.inspections.get().authority.slug == "kent"
    assert document.findings.filter(kind="area_for_improvement").count() == 1

    # Publishing is staff's word that they reviewed it: the reasons go, into its history.
    assert set_published(documents=[document], published=True) == 1
    document.refresh_from_db()
    assert (document.status, document.is_published, document.review_reasons) == (
        Document.Status.PARSED,
        True,
        [],
    )
    assert document.history.first().history_change_reason == (
        "reviewed: no grade found for the overall effectiveness"
    )


def test_a_reparse_that_reads_what_was_missing_settles_the_review_but_does_not_publish():
    kent_letter = LETTER.replace(b"Atlantis County Council", b"Kent County Council")
    outcome = _with_problems(kent_letter, "no inspection dates found on page 1")
    document = ingest_document(data=kent_letter, filename="kent.txt", outcome=outcome).document
    # The parsers of today read the letter whole (as a fixed parser would).
    result = reparse_document(document=document)
    assert result.run.outcome == IngestRun.Outcome.UPDATED
    assert "Extracted after review: no inspection dates found on page 1" in result.run.changes
    document.refresh_from_db()
    assert (document.status, document.review_reasons) == (Document.Status.PARSED, [])
    assert not document.is_published  # staff publish it


def test_the_ingest_command_reports_an_unrecognised_document_as_needs_review(tmp_path):
    # Bytes of its own, so no file an earlier test stored can stand in for this one's.
    briefing = BRIEFING + f"Note {tmp_path.name}.\n".encode()
    (tmp_path / "briefing.txt").write_bytes(briefing)
    report = tmp_path / "report.jsonl"
    call_command("ingest", str(tmp_path / "briefing.txt"), "--report", str(report))
    (row,) = [json.loads(line) for line in report.read_text().splitlines()]
    assert (row["status"], row["error"]) == ("needs_review", "")
    assert row["reasons"][0].startswith("not read:")
    # Kept whole: the file is stored with its bytes, for staff to read it as something.
    with Document.objects.get().file.open("rb") as stored:
        assert stored.read() == briefing


def test_the_callers_authority_places_a_document_whose_text_does_not():
    kent = Authority.objects.get(slug="kent")
    result = ingest_document(data=LETTER, filename="atlantis.txt", authority=kent)
    assert (result.outcome, result.reasons) == (IngestRun.Outcome.CREATED, [])
    document = result.document
    assert (document.authority, document.status) == (kent, Document.Status.PARSED)
    assert document.found_by["authority"] == "caller"
    assert document.inspections.get().authority == kent


def test_a_councils_web_address_places_its_paper():
    result = ingest_document(
        data=LETTER,
        filename="atlantis.txt",
        source_url="https://democracy.kent.gov.uk/documents/s1234/Ofsted.pdf",
    )
    assert result.document.authority.slug == "kent"
    assert result.document.found_by["authority"] == "source URL"


def test_the_text_wins_over_the_caller_and_the_run_says_they_differ():
    kent_letter = LETTER.replace(b"Atlantis County Council", b"Kent County Council")
    medway = Authority.objects.get(slug="medway")
    result = ingest_document(data=kent_letter, filename="kent.txt", authority=medway)
    assert result.document.authority.slug == "kent"
    assert "the text names Kent, not Medway as supplied; Kent was taken" in result.run.warnings


def test_the_ingest_command_takes_the_authority_by_name_or_slug(tmp_path):
    from django.core.management.base import CommandError

    (tmp_path / "atlantis.txt").write_bytes(LETTER)
    call_command("ingest", str(tmp_path / "atlantis.txt"), "--authority", "kent")
    assert Document.objects.get().authority.slug == "kent"
    with pytest.raises(CommandError, match="no authority has that name or slug"):
        call_command("ingest", str(tmp_path / "atlantis.txt"), "--authority", "Atlantis")


#: Composed: a council's paper that names no council, only the place its children live in.
PLACE_PAPER = b"""Cabinet
Date of meeting: 12 September 2024
Report of: Director of Children's Services
Subject: Outcome of the Ofsted inspection

1. Summary
1.1 Ofsted inspected children's services in Coventry from 8 to 19 July 2024. Overall
effectiveness was judged to be good.

2. Recommendations
2.1 Cabinet is asked to note the report.
"""


def test_a_paper_that_names_its_council_only_as_a_place_is_placed_by_it():
    result = ingest_document(data=PLACE_PAPER, filename="paper.txt")
    assert (result.outcome, result.reasons) == (IngestRun.Outcome.CREATED, [])
    document = result.document
    assert document.authority.slug == "coventry"
    assert document.found_by["authority"] == "place on page 1"
    inspection = document.inspections.get()
    assert inspection.authority.slug == "coventry"
    assert inspection.judgements.get().grade == "good"

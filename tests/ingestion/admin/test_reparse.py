"""Re-parsing a document staff have corrected: the parser's improvements land, staff's
edits, additions and removals stay, and the run says what changed."""

import datetime

from django.urls import reverse
from django.utils.html import escape

from findings.models import Finding
from ingestion.services import reparse_document
from inspections.codes import FindingKind, Grade
from inspections.models import Document, IngestRun, Judgement
from tests.ingestion.admin.conftest import (
    REPORT,
    change_form_data,
    corpus_file,
    inline_index,
    upload,
)


def change_url(document):
    return reverse("admin:inspections_document_change", args=[document.pk])


def edit_in_admin(client, document, change):
    """Open the review page, apply ``change(data)`` to what it would post, and save."""
    data = change_form_data(client.get(change_url(document)))
    change(data)
    response = client.post(change_url(document), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def reparse_in_admin(client, document):
    response = client.post(
        reverse("admin:inspections_document_reparse", args=[document.pk]), follow=True
    )
    assert response.status_code == 200
    run = IngestRun.objects.filter(action=IngestRun.Action.REPARSE).latest("pk")
    return run, " ".join(str(m) for m in response.context["messages"])


def test_reparsing_an_untouched_document_changes_nothing(editor_client, letter):
    before = list(letter.findings.values_list("pk", "text", "kind", "page", "order"))
    run, message = reparse_in_admin(editor_client, letter)
    assert run.outcome == IngestRun.Outcome.UNCHANGED
    assert run.changes == [] and run.kept_edits == []
    assert run.started_by.username == "editor"
    assert list(letter.findings.values_list("pk", "text", "kind", "page", "order")) == before
    # The title is escaped: the message holds a link, so it is marked safe.
    assert f"Re-parsed “{escape(letter)}”: 0 change(s), 0 staff edit(s) kept." in message


def test_staff_edits_survive_a_reparse_that_changes_everything_else(editor_client, letter):
    findings = list(letter.findings.order_by("order"))
    corrected, removed, stale, missing = findings[2], findings[4], findings[6], findings[8]
    new_text = "Corrected by staff: " + corrected.text

    def change(data):
        row = inline_index(data, "findings", corrected.pk)
        data[f"findings-{row}-text"] = new_text
        data[f"findings-{inline_index(data, 'findings', removed.pk)}-DELETE"] = "on"

    edit_in_admin(editor_client, letter, change)
    corrected.refresh_from_db()
    assert corrected.text == new_text
    assert corrected.edited_fields == ["text"]
    assert not Finding.objects.filter(pk=removed.pk).exists()

    # What an older parser might have left: a finding worded differently, one missed out.
    parsed_text = stale.text
    Finding.objects.filter(pk=stale.pk).update(text="An older parser's truncated text.")
    Finding.objects.filter(pk=missing.pk).delete()

    run, message = reparse_in_admin(editor_client, letter)

    corrected.refresh_from_db()
    assert corrected.text == new_text  # the edit wins
    stale = Finding.objects.get(pk=stale.pk)
    assert stale.text == parsed_text  # the unedited finding takes the parser's text
    assert letter.findings.filter(text=missing.text).count() == 1  # the missed one is back
    assert not letter.findings.filter(text=removed.text).exists()  # the removed one is not
    assert letter.findings.count() == len(findings) - 1
    assert run.outcome == IngestRun.Outcome.UPDATED
    assert any(line.startswith("Kept staff's text of finding") for line in run.kept_edits)
    assert any(line.startswith("Kept staff's removal of finding") for line in run.kept_edits)
    assert not any(line.startswith("Kept") for line in run.changes)
    assert any(line.startswith("Finding added") for line in run.changes)
    assert any("text “An older parser's truncated text.” →" in line for line in run.changes)
    assert "2 change(s), 2 staff edit(s) kept" in message


def test_a_finding_staff_added_is_kept(editor_client, letter):
    inspection = letter.inspections.get()

    def change(data):
        row = int(data["findings-TOTAL_FORMS"])
        data["findings-TOTAL_FORMS"] = str(row + 1)
        data.update(
            {
                f"findings-{row}-kind": FindingKind.STRENGTH,
                f"findings-{row}-text": "Staff add a strength the parser did not see.",
                f"findings-{row}-page": "2",
                f"findings-{row}-inspection": str(inspection.pk),
                f"findings-{row}-document": str(letter.pk),
            }
        )

    edit_in_admin(editor_client, letter, change)
    added = letter.findings.get(text="Staff add a strength the parser did not see.")
    assert "text" in added.edited_fields and "kind" in added.edited_fields
    run, _ = reparse_in_admin(editor_client, letter)
    assert Finding.objects.filter(pk=added.pk).exists()
    assert any(line.startswith("Kept staff's finding") for line in run.kept_edits)


def test_judgement_and_inspection_edits_survive(editor_client):
    name, data = corpus_file(REPORT)
    assert upload(editor_client, name, data, published_on="2022-11-25").status_code == 302
    report = Document.objects.get(original_filename=name)
    judgement = report.judgements.get(area="overall_effectiveness")
    parsed_grade = judgement.grade
    staff_grade = Grade.OUTSTANDING if parsed_grade != Grade.OUTSTANDING else Grade.GOOD
    other = report.judgements.exclude(pk=judgement.pk).first()
    other_grade = other.grade

    def change(data):
        row = inline_index(data, "judgements", judgement.pk)
        data[f"judgements-{row}-grade"] = staff_grade

    edit_in_admin(editor_client, report, change)
    judgement.refresh_from_db()
    assert judgement.edited_fields == ["grade"]

    inspection = judgement.inspection
    url = reverse("admin:inspections_inspection_change", args=[inspection.pk])
    form = change_form_data(editor_client.get(url))
    assert inspection.published_on == datetime.date(2022, 11, 25)
    form["published_on"] = "2022-11-28"
    assert editor_client.post(url, form).status_code == 302
    inspection.refresh_from_db()
    assert inspection.edited_fields == ["published_on"]

    # An unedited grade an older parser got wrong is put right; the edited ones stay.
    wrong = Grade.INADEQUATE if other_grade != Grade.INADEQUATE else Grade.GOOD
    Judgement.objects.filter(pk=other.pk).update(grade=wrong)
    result = reparse_document(document=report, user=None)

    judgement.refresh_from_db()
    other.refresh_from_db()
    inspection.refresh_from_db()
    assert judgement.grade == staff_grade
    assert other.grade == other_grade
    assert inspection.published_on == datetime.date(2022, 11, 28)
    assert f"Kept staff's grade of judgement overall_effectiveness: “{staff_grade}”" in (
        "\n".join(result.run.kept_edits)
    )


def test_a_parser_that_now_fails_changes_nothing(editor_client, letter):
    before = list(letter.findings.values_list("pk", "text"))
    letter.file.delete(save=True)
    letter.pages.update(text="")
    result = reparse_document(document=letter)
    assert result.run.outcome == IngestRun.Outcome.FAILED
    assert result.error
    assert list(letter.findings.values_list("pk", "text")) == before


#: A focused-visit letter composed for this test (no real letter here lacks dates now): its
#: visit dates cannot be read, so matching by dates cannot find its inspection again.
UNDATED_LETTER = b"""8 February 2019

Dear Mr Smith

Focused visit to Kent County Council children's services

This letter summarises the findings of the focused visit to Kent County Council children's
services. His Majesty's Inspectors for this visit were Ann Example and Ben Example.

Overview

Most children are seen promptly by social workers who know them well.

What needs to improve in this area of social work practice

\xe2\x97\xbc The quality and timeliness of plans for children in need.

Yours sincerely

Ann Example
His Majesty's Inspector
"""


def test_reparsing_a_letter_whose_visit_dates_cannot_be_read_changes_nothing(db):
    from ingestion.services import ingest_document
    from inspections.models import Inspection

    result = ingest_document(data=UNDATED_LETTER, filename="undated-letter.txt")
    # Written, but waiting for staff to type the dates the letter does not give.
    assert result.outcome == IngestRun.Outcome.NEEDS_REVIEW, result.error
    assert any("no visit dates found" in reason for reason in result.reasons)
    (inspection,) = result.document.inspections.all()
    assert inspection.start_date is None
    findings = list(result.document.findings.values_list("pk", "text"))

    run = reparse_document(document=result.document).run

    assert (run.outcome, run.changes) == (IngestRun.Outcome.NEEDS_REVIEW, [])
    assert list(result.document.inspections.all()) == [inspection]
    assert Inspection.objects.count() == 1
    assert list(result.document.findings.values_list("pk", "text")) == findings

"""Staff review: the edits staff make by hand, which a re-parse keeps, and publishing."""

from __future__ import annotations

from django.db import transaction

from findings.models import Finding
from inspections.models import Document, Inspection, Judgement

from .common import history_user
from .records import finding_key

# Staff review: the edits staff make by hand, publishing, and re-parsing that keeps them.

#: The fields staff may correct on the review screen. A field staff changed is listed in the
#: row's ``edited_fields``, and re-parsing leaves it as staff left it.
EDITABLE_FIELDS = {
    Document: (
        "kind",
        "authority",
        "parser",
        "title",
        "document_date",
        "published_on",
        "source_url",
        "committee",
    ),
    Inspection: (
        "authority",
        "framework",
        "start_date",
        "end_date",
        "date_precision",
        "published_on",
        "lead_inspector",
        "theme",
        "visit_number",
        "is_placeholder",
    ),
    Judgement: ("inspection", "area", "grade", "source", "source_document", "page"),
    Finding: ("inspection", "document", "page", "kind", "section", "number", "text"),
}


def note_edits(instance, changed, *, created: bool = False) -> None:
    """Record on ``instance`` (unsaved) which of its fields staff changed by hand.

    A row staff created is theirs whole: every editable field counts as edited, so a
    re-parse never changes or removes it.
    """
    editable = EDITABLE_FIELDS[type(instance)]
    names = set(editable) if created else set(changed) & set(editable)
    instance.edited_fields = sorted(set(instance.edited_fields) | names)


def note_removed_finding(finding: Finding) -> None:
    """Remember that staff removed ``finding`` from its document, so a re-parse does not
    bring it back."""
    document = Document.objects.get(pk=finding.document_id)
    document.removed_findings = [*document.removed_findings, finding_key(finding)]
    document.save(update_fields=["removed_findings", "updated_at"])


def set_published(*, documents, published: bool, user=None) -> int:
    """Publish (or withdraw) documents; returns how many changed. Each change is recorded
    in the document's history.

    Publishing a document that waits for review with its fields extracted (some could not
    be read, and staff have completed them) is staff's word that it is reviewed: its reasons
    are cleared, and the history says which they were. A document not yet extracted (its
    authority or its kind unknown) is never published: there is nothing to show.
    """
    changed = 0
    with transaction.atomic():
        for document in documents:
            if document.is_published == published:
                continue
            fields = ["is_published", "updated_at"]
            if published and document.status == Document.Status.NEEDS_REVIEW:
                if not is_extracted(document):
                    continue
                document._change_reason = "reviewed: " + "; ".join(document.review_reasons)
                document.status, document.review_reasons = Document.Status.PARSED, []
                fields += ["status", "review_reasons"]
            document.is_published = published
            document._history_user = history_user(user)
            document.save(update_fields=fields)
            changed += 1
    return changed


def is_extracted(document: Document) -> bool:
    """Whether a document's content has been read into records (it has an authority and a
    parser that read it), so staff can review and publish it."""
    return bool(document.authority_id and document.parser)

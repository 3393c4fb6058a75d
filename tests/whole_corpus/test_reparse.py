"""Re-parsing every real document straight after ingesting it changes nothing: the
reconciliation pairs each stored row with the parse that made it."""

import pytest

from findings.models import Finding
from ingestion.services import reparse_document
from inspections.models import Document, IngestRun, Inspection, Judgement


@pytest.mark.django_db
def test_reparsing_the_whole_corpus_changes_nothing(corpus_db):
    before = (
        sorted(Finding.objects.values_list("pk", "document_id", "inspection_id", "text", "order")),
        sorted(Judgement.objects.values_list("pk", "inspection_id", "area", "grade")),
        Inspection.objects.count(),
    )
    documents = list(Document.objects.filter(status=Document.Status.PARSED))
    assert len(documents) > 100
    changed = {}
    for document in documents:
        run = reparse_document(document=document).run
        assert run.action == IngestRun.Action.REPARSE
        if run.outcome != IngestRun.Outcome.UNCHANGED:
            changed[document.original_filename] = run.changes or run.error
    assert changed == {}
    after = (
        sorted(Finding.objects.values_list("pk", "document_id", "inspection_id", "text", "order")),
        sorted(Judgement.objects.values_list("pk", "inspection_id", "area", "grade")),
        Inspection.objects.count(),
    )
    assert after == before

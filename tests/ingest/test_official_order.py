"""Official statistics before or after the reports: the same inspections either way."""

import pytest

from inspections.models import Document, Inspection
from inspections.official_statistics import read_all
from inspections.services import authority_index, import_official_outcomes, ingest_document
from tests.corpus import CORPUS, parsed_corpus, requires_corpus

pytestmark = [pytest.mark.django_db, requires_corpus]


def _ingest_corpus():
    index = authority_index()
    for path, outcome in parsed_corpus():
        ingest_document(data=path.read_bytes(), filename=path.name, outcome=outcome, index=index)


def _history():
    """Every inspection as its facts: authority, framework, dates and graded statements."""
    return sorted(
        (
            i.authority.slug,
            i.framework,
            str(i.start_date),
            str(i.published_on),
            i.is_placeholder,
            tuple(
                sorted(
                    (
                        j.area,
                        j.grade,
                        j.source,
                        j.source_document.sha256 if j.source_document else "",
                    )
                    for j in i.judgements.all()
                )
            ),
            tuple(sorted(d.sha256 for d in i.documents.all())),
        )
        for i in Inspection.objects.select_related("authority").prefetch_related(
            "judgements__source_document", "documents"
        )
    )


def test_official_records_first_or_last_give_one_history():
    records = read_all(CORPUS / "data")
    _ingest_corpus()
    import_official_outcomes(records)
    reports_first = _history()

    Document.objects.all().delete()
    Inspection.objects.all().delete()

    import_official_outcomes(records)
    _ingest_corpus()
    official_first = _history()

    assert len(reports_first) > 700

    def short(row):
        return (*row[:5], tuple((a, g, s, d[:6]) for a, g, s, d in row[5]), len(row[6]))

    only_first = sorted(map(short, set(reports_first) - set(official_first)))
    only_second = sorted(map(short, set(official_first) - set(reports_first)))
    for row in only_first:
        print("reports first:", row)
    for row in only_second:
        print("official first:", row)
    assert (only_first, only_second) == ([], [])

"""The reports' grades against Ofsted's official statistics, for every dev authority, and
the same history whichever comes first.

The whole corpus is ingested, then the two official publications imported on top, as
``manage.py import_outcomes`` does. Each graded report must have found its official record
(the same Inspection) and agree with it grade for grade. Where the official record is wrong,
the disagreement belongs in ``KNOWN_OFFICIAL_ERRORS`` with the page that proves it.
"""

import datetime
from collections import defaultdict

import pytest

from ingestion.official_statistics import read_all
from ingestion.services import (
    authority_index,
    import_official_outcomes,
    ingest_document,
    official_agreement,
)
from inspections.codes import Framework
from inspections.models import Document, Inspection
from tests.corpus import CORPUS, parsed_corpus

pytestmark = pytest.mark.django_db

#: The later of the two publications: "outcomes as at 31 March 2025".
OFFICIAL_DATA_AS_AT = datetime.date(2025, 3, 31)

#: (authority slug, framework, start date, area) -> (report grade, official grade, proof).
#: Empty: no report in the dev corpus disagrees with the official record.
KNOWN_OFFICIAL_ERRORS: dict[tuple[str, str, str, str], tuple[str, str, str]] = {}


@pytest.fixture(scope="module")
def with_official(corpus_db, django_db_blocker):
    with django_db_blocker.unblock():
        result = import_official_outcomes(read_all(CORPUS / "data"))
    return result


def test_every_graded_report_found_its_official_record(with_official):
    # A standalone board review is filed by the official data under the SIF inspection it
    # followed (Surrey: SIF 2014, board review June 2015), so it has no record of its own.
    agreements = official_agreement()
    missing = [
        f"{i.authority.slug} {i.framework} {i.start_date} (published {i.published_on})"
        for i in (a.inspection for a in agreements if not a.official)
        if i.framework != Framework.LSCB_REVIEW
        and i.published_on
        and i.published_on <= OFFICIAL_DATA_AS_AT
    ]
    assert missing == []
    # and there is something to compare: the dev corpus holds dozens of graded reports
    assert len([a for a in agreements if a.official]) >= 50


def test_reports_agree_with_the_official_statistics(with_official):
    agreements = official_agreement()
    disagreements = {
        (
            a.inspection.authority.slug,
            a.inspection.framework,
            str(a.inspection.start_date),
            area,
        ): (
            a.report[area],
            a.official[area],
        )
        for a in agreements
        for area in a.disagreeing
    }
    known = {key: value[:2] for key, value in KNOWN_OFFICIAL_ERRORS.items()}
    assert disagreements == known
    assert sum(len(a.compared) for a in agreements) >= 250


def test_the_official_records_add_no_duplicate_events(with_official):
    """No two Inspections of one authority describe one event: none whose visit dates overlap,
    and none of one framework family published within a fortnight of each other."""
    families = {
        Framework.SIF: "sif",
        Framework.SIF_REINSPECTION: "sif",
        Framework.LSCB_REVIEW: "lscb",
        Framework.ILACS_STANDARD: "ilacs",
        Framework.ILACS_SHORT: "ilacs",
    }
    by_authority = defaultdict(list)
    for inspection in Inspection.objects.all():
        by_authority[inspection.authority_id].append(inspection)
    same = []
    for inspections in by_authority.values():
        for index, a in enumerate(inspections):
            for b in inspections[index + 1 :]:
                if a.framework != b.framework and families.get(a.framework, a.framework) != (
                    families.get(b.framework, b.framework)
                ):
                    continue
                if a.theme != b.theme and Framework.PRE_SIF in (a.framework, b.framework):
                    continue  # the fostering and adoption service inspections
                visits_overlap = (
                    a.date_precision == b.date_precision == "day"
                    and a.start_date
                    and b.start_date
                    and a.start_date <= (b.end_date or b.start_date)
                    and b.start_date <= (a.end_date or a.start_date)
                )
                published_together = (
                    a.published_on
                    and b.published_on
                    and abs((a.published_on - b.published_on).days) <= 14
                )
                if visits_overlap or published_together:
                    same.append((a.authority.slug, a.framework, str(a.start_date), b.pk))
    assert same == []


def test_every_official_record_names_a_known_authority(with_official):
    assert with_official.unresolved == []
    assert with_official.inspections_matched >= 90


# Last in this module: it empties the database (the module's savepoint restores it after).
def test_official_records_first_or_last_give_one_history(with_official):
    """The corpus then the official statistics (as above), against the statistics first and
    the corpus after: the same inspections, grades and documents either way."""
    reports_first = _history()

    Document.objects.all().delete()
    Inspection.objects.all().delete()
    import_official_outcomes(read_all(CORPUS / "data"))
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

"""The five seed documents give the same history whatever order they arrive in."""

import itertools
from functools import cache

import pytest
from django.conf import settings
from django.db import transaction

from ingestion.pipeline import parse_bytes
from ingestion.services import authority_index, ingest_document
from inspections.models import Inspection
from tests.corpus import SEEDS

pytestmark = pytest.mark.django_db

PROJECT_SEEDS = sorted((settings.BASE_DIR / "fixtures" / "seeds").glob("*.txt"))


@cache
def parsed_seeds():
    return [
        (
            path,
            parse_bytes(
                path.read_bytes(),
                filename=path.name,
                max_bytes=settings.INGEST_MAX_BYTES,
                max_pages=settings.INGEST_MAX_PAGES,
            ),
        )
        for path in PROJECT_SEEDS
    ]


class _Undo(Exception):
    pass


def history_after(order, index):
    """Ingest the seeds in ``order`` and describe every inspection; then undo it all."""
    snapshot = None
    try:
        with transaction.atomic():
            for path, outcome in order:
                result = ingest_document(
                    data=path.read_bytes(), filename=path.name, outcome=outcome, index=index
                )
                assert result.outcome == "created", result.error
            snapshot = sorted(
                (
                    i.authority.slug,
                    i.framework,
                    i.is_placeholder,
                    tuple(
                        sorted(
                            (j.area, j.grade, j.source, j.source_document.sha256, j.page)
                            for j in i.judgements.all()
                        )
                    ),
                    i.findings.count(),
                )
                for i in Inspection.objects.select_related("authority").prefetch_related(
                    "judgements__source_document"
                )
            )
            raise _Undo
    except _Undo:
        pass
    return snapshot


def test_the_project_seeds_are_the_corpus_seeds():
    if SEEDS.is_dir():
        assert [p.read_bytes() for p in PROJECT_SEEDS] == [
            p.read_bytes() for p in sorted(SEEDS.glob("*.txt"))
        ]
    assert len(PROJECT_SEEDS) == 5


def test_every_order_gives_the_same_inspections_and_judgements():
    index = authority_index()
    seeds = parsed_seeds()
    expected = history_after(seeds, index)
    assert expected, "the seeds produced no inspections"
    for order in itertools.permutations(seeds):
        assert history_after(order, index) == expected, [p.name for p, _ in order]


def test_kents_history_runs_from_2010_to_2022():
    index = authority_index()
    for path, outcome in parsed_seeds():
        ingest_document(data=path.read_bytes(), filename=path.name, outcome=outcome, index=index)
    kent = Inspection.objects.filter(authority__slug="kent")
    years = sorted(i.start_date.year for i in kent if i.start_date)
    assert years[0] == 2010 and years[-1] == 2022
    sif = kent.get(framework="sif")
    grades = {j.area: j.grade for j in sif.judgements.filter(source="report")}
    assert grades["overall_effectiveness"] == "good"
    assert grades["help_and_protection"] == "requires_improvement"
    ilacs = kent.get(framework="ilacs_standard")
    assert ilacs.judgements.get(area="overall_effectiveness").grade == "outstanding"
    # Kensington and Chelsea 2016 -> 2018: the letter's "Since the previous inspection of
    # children's services in 2016" names the 2016 inspection, ungraded, before the visit.
    rbkc = Inspection.objects.filter(authority__slug="kensington-and-chelsea").order_by(
        "start_date"
    )
    assert [(i.framework, str(i.start_date), i.is_placeholder) for i in rbkc] == [
        ("sif", "2016-01-01", True),
        ("focused_visit", "2018-08-07", False),
    ]
    assert not rbkc[0].judgements.exists()
    assert [d.kind for d in rbkc[0].documents.all()] == ["focused_visit"]

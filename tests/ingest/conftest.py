"""A database holding the whole dev corpus, ingested once per module that asks for it."""

from concurrent.futures import ProcessPoolExecutor
from functools import cache

import pytest
from django.conf import settings

from inspections.management.commands.ingest import _parse_file
from tests.corpus import CORPUS, PDFS, SEEDS


@cache
def parsed_corpus():
    """(path, ParseOutcome) for every corpus PDF and seed, parsed once per test session."""
    files = sorted(PDFS.glob("*.pdf")) + sorted(SEEDS.glob("*.txt"))
    limits = [settings.INGEST_MAX_BYTES] * len(files), [settings.INGEST_MAX_PAGES] * len(files)
    with ProcessPoolExecutor(max_workers=2) as pool:
        outcomes = list(pool.map(_parse_file, map(str, files), *limits))
    return list(zip(files, outcomes, strict=True))


@pytest.fixture(scope="module")
def corpus_db(django_db_setup, django_db_blocker):
    """Ingest every corpus file into the test database; remove it all afterwards."""
    if not CORPUS.is_dir():
        pytest.skip(
            "../shared/corpus is absent: the real-document tests need it beside the repository"
        )
    from inspections.models import Document, IngestRun, Inspection
    from inspections.services import authority_index, ingest_document

    with django_db_blocker.unblock():
        index = authority_index()
        results = {}
        for path, outcome in parsed_corpus():
            results[path.name] = ingest_document(
                data=path.read_bytes(), filename=path.name, outcome=outcome, index=index
            )
        yield results
        Document.objects.all().delete()
        Inspection.objects.all().delete()
        IngestRun.objects.all().delete()

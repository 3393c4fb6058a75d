"""Fixtures the whole suite shares, and its order.

``corpus_db``: the whole dev corpus ingested once a session, for the modules that ask for it
(ingesting takes most of a minute). It is held open in a transaction rolled back at the end of
the session, and no other test may run inside that transaction, so the tests that use it run
last, together (after pytest-django's own ordering, which puts transactional tests after the
rest).
"""

from concurrent.futures import ProcessPoolExecutor
from functools import cache

import pytest
from django.conf import settings
from django.db import transaction
from django.test import TestCase

from inspections.management.commands.ingest import _parse_file
from tests.corpus import CORPUS, PDFS, SEEDS


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    items.sort(key=lambda item: "corpus_db" in getattr(item, "fixturenames", ()))


@cache
def parsed_corpus():
    """(path, ParseOutcome) for every corpus PDF and seed, parsed once per test session."""
    files = sorted(PDFS.glob("*.pdf")) + sorted(SEEDS.glob("*.txt"))
    limits = [settings.INGEST_MAX_BYTES] * len(files), [settings.INGEST_MAX_PAGES] * len(files)
    with ProcessPoolExecutor(max_workers=2) as pool:
        outcomes = list(pool.map(_parse_file, map(str, files), *limits))
    return list(zip(files, outcomes, strict=True))


@pytest.fixture(scope="session")
def _ingested_corpus(django_db_setup, django_db_blocker):
    """Every corpus file ingested, inside a transaction rolled back at the session's end. The
    after-commit work of each ingest (theme tagging, follow-up suggestions) runs as it would
    on a commit."""
    if not CORPUS.is_dir():
        pytest.skip(
            "../shared/corpus is absent: the real-document tests need it beside the repository"
        )
    from inspections.services import authority_index, ingest_document

    with django_db_blocker.unblock(), transaction.atomic():
        with TestCase.captureOnCommitCallbacks(execute=True):
            index = authority_index()
            results = {}
            for path, outcome in parsed_corpus():
                results[path.name] = ingest_document(
                    data=path.read_bytes(), filename=path.name, outcome=outcome, index=index
                )
        yield results
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def corpus_db(_ingested_corpus, django_db_blocker):
    """The ingested corpus; whatever a module changes in it is undone when the module ends."""
    with django_db_blocker.unblock():
        savepoint = transaction.savepoint()
        yield _ingested_corpus
        transaction.savepoint_rollback(savepoint)

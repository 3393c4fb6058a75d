"""The whole dev corpus, ingested once for every test in this package.

Ingesting takes most of a minute, so the modules here share one ingest, held open in a
transaction that is rolled back when the package's last test is done; each module's own changes
are rolled back to a savepoint when it ends. None of these tests may be transactional: the
package runs among the suite's ordinary database tests, before pytest-django's transactional
ones, and its transaction is closed before they start.
"""

import pytest
from django.db import transaction
from django.test import TestCase

from tests.corpus import CORPUS, parsed_corpus


@pytest.fixture(scope="package")
def _ingested_corpus(django_db_setup, django_db_blocker):
    """Every corpus file ingested, inside a transaction rolled back after the package. The
    after-commit work of each ingest (theme tagging, follow-up suggestions) runs as it would
    on a commit."""
    if not CORPUS.is_dir():
        pytest.skip(
            "../shared/corpus is absent: the real-document tests need it beside the repository"
        )
    from ingestion.services import authority_index, ingest_document

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

"""What the suite's markers mean, and where tests skip.

- ``corpus``: reads the real documents in ``../shared/corpus``; skips, saying so, where that
  folder is absent.
- ``postgres``: needs PostgreSQL; skips on SQLite, with the marker's ``reason`` if it gives
  one.
- ``browser``: drives a real Chromium (the browser tests' own fixture skips without one).
- ``slow``: minutes rather than seconds (the whole corpus ingested, load tests).

``make test-fast`` leaves out the slow and browser tests; the README's test command and CI run
everything.
"""

from pathlib import Path

import pytest
from django.conf import settings

from tests.corpus import CORPUS

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"

#: Test folders whose every test is of a kind, by their own nature.
FOLDER_MARKS = {"whole_corpus": ("corpus", "slow"), "browser": ("browser",)}


def pytest_collection_modifyitems(config, items):
    no_corpus = pytest.mark.skip(
        reason="../shared/corpus is absent: the real-document tests need it beside the repository"
    )
    tests_dir = Path(__file__).parent
    for item in items:
        folder = Path(item.path).relative_to(tests_dir).parts[0]
        for name in FOLDER_MARKS.get(folder, ()):
            item.add_marker(name)
        if item.get_closest_marker("corpus") and not CORPUS.is_dir():
            item.add_marker(no_corpus)
        postgres = item.get_closest_marker("postgres")
        if postgres and not ON_POSTGRES:
            why = postgres.kwargs.get("reason", "needs PostgreSQL")
            item.add_marker(
                pytest.mark.skip(reason=f"{why}: run with DATABASE_URL=postgres://... as CI does")
            )

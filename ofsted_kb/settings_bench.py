"""Settings for benchmarks (``make bench``, ``manage.py bench_site``): the site's own settings,
the dev-only ``perf`` app, and a trivial view beside the site to measure Django's ceiling.

Used only against a benchmark's own database (``bench`` on PostgreSQL, a file in /tmp for
SQLite), never the developer's ``db.sqlite3``: perf refuses a database not named for a
benchmark (``perf.guard``).
"""

from .env import env_bool
from .settings import *  # noqa: F403
from .settings import CACHES, INSTALLED_APPS

# The dev-only benchmark app: only these settings and the tests' install it.
INSTALLED_APPS = [*INSTALLED_APPS, "perf"]
ROOT_URLCONF = "perf.urls"

# BENCH_PAGE_CACHE=0 measures each page's own work: no rendered page is kept, while the data's
# version and the national aggregates are kept as in production.
if not env_bool("BENCH_PAGE_CACHE", default=True):
    CACHES = {**CACHES, "local": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}

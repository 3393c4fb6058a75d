"""Settings for the benchmark server (``manage.py bench_site``): the site's own settings, with
the synthetic authorities shown and a trivial view beside the site to measure Django's ceiling.

Used only against a benchmark's own database (``bench`` on PostgreSQL, a file in /tmp for
SQLite), never the developer's ``db.sqlite3``.
"""

import os

os.environ.setdefault("SHOW_SYNTHETIC_DATA", "1")

from .env import env_bool
from .settings import *  # noqa: F403
from .settings import CACHES

ROOT_URLCONF = "ofsted_kb.urls_bench"

# BENCH_PAGE_CACHE=0 measures each page's own work: no rendered page is kept, while the data's
# version and the national aggregates are kept as in production.
if not env_bool("BENCH_PAGE_CACHE", default=True):
    CACHES = {**CACHES, "local": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}

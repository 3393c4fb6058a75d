"""Synthetic rows go only into a benchmark's own database.

perf's commands exist only where its settings install it (the benchmark and test settings), and
even there they refuse a database that does not say, by its name, that it is a benchmark's or
a test's: a PostgreSQL database must be named ``bench…`` (``make bench`` uses ``bench``) or
``test_…`` (the test runner's), a SQLite file's name must hold ``bench`` (``make bench`` uses
``/tmp/ofsted-kb-bench.sqlite3``) or the database must be in memory (the test runner's). So
``DATABASE_URL`` left pointing at the developer's ``db.sqlite3`` or at a production database
stops them before anything is written.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import connection

#: Said by every refusal: how to give the benchmark a database of its own.
HOW = (
    "run with DJANGO_SETTINGS_MODULE=ofsted_kb.settings_bench and a DATABASE_URL of the "
    "benchmark's own, e.g. postgres://postgres@127.0.0.1:5432/bench or "
    "sqlite:////tmp/ofsted-kb-bench.sqlite3"
)


def refusal(vendor: str, name: str) -> str | None:
    """Why synthetic rows may not go into the database ``name`` of ``vendor``; None if they may."""
    name = str(name or "")
    if vendor == "sqlite":
        if name == ":memory:" or "mode=memory" in name:
            return None
        path = Path(name).expanduser().resolve()
        if path == (Path(settings.BASE_DIR) / "db.sqlite3").resolve():
            return f"{name} is the developer's database; {HOW}"
        if "bench" not in path.name:
            return (
                f"the SQLite file {name} is not named for a benchmark (bench in its name); {HOW}"
            )
        return None
    if name.startswith(("bench", "test_")):
        return None
    return f"the database {name!r} is not a benchmark's (named bench…) or a test's; {HOW}"


def require_benchmark_database(using=connection) -> None:
    """Raise ValueError, with the reason, unless ``using`` (the default connection) is a
    benchmark's or a test's own database."""
    reason = refusal(using.vendor, using.settings_dict["NAME"])
    if reason:
        raise ValueError(f"synthetic rows go only into a benchmark's own database: {reason}")

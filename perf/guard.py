"""Synthetic rows go only into a benchmark's own database."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection


def require_benchmark_database() -> None:
    """Refuse, with the reason, unless the settings declare the database a benchmark's own
    (``BENCHMARK_DATABASE``: the benchmark and test settings only) and it is not the
    developer's ``db.sqlite3``."""
    if not getattr(settings, "BENCHMARK_DATABASE", False):
        raise CommandError(
            "synthetic rows go only into a benchmark's own database: run with "
            "DJANGO_SETTINGS_MODULE=ofsted_kb.settings_bench and a DATABASE_URL of its own"
        )
    name = connection.settings_dict["NAME"]
    developer = Path(settings.BASE_DIR) / "db.sqlite3"
    if connection.vendor == "sqlite" and str(name) and Path(str(name)).resolve() == developer:
        raise CommandError(f"{name} is the developer's database; give the benchmark its own")

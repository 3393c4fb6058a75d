"""``manage.py bench_open_data``: the API's lists over many different filter sets and the bulk
downloads' build, against ``DATABASE_URL`` (a benchmark's own database, with the synthetic
data ``bench_site`` or ``generate_national`` made); its figures printed and written to their
own section of ``docs/benchmarks.md`` (``perf.open_data``)."""

import shlex
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.core.wsgi import get_wsgi_application
from django.db import connection
from django.test.utils import override_settings

from findings.models import Finding
from perf import open_data
from perf.guard import require_benchmark_database


class Command(BaseCommand):
    help = (
        "Time each API list over many different filter sets drawn from the database, and the "
        "bulk downloads' build (time and peak memory), against DATABASE_URL (a benchmark's "
        "own database holding the synthetic data); write the figures to their own section of "
        "docs/benchmarks.md."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--per-endpoint", type=int, default=120, help="Different addresses of each list."
        )
        parser.add_argument(
            "--rounds", type=int, default=2, help="Requests of each address after its first."
        )
        parser.add_argument("--seed", type=int, default=1, help="The same seed, the same draw.")
        parser.add_argument("--no-build", action="store_true", help="Skip the bulk build.")
        parser.add_argument(
            "--output",
            default=str(Path(settings.BASE_DIR) / "docs" / "benchmarks.md"),
            help="The document whose open data section is rewritten.",
        )
        parser.add_argument("--no-write", action="store_true", help="Print only.")

    def handle(self, *args, per_endpoint, rounds, seed, no_build, output, no_write, **options):
        try:
            require_benchmark_database()
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        findings = Finding.objects.public().count()
        if not findings:
            raise CommandError(
                "The database holds no findings: make the data first (make bench, or "
                "manage.py generate_national --scale 10)."
            )
        values = open_data.real_values()
        urls = open_data.draw_urls(values, per_endpoint, seed)
        self.stderr.write(f"{sum(map(len, urls.values()))} addresses, {rounds + 1} requests each")
        # Never throttled here: every request comes from one address, far above any rate.
        with override_settings(API_ANON_RATE="1000000/second"):
            timings = open_data.time_endpoints(get_wsgi_application(), urls, rounds)
        build = None
        if not no_build:
            self.stderr.write("the bulk downloads: build_downloads in a child process")
            build = open_data.measure_build()
        major, minor = (
            divmod(connection.pg_version, 10000)
            if connection.vendor == ("postgresql")
            else (None, None)
        )
        server = f"PostgreSQL {major}.{minor}" if major else f"{connection.vendor}"
        section = open_data.report(
            timings,
            build,
            command="manage.py " + shlex.join(["bench_open_data", *sys.argv[2:]]),
            data=f"{server}, {findings:,} public findings",
            rounds=rounds,
        )
        self.stdout.write(section)
        if not no_write:
            try:
                open_data.write_section(Path(output), section)
            except ValueError as exc:
                raise CommandError(str(exc)) from None
            self.stderr.write(f"wrote {output}")

"""``manage.py bench_site``: the site's speed at a multiple of the national size, on SQLite and
PostgreSQL, as one table printed and written to ``docs/benchmarks.md``, around the notes written
by hand there, which it keeps (``perf.benchmark_run.kept_notes``).

A benchmark, not a test. It runs the steps of ``perf.benchmark_run`` in child processes,
each against the benchmark's own database; ``--step`` runs one step in this process (against
``DATABASE_URL``) and prints its figures as JSON, which is how the children are started.
"""

import argparse
import json
import shlex
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from perf import benchmark, benchmark_run, longtail

DEFAULT_DATABASES = (
    "sqlite=sqlite:////tmp/ofsted-kb-bench.sqlite3,"
    "postgresql=postgres://postgres@127.0.0.1:5432/bench"
)


class Command(BaseCommand):
    help = (
        "Benchmark the site at --scale times the national size on each database (default: "
        "SQLite in /tmp and PostgreSQL's 'bench' database) and write docs/benchmarks.md, "
        "keeping its notes written by hand. Refuses a database not named for a benchmark."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=10.0)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--databases",
            default=DEFAULT_DATABASES,
            help="name=DATABASE_URL pairs, comma-separated, in the table's column order.",
        )
        parser.add_argument("--rounds", type=int, default=5, help="Passes over each page's URLs.")
        parser.add_argument("--per-page", type=int, default=20, help="URLs a page, at most.")
        parser.add_argument(
            "--duration", type=int, default=10, help="Seconds of each measured load."
        )
        parser.add_argument("--connections", type=int, default=16)
        parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers.")
        parser.add_argument("--no-ingest", action="store_true", help="Skip bench_ingest.")
        parser.add_argument(
            "--output", default=str(Path(settings.BASE_DIR) / "docs" / "benchmarks.md")
        )
        parser.add_argument(
            "--step", choices=["generate", "pages", "longtail", "export"], help=argparse.SUPPRESS
        )

    def handle(self, *args, **options):
        if options["step"]:
            self.stdout.write(json.dumps(self._step(options), default=str))
            return
        databases = {}
        for pair in options["databases"].split(","):
            name, _, url = pair.partition("=")
            if not url:
                raise CommandError(f"--databases wants name=DATABASE_URL pairs; got {pair!r}")
            databases[name.strip()] = url.strip()
        run_options = benchmark_run.Options(
            databases=databases,
            scale=options["scale"],
            seed=options["seed"],
            rounds=options["rounds"],
            per_page=options["per_page"],
            duration=options["duration"],
            connections=options["connections"],
            workers=options["workers"],
            ingest=not options["no_ingest"],
            log=lambda line: self.stderr.write(line),
        )
        output = Path(options["output"])
        try:
            for url in databases.values():
                benchmark_run.check_database(url)
            notes = benchmark_run.kept_notes(output)
            runs = benchmark_run.Runner(run_options).run()
        except (ValueError, RuntimeError) as exc:
            raise CommandError(str(exc)) from None
        command = "manage.py bench_site " + shlex.join(sys.argv[2:])
        document = benchmark_run.report(runs, run_options, command.strip(), notes)
        output.write_text(document, encoding="utf-8")
        self.stdout.write(document)

    def _step(self, options):
        if options["step"] == "generate":
            return benchmark.step_generate(options["scale"], options["seed"])
        if options["step"] == "pages":
            return benchmark.step_pages(options["per_page"], options["rounds"])
        if options["step"] == "longtail":
            return longtail.step_longtail(options["seed"])
        return benchmark.step_export()

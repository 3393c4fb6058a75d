"""``manage.py generate_national``: synthetic authorities and histories for benchmarks.

``--scale 10 --seed 1`` makes ten times the real national size, the same rows every time;
``--clear`` removes every synthetic row. It exists only under the settings that install perf
(``ofsted_kb.settings_bench``, and the tests'), and writes only into a benchmark's own database:
it refuses any other by name (``perf.guard``), the developer's ``db.sqlite3`` first of all.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from perf import synthetic


class Command(BaseCommand):
    help = (
        "Generate synthetic authorities with realistic histories at a multiple of the real "
        "national size (1 = 153 authorities, about 1,000 documents, 14,000 pages and 40,000 "
        "findings), or remove them with --clear. Only into a benchmark's own database: run "
        "with DJANGO_SETTINGS_MODULE=ofsted_kb.settings_bench (the only settings that have "
        "this command) and a DATABASE_URL whose database is named bench... on PostgreSQL or "
        "whose SQLite file has bench in its name (make bench uses "
        "postgres://postgres@127.0.0.1:5432/bench and sqlite:////tmp/ofsted-kb-bench.sqlite3); "
        "any other database, db.sqlite3 above all, is refused before anything is written."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=float, default=1.0, help="Multiple of 153 authorities."
        )
        parser.add_argument("--seed", type=int, default=1, help="The same seed, the same rows.")
        parser.add_argument(
            "--clear", action="store_true", help="Remove every synthetic row and stop."
        )

    def handle(self, *args, scale, seed, clear, verbosity, **options):
        self.verbosity = verbosity
        started = time.perf_counter()
        if clear:
            try:
                counts = synthetic.clear()
            except ValueError as exc:
                raise CommandError(str(exc)) from None
            self.stdout.write(
                f"Removed {counts.authorities} synthetic authorities, {counts.documents} "
                f"documents, {counts.pages} pages, {counts.findings} findings "
                f"({time.perf_counter() - started:.1f} s)."
            )
            return
        try:
            counts = synthetic.generate(scale=scale, seed=seed, progress=self._progress)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"Made {counts.authorities} synthetic authorities: {counts.documents} documents, "
            f"{counts.pages} pages, {counts.inspections} inspections, {counts.judgements} "
            f"judgements, {counts.findings} findings, {counts.follow_ups} follow-ups "
            f"({time.perf_counter() - started:.1f} s)."
        )

    def _progress(self, done: int, total: int) -> None:
        if self.verbosity > 1:
            self.stdout.write(f"{done}/{total} authorities")

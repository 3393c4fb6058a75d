"""``manage.py generate_national``: synthetic authorities and histories for benchmarks.

``--scale 10 --seed 1`` makes ten times the real national size, the same rows every time;
``--clear`` removes every synthetic row. It writes only into a benchmark's own database
(``perf.guard``): the benchmark settings, never the developer's ``db.sqlite3``.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from perf import synthetic
from perf.guard import require_benchmark_database


class Command(BaseCommand):
    help = (
        "Generate synthetic authorities with realistic histories at a multiple of the real "
        "national size (1 = 153 authorities, about 1,000 documents, 14,000 pages and 40,000 "
        "findings), or remove them with --clear."
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
        require_benchmark_database()
        started = time.perf_counter()
        if clear:
            counts = synthetic.clear()
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

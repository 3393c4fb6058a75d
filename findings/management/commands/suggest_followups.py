"""``manage.py suggest_followups [--authority SLUG]``: recompute suggested follow-ups.

Suggested links are replaced; links staff confirmed or rejected are kept. ``--dry-run``
counts what would be suggested without writing. Each authority is done in a transaction of
its own, by ``--jobs`` processes on PostgreSQL (one a core by default).
"""

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections, transaction

from authorities.models import Authority
from findings.services import SuggestResult, authorities_with_follow_up_items, suggest_follow_ups


def authority_by_slug(slug: str) -> Authority:
    authority = Authority.objects.filter(slug=slug).first()
    if authority is None:
        raise CommandError(f"no authority has the slug {slug!r} (see /authorities/ for slugs)")
    return authority


class _DryRun(Exception):
    """Raised to roll a dry run back."""


def _suggest(authority_id: int, dry_run: bool) -> tuple[str, SuggestResult]:
    """One authority's suggestions in a transaction of its own (rolled back for a dry run)."""
    authority = Authority.objects.get(pk=authority_id)
    try:
        with transaction.atomic():
            result = suggest_follow_ups(authority)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return authority.name, result


def default_jobs() -> int:
    """One process a core on PostgreSQL; one on SQLite, whose writers wait for each other."""
    return (os.cpu_count() or 1) if connection.vendor == "postgresql" else 1


class Command(BaseCommand):
    help = "Recompute the suggested follow-ups of recommendations (staff-reviewed links kept)."

    def add_arguments(self, parser):
        parser.add_argument("--authority", help="Only this authority (its slug in URLs).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Count the suggestions; write nothing."
        )
        parser.add_argument(
            "--jobs",
            type=int,
            help="Processes, each taking authorities in turn (default: one a core on "
            "PostgreSQL, one on SQLite).",
        )

    def handle(self, *args, **options):
        if options["authority"]:
            ids = [authority_by_slug(options["authority"]).pk]
        else:
            ids = list(authorities_with_follow_up_items().values_list("pk", flat=True))
        jobs = max(1, options["jobs"] or default_jobs())
        total = 0
        for name, result in self._run(ids, options["dry_run"], jobs):
            total += result.suggested
            self.stdout.write(
                f"{name}: {result.items} recommendation(s), {result.suggested} "
                f"suggested link(s), {result.kept} kept as staff reviewed them"
            )
        verb = "would be" if options["dry_run"] else "were"
        self.stdout.write(f"{total} suggested link(s) {verb} written for {len(ids)} authorities.")

    def _run(self, ids: list[int], dry_run: bool, jobs: int):
        # Other processes cannot see a transaction this one has open (a caller's, a test's),
        # nor a database in this one's memory.
        in_memory = connection.vendor == "sqlite" and connection.is_in_memory_db()
        if jobs == 1 or len(ids) < 2 or connection.in_atomic_block or in_memory:
            for pk in ids:
                yield _suggest(pk, dry_run)
            return
        # The processes are forked: each must open its own connections, not share this one's.
        connections.close_all()
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            yield from pool.map(_suggest, ids, [dry_run] * len(ids), chunksize=4)

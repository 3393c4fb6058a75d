"""``manage.py suggest_followups [--authority SLUG]``: recompute suggested follow-ups.

Suggested links are replaced; links staff confirmed or rejected are kept. ``--dry-run``
counts what would be suggested without writing.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from authorities.models import Authority
from findings.services import authorities_with_follow_up_items, suggest_follow_ups


def authority_by_slug(slug: str) -> Authority:
    authority = Authority.objects.filter(slug=slug).first()
    if authority is None:
        raise CommandError(f"no authority has the slug {slug!r} (see /authorities/ for slugs)")
    return authority


class _DryRun(Exception):
    """Raised to roll a dry run back."""


class Command(BaseCommand):
    help = "Recompute the suggested follow-ups of recommendations (staff-reviewed links kept)."

    def add_arguments(self, parser):
        parser.add_argument("--authority", help="Only this authority (its slug in URLs).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Count the suggestions; write nothing."
        )

    def handle(self, *args, **options):
        if options["authority"]:
            authorities = [authority_by_slug(options["authority"])]
        else:
            authorities = list(authorities_with_follow_up_items())
        total = 0
        for authority in authorities:
            try:
                with transaction.atomic():
                    result = suggest_follow_ups(authority)
                    if options["dry_run"]:
                        raise _DryRun
            except _DryRun:
                pass
            total += result.suggested
            self.stdout.write(
                f"{authority.name}: {result.items} recommendation(s), {result.suggested} "
                f"suggested link(s), {result.kept} kept as staff reviewed them"
            )
        verb = "would be" if options["dry_run"] else "were"
        self.stdout.write(
            f"{total} suggested link(s) {verb} written for {len(authorities)} authorities."
        )

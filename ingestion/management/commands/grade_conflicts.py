"""``manage.py grade_conflicts``: list every judgement on which sources disagree."""

from django.core.management.base import BaseCommand, CommandError

from authorities.models import Authority
from ingestion.services import grade_conflicts


class Command(BaseCommand):
    help = "List inspection areas whose grades differ between sources, with each source."

    def add_arguments(self, parser):
        parser.add_argument("--authority", help="An authority's slug, to list only its own.")

    def handle(self, *args, **options):
        authority = None
        if options["authority"]:
            authority = Authority.objects.filter(slug=options["authority"]).first()
            if authority is None:
                raise CommandError(f"no authority with the slug {options['authority']!r}")
        conflicts = grade_conflicts(authority)
        for conflict in conflicts:
            self.stdout.write(f"{conflict.inspection} — {conflict.area}:")
            for judgement in conflict.judgements:
                where = (
                    f"{judgement.source_document}, page {judgement.page}"
                    if judgement.source_document
                    else judgement.get_source_display()
                )
                self.stdout.write(f"    {judgement.grade:<22} {where}")
        self.stdout.write(f"{len(conflicts)} conflict(s).")

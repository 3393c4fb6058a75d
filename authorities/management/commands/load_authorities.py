"""Apply the authority reference files in fixtures/ to the database (migrate does it once)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from authorities.loading import load_reference
from authorities.models import Authority, AuthorityAlias, StatisticalNeighbour


class Command(BaseCommand):
    help = "Create or update every authority, alias and statistical neighbour from fixtures/."

    def handle(self, *args, **options):
        with transaction.atomic():
            counts = load_reference(Authority, AuthorityAlias, StatisticalNeighbour)
        self.stdout.write(
            "Loaded {authorities} authorities, {aliases} new aliases, "
            "{neighbours} neighbour links.".format(**counts)
        )

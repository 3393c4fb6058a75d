"""Regenerate fixtures/authorities.csv, authority_aliases.csv and statistical_neighbours.csv."""

from pathlib import Path

from django.core.management.base import BaseCommand

from authorities.reference_data import build


class Command(BaseCommand):
    help = "Build the authority reference CSVs from Ofsted's and DfE's published data."

    def add_arguments(self, parser):
        parser.add_argument("--data-dir", type=Path, default=Path("../shared/corpus/data"))
        parser.add_argument("--out", type=Path, default=Path("fixtures"))

    def handle(self, *args, data_dir: Path, out: Path, **options):
        counts = build(data_dir, out)
        self.stdout.write(
            "Wrote {current} current and {former} former authorities, {aliases} aliases, "
            "{neighbours} neighbour links.".format(**counts)
        )

"""``manage.py build_outcomes_reference``: Ofsted's official outcomes as the CSV the project
ships, so a checkout without the publications still has every authority's grade history."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ingestion.official_statistics import read_all, write_reference
from ofsted_kb.ods import SpreadsheetError


class Command(BaseCommand):
    help = (
        "Write fixtures/official_outcomes.csv from Ofsted's two publications (the 2023 "
        "underlying data and the outcomes as at 31 March 2025): one official record a row."
    )

    def add_arguments(self, parser):
        parser.add_argument("--data-dir", type=Path, default=Path("../shared/corpus/data"))
        parser.add_argument("--out", type=Path, default=Path("fixtures/official_outcomes.csv"))

    def handle(self, *args, data_dir: Path, out: Path, **options):
        try:
            records = read_all(data_dir)
        except (OSError, KeyError, SpreadsheetError) as exc:
            raise CommandError(
                f"cannot read the official statistics in {data_dir}: {exc}"
            ) from None
        write_reference(records, out)
        self.stdout.write(f"Wrote {len(records)} official records to {out}.")

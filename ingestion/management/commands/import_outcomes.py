"""``manage.py import_outcomes``: Ofsted's official statistics as Judgements."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ingestion.official_statistics import read_all
from ingestion.services import import_official_outcomes
from ofsted_kb.ods import SpreadsheetError


class Command(BaseCommand):
    help = (
        "Import every authority's grade history from Ofsted's official statistics "
        "(the 2023 underlying data and the outcomes as at 31 March 2025)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--data-dir",
            default="../shared/corpus/data",
            help="Folder holding the two .ods publications.",
        )

    def handle(self, *args, **options):
        data_dir = Path(options["data_dir"])
        try:
            records = read_all(data_dir)
        except (OSError, KeyError, SpreadsheetError) as exc:
            raise CommandError(
                f"cannot read the official statistics in {data_dir}: {exc}"
            ) from None
        result = import_official_outcomes(records)
        self.stdout.write(
            f"{len(records)} official records: {result.inspections_matched} matched existing "
            f"inspections, {result.inspections_created} new, "
            f"{result.judgements_written} judgements written."
        )
        for line in result.unresolved:
            self.stderr.write(f"Unknown authority: {line}")

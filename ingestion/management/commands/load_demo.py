"""``manage.py load_demo``: the seed documents, and every authority's grade history from
Ofsted's official statistics (the reference file the project ships, or the publications).

Idempotent: run it again and nothing changes.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from ingestion.official_statistics import read_all, read_reference
from ingestion.services import authority_index, import_official_outcomes, ingest_document
from ofsted_kb.ods import SpreadsheetError

SEEDS = Path(settings.BASE_DIR) / "fixtures" / "seeds"
#: Ofsted's official outcomes as the project ships them (``build_outcomes_reference``).
OFFICIAL_REFERENCE = Path(settings.BASE_DIR) / "fixtures" / "official_outcomes.csv"


class Command(BaseCommand):
    help = (
        "Load the demo data: the five seed documents (Kent and Kensington and Chelsea), then "
        "every authority's grade history from Ofsted's official statistics (the project's "
        "fixtures/official_outcomes.csv, or the publications in --official-data DIR)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--official-data",
            type=Path,
            help="A folder holding Ofsted's two .ods publications, read instead of the "
            "reference file.",
        )

    def handle(self, *args, **options):
        index = authority_index()
        for path in sorted(SEEDS.glob("*.txt")):
            result = ingest_document(
                data=path.read_bytes(), filename=f"fixtures/seeds/{path.name}", index=index
            )
            line = f"{path.name}: {result.outcome}"
            if result.error:
                line += f" ({result.error})"
            self.stdout.write(line)
        self._official(options["official_data"])

    def _official(self, data_dir: Path | None) -> None:
        if data_dir is None:
            source, read = OFFICIAL_REFERENCE, read_reference
        elif data_dir.is_dir():
            source, read = data_dir, read_all
        else:
            self.stdout.write(
                f"Official statistics not found in {data_dir}: authorities other than the "
                "seeds' show no grades (manage.py import_outcomes --data-dir DIR adds them)."
            )
            return
        try:
            records = read(source)
        except (OSError, KeyError, ValueError, SpreadsheetError) as exc:
            self.stderr.write(f"Official statistics in {source} not loaded: {exc}")
            return
        result = import_official_outcomes(records)
        self.stdout.write(
            f"Official statistics ({source.name}): {len(records)} records, "
            f"{result.inspections_matched} matched, {result.inspections_created} new."
        )

"""``manage.py load_demo``: the seed documents, and Ofsted's official statistics if at hand.

Idempotent: run it again and nothing changes.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from ingestion.official_statistics import read_all
from ingestion.services import authority_index, import_official_outcomes, ingest_document
from ofsted_kb.ods import SpreadsheetError

SEEDS = Path(settings.BASE_DIR) / "fixtures" / "seeds"
#: Where a checkout beside ``../shared`` finds Ofsted's two official publications.
OFFICIAL_DATA = Path(settings.BASE_DIR).parent / "shared" / "corpus" / "data"


class Command(BaseCommand):
    help = (
        "Load the demo data: the five seed documents (Kent and Kensington and Chelsea), then "
        "every authority's grade history from Ofsted's official statistics when they are at "
        "hand (../shared/corpus/data, or --official-data DIR)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--official-data", type=Path, default=OFFICIAL_DATA)

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

    def _official(self, data_dir: Path) -> None:
        if not data_dir.is_dir():
            self.stdout.write(
                f"Official statistics not found in {data_dir}: authorities other than the "
                "seeds' show no grades (manage.py import_outcomes --data-dir DIR adds them)."
            )
            return
        try:
            records = read_all(data_dir)
        except (OSError, KeyError, SpreadsheetError) as exc:
            self.stderr.write(f"Official statistics in {data_dir} not loaded: {exc}")
            return
        result = import_official_outcomes(records)
        self.stdout.write(
            f"Official statistics: {len(records)} records, {result.inspections_matched} "
            f"matched, {result.inspections_created} new."
        )

"""``manage.py load_demo``: ingest the five seed documents in fixtures/seeds (idempotent)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from inspections.services import authority_index, ingest_document

SEEDS = Path(settings.BASE_DIR) / "fixtures" / "seeds"


class Command(BaseCommand):
    help = "Load the demo data: the five seed documents (Kent and Kensington and Chelsea)."

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

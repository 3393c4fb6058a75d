"""Build the bulk downloads (/data/): the public data as a zip of CSV files and as SQLite."""

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat

from website import downloads


class Command(BaseCommand):
    help = (
        "Write the whole public dataset (published records only) to MEDIA_ROOT/data/ as a zip "
        "of CSV files with a data dictionary and as one SQLite file, replacing the last build."
    )

    def handle(self, *args, **options):
        try:
            built = downloads.build()
        except OSError as exc:
            raise CommandError(f"Could not write the downloads: {exc}") from exc
        rows = ", ".join(f"{count} {name}" for name, count in built.counts.items())
        self.stdout.write(f"Rows: {rows}.")
        for name, size in built.sizes.items():
            self.stdout.write(f"{downloads.folder() / name}: {filesizeformat(size)}")
        self.stdout.write(self.style.SUCCESS(f"Built in {built.seconds:.1f} s."))

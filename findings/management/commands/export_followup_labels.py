"""``manage.py export_followup_labels``: the links staff confirmed or rejected in the admin,
written as labelled pairs in the format of ``findings/labels/followups.csv``, so that the
follow-up method can be measured and retrained on them too."""

import csv
import sys

from django.core.management.base import BaseCommand, CommandError

from findings.measurement import COLUMNS, staff_decisions


class Command(BaseCommand):
    help = (
        "Write the follow-up links staff confirmed (right) or rejected (wrong) as labelled "
        "pairs, in the labelled set's columns, to standard output or --output."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", help="A CSV file to write (default: standard output).")

    def handle(self, *args, **options):
        path = options["output"]
        if not path:
            self._write(sys.stdout)
            return
        try:
            with open(path, "w", newline="", encoding="utf-8") as handle:
                self._write(handle)
        except OSError as exc:
            raise CommandError(f"cannot write {path}: {exc}") from exc

    def _write(self, handle) -> None:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        count = 0
        for row in staff_decisions():
            writer.writerow(row)
            count += 1
        self.stderr.write(f"{count} staff decision(s) written")

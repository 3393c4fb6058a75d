"""``manage.py evaluate_themes [CSV]``: the tagger's precision and recall per theme against
hand labels (by default tests/data/theme_labels.csv, the sample docs/themes.md reports)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from findings.management.samples import read_sample
from findings.themes import evaluate

DEFAULT = Path(settings.BASE_DIR) / "tests" / "data" / "theme_labels.csv"


class Command(BaseCommand):
    help = "Measure the theme tagger on a hand-labelled CSV (columns text, themes, split)."

    def add_arguments(self, parser):
        parser.add_argument("csv", nargs="?", default=str(DEFAULT))
        parser.add_argument("--split", help="Only rows of this split (tuning, held_out).")

    def handle(self, *args, **options):
        path = Path(options["csv"])
        rows = read_sample(path)
        if rows and not {"text", "themes"} <= rows[0].keys():
            raise CommandError(f"{path} needs the columns text and themes")
        if options["split"]:
            rows = [r for r in rows if r.get("split") == options["split"]]
        try:
            scores = evaluate((r["text"], r["themes"].split()) for r in rows)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{len(rows)} labelled findings")
        self.stdout.write(f"{'theme':24} {'labelled':>8} {'precision':>9} {'recall':>6}")
        for slug, score in scores.items():
            self.stdout.write(
                f"{slug:24} {score.labelled:8} {_share(score.precision):>9} "
                f"{_share(score.recall):>6}"
            )


def _share(value):
    return "-" if value is None else f"{value:.2f}"

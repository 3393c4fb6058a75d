"""``manage.py train_followups``: refit the follow-up ranker on the tuning part of the labelled
set (``findings/labels/``) and write it to ``findings/labels/ranker.json``.

Run on a database with the corpus ingested; then ``suggest_followups`` to use the new model and
``measure_followups`` to see how it does on both parts. Needs scikit-learn (a dev dependency).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from findings import training


class Command(BaseCommand):
    help = "Refit the follow-up ranker on the labelled set's tuning part and write its JSON."

    def add_arguments(self, parser):
        parser.add_argument("--kind", choices=["trees", "logistic"], default="trees")
        parser.add_argument(
            "--part",
            choices=["tune", "all"],
            default="tune",
            help="Fit on the tuning part (default) or every label (then nothing is left to "
            "measure on).",
        )
        parser.add_argument(
            "--partly",
            choices=["skip", "negative"],
            default="skip",
            help="What a pair judged 'partly' teaches: nothing (default) or a negative.",
        )
        parser.add_argument("--output", help="Where to write the model (default: the project's).")

    def handle(self, *args, **options):
        partly = None if options["partly"] == "skip" else 0
        output = Path(options["output"]) if options["output"] else None
        try:
            _, spec = training.train(
                kind=options["kind"], partly=partly, part=options["part"], output=output
            )
        except (RuntimeError, ValueError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{spec['kind']} model {spec['about']}")
        self.stdout.write(f"written to {output or training.ranking.MODEL_PATH}")

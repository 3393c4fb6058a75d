"""Reading the hand-judged samples the findings commands measure against."""

import csv
from pathlib import Path

from django.core.management.base import CommandError


def read_sample(path: Path) -> list[dict[str, str]]:
    """The rows of a hand-judged CSV sample, or a CommandError that says why not."""
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            return list(csv.DictReader(handle))
    except OSError as exc:
        raise CommandError(f"cannot read {path}: {exc.strerror}") from exc

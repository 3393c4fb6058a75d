"""``manage.py measure_extraction``: how extraction generalises from the authorities the parsers
were tuned on to others (perf.extraction).

It empties the benchmark's database of documents and inspections, ingests the corpus folder,
imports the official statistics, and prints each group's figures: a table, or ``--json``.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ingestion.management.commands.ingest import SUFFIXES
from perf import extraction
from perf.guard import require_benchmark_database

#: The table's rows: (label, the figure's key in a group's figures).
ROWS = [
    ("authorities", "authorities"),
    ("documents", "documents"),
    ("ingested without review", "ingested without review"),
    ("kept for review", "kept for review"),
    ("refused", "refused"),
    ("same bytes as another file", "same bytes as another file"),
    ("authority right", "authority right"),
    ("authority wrong", "authority wrong"),
    ("authority not placed", "authority not placed"),
    ("kind right", "kind right"),
    ("kind wrong", "kind wrong"),
    ("kind not read", "kind not read"),
    ("events reported", "events reported"),
    ("events without visit dates", "events without visit dates"),
    ("events without lead inspector", "events without lead inspector"),
]
LISTS = (
    "kept for review files",
    "refused files",
    "authority wrong files",
    "kind wrong files",
    "files with undated events",
    "files without a lead inspector",
)


class Command(BaseCommand):
    help = (
        "Ingest a corpus into a benchmark's database and print, per group of authorities, "
        "how its documents were read against the manifest and the official statistics."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", nargs="?", default="../shared/corpus/pdf")
        parser.add_argument(
            "--manifest", help="The corpus's MANIFEST.csv (default: beside the folder)."
        )
        parser.add_argument(
            "--data-dir", help="Ofsted's official statistics (default: data/ beside the folder)."
        )
        parser.add_argument(
            "--groups",
            help="Groups of authorities, comma-separated, among first20 (the corpus README's "
            "first 20), rest and all; default first20,rest unless --split is given.",
        )
        parser.add_argument(
            "--split",
            type=int,
            metavar="SEED",
            help="Also (or instead) two random halves of the authorities, drawn with SEED.",
        )
        parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
        parser.add_argument("--json", action="store_true", help="Print JSON, not a table.")

    def handle(self, *args, **options):
        try:
            require_benchmark_database()
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        folder = Path(options["folder"])
        manifest = Path(options["manifest"] or folder.parent / "MANIFEST.csv")
        data_dir = Path(options["data_dir"] or folder.parent / "data")
        files = sorted(p for p in folder.iterdir() if p.suffix.lower() in SUFFIXES)
        if not files:
            raise CommandError(f"no documents in {folder}")
        try:
            listings = extraction.read_manifest(manifest)
        except (OSError, KeyError, ValueError) as exc:
            raise CommandError(f"cannot read the manifest {manifest}: {exc}") from None
        authorities = {listings[p.name].authority for p in files if p.name in listings}
        names = options["groups"] or ("" if options["split"] is not None else "first20,rest")
        try:
            groups = extraction.named_groups(authorities, [n for n in names.split(",") if n])
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        if options["split"] is not None:
            groups |= extraction.split_groups(authorities, options["split"])

        started = time.perf_counter()
        extraction.clear()
        measured, official = extraction.measure(
            files, listings, data_dir=data_dir, jobs=options["jobs"]
        )
        figures = {
            name: {
                **extraction.group_figures(measured, members),
                "members": sorted(members),
            }
            for name, members in groups.items()
        }
        seconds = time.perf_counter() - started
        if options["json"]:
            self.stdout.write(json.dumps(figures, indent=2, ensure_ascii=False))
            return
        self.stdout.write(
            f"{len(files)} files from {folder} in {seconds:.0f} s; official statistics: "
            f"{official.inspections_matched} records matched, "
            f"{official.inspections_created} placeholders"
        )
        self._table(figures)
        for name, figure in figures.items():
            for key in LISTS:
                if figure[key]:
                    self.stdout.write(f"\n{name}, {key} ({len(figure[key])}):")
                    for line in figure[key]:
                        self.stdout.write(f"  {line['file']}: {line['why']}")
            if figure["grade disagreements"]:
                self.stdout.write(f"\n{name}, grades disagreeing with the official record:")
                for line in figure["grade disagreements"]:
                    self.stdout.write(f"  {line}")

    def _table(self, figures):
        rows = [(label, [str(f[key]) for f in figures.values()]) for label, key in ROWS]
        for era in extraction.ERAS.values():
            for key in ("reports", "with official record", "grades compared", "agreeing"):
                rows.append((f"{era} {key}", [str(f["eras"][era][key]) for f in figures.values()]))
        for name in extraction.COUNTED_FINDINGS.values():
            rows.append((name, [str(f["findings"][name]) for f in figures.values()]))
        width = max(len(label) for label, _ in rows)
        widths = [max(len(name), 6) for name in figures]
        heads = "  ".join(f"{n:>{w}}" for n, w in zip(figures, widths, strict=True))
        self.stdout.write("\n" + " " * width + "  " + heads)
        for label, values in rows:
            cells = "  ".join(f"{v:>{w}}" for v, w in zip(values, widths, strict=True))
            self.stdout.write(f"{label:<{width}}  {cells}")

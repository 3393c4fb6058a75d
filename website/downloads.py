"""The bulk downloads: the whole public dataset as a zip of CSV files and as one SQLite file.

``build()`` reads every public table once, in pages of CHUNK rows, and writes each page to
both files at once, so memory stays a few megabytes whatever the data's size. The files are
made in a scratch folder beside the published ones and moved into place when complete: the
``/data/`` page and its links never see half a build. ``manage.py build_downloads`` and the
background worker (after the data changes: ``schedule_rebuild``) both call ``build()``.

Ids are the site's stable ids (``/findings/<id>/``); codes are the canonical codes the API
gives (``outstanding``, ``ilacs``), each listed with its label in the data dictionary.
"""

from __future__ import annotations

import csv
import datetime
import io
import itertools
import json
import logging
import os
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from authorities.models import Authority
from findings.models import Finding, FollowUp, Theme
from inspections.models import Document, Inspection, Judgement
from inspections.queries import public_inspection_condition, public_judgements

log = logging.getLogger(__name__)

#: The folder under MEDIA_ROOT the files are published in, and their names there.
FOLDER = "data"
ZIP_NAME = "ofsted-kb-csv.zip"
SQLITE_NAME = "ofsted-kb.sqlite3"
MANIFEST_NAME = "build.json"
#: Rows read from the database, and written to both files, at a time.
CHUNK = 2000

# A spreadsheet runs a cell that starts with one of these as a formula (as in the findings
# CSV). Here the apostrophe put before such a text is also put before a text that starts
# with an apostrophe, so taking one leading apostrophe off gives the text back exactly.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")


@dataclass(frozen=True)
class Column:
    name: str
    #: The field's path for ``values_list`` (the column's name when empty).
    field: str
    type: str  # SQLite's: INTEGER, REAL or TEXT
    note: str
    #: The model whose field's choices the note lists (codes and labels).
    choices_of: type | None = None


@dataclass(frozen=True)
class Table:
    name: str
    note: str
    rows: Callable
    columns: tuple[Column, ...]

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"


def _col(name, type_, note, field="", choices_of=None) -> Column:
    return Column(name, field or name, type_, note, choices_of)


def _through(model, **filters):
    return lambda: model.objects.filter(**filters)


TABLES = (
    Table(
        "authorities",
        "Every English local authority with children's services duties, current and former.",
        lambda: Authority.objects.public(),
        (
            _col("id", "INTEGER", "The authority's stable id."),
            _col("slug", "TEXT", "Its code in the site's addresses: /authorities/<slug>/."),
            _col("name", "TEXT", "Its short common name."),
            _col("official_name", "TEXT", "Its full legal name."),
            _col("ons_code", "TEXT", "Its ONS area code."),
            _col(
                "previous_ons_codes",
                "TEXT",
                "ONS codes the same area had before, separated by commas.",
            ),
            _col("la_number", "INTEGER", "The DfE's local authority number."),
            _col("ofsted_urn", "INTEGER", "Ofsted's unique reference number for it."),
            _col("region", "TEXT", "Its Ofsted region.", choices_of=Authority),
            _col("kind", "TEXT", "Its kind of council.", choices_of=Authority),
            _col("status", "TEXT", "Current, or former (abolished).", choices_of=Authority),
            _col("abolished_on", "TEXT", "When a former authority was abolished (ISO date)."),
        ),
    ),
    Table(
        "authority_successors",
        "Which authorities took over a former authority's duties.",
        _through(Authority.successors.through),
        (
            _col("authority_id", "INTEGER", "The former authority.", "from_authority_id"),
            _col("successor_id", "INTEGER", "An authority that took over.", "to_authority_id"),
        ),
    ),
    Table(
        "documents",
        "Every published document: reports, visit letters, committee papers (each report "
        "once, by the rendition that holds its records).",
        lambda: Document.objects.public(),
        (
            _col("id", "INTEGER", "The document's stable id: /documents/<id>/ on the site."),
            _col("kind", "TEXT", "What the document is.", choices_of=Document),
            _col("authority_id", "INTEGER", "The authority it is about (authorities.id)."),
            _col("title", "TEXT", "Its title."),
            _col("document_date", "TEXT", "The date it bears (ISO date)."),
            _col("published_on", "TEXT", "When it was published (ISO date)."),
            _col("source_url", "TEXT", "Where it was published."),
            _col("committee", "TEXT", "For a committee paper, the committee it went to."),
            _col("original_filename", "TEXT", "The file's name as published."),
            _col("media_type", "TEXT", "The file's type (application/pdf, text/plain...)."),
            _col("sha256", "TEXT", "The SHA-256 of the file: the same file has the same hash."),
            _col("page_count", "INTEGER", "How many pages it has."),
        ),
    ),
    Table(
        "inspections",
        "Every public inspection, visit and joint inspection (those known only from Ofsted's "
        "official statistics included).",
        lambda: Inspection.objects.filter(public_inspection_condition()),
        (
            _col("id", "INTEGER", "The inspection's stable id: /inspections/<id>/ on the site."),
            _col("authority_id", "INTEGER", "The authority inspected (authorities.id)."),
            _col("framework", "TEXT", "The framework or kind of visit.", choices_of=Inspection),
            _col("start_date", "TEXT", "Its first day (ISO date)."),
            _col("end_date", "TEXT", "Its last day (ISO date)."),
            _col(
                "date_precision",
                "TEXT",
                "How exactly the dates are known.",
                choices_of=Inspection,
            ),
            _col("published_on", "TEXT", "When its report or letter was published (ISO date)."),
            _col("lead_inspector", "TEXT", "The lead inspector named."),
            _col("theme", "TEXT", "A visit's theme."),
            _col("visit_number", "INTEGER", "A monitoring visit's number in its series."),
            _col(
                "is_placeholder",
                "INTEGER",
                "1 when only known from a later document's mention, 0 otherwise.",
            ),
        ),
    ),
    Table(
        "inspection_documents",
        "Which published documents report each inspection.",
        _through(
            Inspection.documents.through,
            document__is_published=True,
            document__rendition_of__isnull=True,
        ),
        (
            _col("inspection_id", "INTEGER", "The inspection (inspections.id)."),
            _col("document_id", "INTEGER", "A document about it (documents.id)."),
        ),
    ),
    Table(
        "judgements",
        "Every grade of every area of an inspection, as each source states it (the report, a "
        "later recap, a committee paper, Ofsted's official statistics).",
        public_judgements,
        (
            _col("id", "INTEGER", "The judgement's stable id."),
            _col("inspection_id", "INTEGER", "The inspection graded (inspections.id)."),
            _col("area", "TEXT", "The area judged.", choices_of=Judgement),
            _col("grade", "TEXT", "The grade given.", choices_of=Judgement),
            _col(
                "source",
                "TEXT",
                "Where the grade is stated.",
                choices_of=Judgement,
            ),
            _col(
                "source_document_id",
                "INTEGER",
                "The document stating it (documents.id); empty for official statistics.",
            ),
            _col("page", "INTEGER", "The page of that document it is on."),
        ),
    ),
    Table(
        "findings",
        "Every finding of every published document: recommendations, areas for improvement, "
        "strengths, findings, next steps.",
        lambda: Finding.objects.public(),
        (
            _col("id", "INTEGER", "The finding's stable id: /findings/<id>/ on the site."),
            _col(
                "inspection_id",
                "INTEGER",
                "The inspection it comes from (inspections.id); empty for a committee paper "
                "not tied to one.",
            ),
            _col("document_id", "INTEGER", "The document it is stated in (documents.id)."),
            _col("page", "INTEGER", "The page of that document it is on."),
            _col("kind", "TEXT", "What kind of finding it is.", choices_of=Finding),
            _col("section", "TEXT", "The heading of the part of the document it sits in."),
            _col("number", "INTEGER", "Its number in the document's list, where numbered."),
            _col("order", "INTEGER", "Its position within the document."),
            _col("text", "TEXT", "The finding as the document words it."),
        ),
    ),
    Table(
        "finding_themes",
        "The themes each finding is tagged with.",
        _through(Finding.themes.through, finding__document__is_published=True),
        (
            _col("finding_id", "INTEGER", "The finding (findings.id)."),
            _col("theme_id", "INTEGER", "A theme it is tagged with (themes.id)."),
        ),
    ),
    Table(
        "follow_ups",
        "Each recommendation's trail: later documents that speak of it, with a status.",
        lambda: FollowUp.objects.public(),
        (
            _col("id", "INTEGER", "The link's stable id."),
            _col("recommendation_id", "INTEGER", "The recommendation followed (findings.id)."),
            _col(
                "evidence_id",
                "INTEGER",
                "The later finding that speaks of it (findings.id), if the passage is one.",
            ),
            _col("evidence_document_id", "INTEGER", "The later document (documents.id)."),
            _col("evidence_page", "INTEGER", "The page of that document."),
            _col("evidence_date", "TEXT", "When the later document was written (ISO date)."),
            _col("passage", "TEXT", "The later words that speak of the recommendation."),
            _col("status", "TEXT", "What they say of it.", choices_of=FollowUp),
            _col(
                "origin",
                "TEXT",
                "Whether staff confirmed the link or the site suggested it.",
                choices_of=FollowUp,
            ),
            _col("score", "REAL", "A suggestion's similarity score (0 to 1)."),
        ),
    ),
    Table(
        "themes",
        "The subjects findings are tagged with.",
        lambda: Theme.objects.all(),
        (
            _col("id", "INTEGER", "The theme's stable id."),
            _col("slug", "TEXT", "Its code (the findings page's theme filter takes it)."),
            _col("name", "TEXT", "Its name."),
            _col("description", "TEXT", "What it covers."),
        ),
    ),
)

DICTIONARY_COLUMNS = ("file", "column", "type", "description")


def column_note(column: Column) -> str:
    """The column's description, with its codes and their labels where it has codes."""
    if column.choices_of is None:
        return column.note
    field = column.choices_of._meta.get_field(column.field)
    codes = "; ".join(f"{code} ({label})" for code, label in field.choices)
    return f"{column.note} One of: {codes}."


def dictionary() -> list[dict]:
    """Every column of every file: what the zip's dictionary and the page list."""
    return [
        {
            "file": table.filename,
            "column": column.name,
            "type": column.type,
            "description": column_note(column),
        }
        for table in TABLES
        for column in table.columns
    ]


# -- Building ----------------------------------------------------------------------------------


def folder() -> Path:
    return Path(settings.MEDIA_ROOT) / FOLDER


@dataclass(frozen=True)
class Build:
    built_at: datetime.datetime
    counts: dict[str, int]
    sizes: dict[str, int]
    seconds: float


def build(target: Path | None = None) -> Build:
    """Write both files for the data as it is now and publish them in ``target``."""
    target = target or folder()
    target.mkdir(parents=True, exist_ok=True)
    started = timezone.now()
    with tempfile.TemporaryDirectory(dir=target, prefix=".building-") as scratch:
        scratch = Path(scratch)
        counts = _write(scratch / ZIP_NAME, scratch / SQLITE_NAME, started)
        sizes = {name: (scratch / name).stat().st_size for name in (ZIP_NAME, SQLITE_NAME)}
        seconds = (timezone.now() - started).total_seconds()
        manifest = {
            "built_at": started.isoformat(),
            "seconds": round(seconds, 1),
            "counts": counts,
            "sizes": sizes,
        }
        (scratch / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        # The manifest last: a reader that sees it sees the files it describes.
        for name in (ZIP_NAME, SQLITE_NAME, MANIFEST_NAME):
            os.replace(scratch / name, target / name)
    return Build(started, counts, sizes, seconds)


def _write(zip_path: Path, sqlite_path: Path, built_at: datetime.datetime) -> dict[str, int]:
    counts = {}
    stamp = timezone.localtime(built_at)
    with (
        zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf,
        closing(sqlite3.connect(sqlite_path)) as db,
    ):
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        with _snapshot():
            for table in TABLES:
                counts[table.name] = _write_table(table, zf, db, stamp)
        _write_about(zf, db, stamp, counts)
        db.commit()
        db.execute("VACUUM")
        zf.comment = f"Ofsted children's services data, built {stamp.isoformat()}".encode()
    return counts


class _snapshot:
    """One transaction for the whole read: PostgreSQL streams each table from a cursor (it
    would copy the whole result first outside one), and every table is read as of one moment
    where the transaction is the build's own (REPEATABLE READ)."""

    def __enter__(self):
        outermost = not connection.in_atomic_block
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        return self

    def __exit__(self, *exc):
        return self.atomic.__exit__(*exc)


def _entry(name: str, stamp: datetime.datetime) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=stamp.timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _write_table(table: Table, zf: zipfile.ZipFile, db, stamp) -> int:
    names = [column.name for column in table.columns]
    quoted = ", ".join(f'"{column.name}" {column.type}' for column in table.columns)
    db.execute(f'CREATE TABLE "{table.name}" ({quoted})')
    insert = f'INSERT INTO "{table.name}" VALUES ({", ".join("?" * len(names))})'
    fields = [column.field for column in table.columns]
    rows = table.rows().order_by("pk").values_list(*fields).iterator(chunk_size=CHUNK)
    count = 0
    with (
        zf.open(_entry(table.filename, stamp), "w", force_zip64=True) as raw,
        io.TextIOWrapper(raw, encoding="utf-8-sig", newline="") as text,
    ):
        writer = csv.writer(text)
        writer.writerow(names)
        while chunk := [tuple(map(_plain, row)) for row in itertools.islice(rows, CHUNK)]:
            writer.writerows([tuple(map(_cell, row)) for row in chunk])
            db.executemany(insert, chunk)
            count += len(chunk)
    return count


def _plain(value):
    """A value as SQLite keeps it: dates as ISO text, booleans as 0 or 1."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def _cell(value) -> str:
    """A value as the CSV writes it: empty for none, texts guarded against formulas."""
    if value is None:
        return ""
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    return value


def read_cell(value: str) -> str:
    """A CSV text as it was: ``_cell``'s apostrophe taken off (for readers of the files)."""
    return value[1:] if value.startswith("'") else value


def _write_about(zf: zipfile.ZipFile, db, stamp, counts: dict[str, int]) -> None:
    entries = dictionary()
    with (
        zf.open(_entry("dictionary.csv", stamp), "w") as raw,
        io.TextIOWrapper(raw, encoding="utf-8-sig", newline="") as text,
    ):
        writer = csv.DictWriter(text, DICTIONARY_COLUMNS)
        writer.writeheader()
        writer.writerows(entries)
    zf.writestr(_entry("README.md", stamp), readme(stamp, counts))
    db.execute(
        "CREATE TABLE data_dictionary (file TEXT, [column] TEXT, type TEXT, description TEXT)"
    )
    db.executemany(
        "INSERT INTO data_dictionary VALUES (?, ?, ?, ?)",
        [tuple(entry.values()) for entry in entries],
    )
    db.execute("CREATE TABLE build (built_at TEXT, [table] TEXT, rows INTEGER)")
    db.executemany(
        "INSERT INTO build VALUES (?, ?, ?)",
        [(stamp.isoformat(), name, count) for name, count in counts.items()],
    )


def readme(stamp: datetime.datetime, counts: dict[str, int]) -> str:
    """The zip's README.md: when it was built, each file, and the dictionary of its columns."""
    lines = [
        "# Ofsted children's services knowledge base: the public data",
        "",
        f"Built {stamp:%Y-%m-%d %H:%M:%S %Z} ({stamp.isoformat()}). Published documents only; "
        "drafts awaiting review are never included.",
        "",
        "UTF-8 CSV files with a header row. Ids are the site's stable ids; codes are listed "
        "with their labels below. An empty cell is a value not known. A text that begins "
        "with = + - @ ' or a tab has an apostrophe put before it, so that a spreadsheet does "
        "not run it as a formula: take one leading apostrophe off to read the text exactly.",
        "",
    ]
    for table in TABLES:
        lines += [f"## {table.filename} ({counts.get(table.name, 0)} rows)", "", table.note, ""]
        lines += ["| column | type | description |", "| --- | --- | --- |"]
        for column in table.columns:
            note = column_note(column).replace("|", "\\|")
            lines.append(f"| {column.name} | {column.type} | {note} |")
        lines.append("")
    return "\n".join(lines)


# -- Loading the files back ---------------------------------------------------------------------

#: The order the zip's tables are loaded in: each after those its ids point at.
LOAD_ORDER = (
    "authorities",
    "authority_successors",
    "themes",
    "documents",
    "inspections",
    "inspection_documents",
    "judgements",
    "findings",
    "finding_themes",
    "follow_ups",
)
#: What the files leave out of a row, as every row in them is: published, and parsed.
LOADED_AS = {"documents": {"is_published": True, "status": Document.Status.PARSED}}


def load_csv(zip_path: Path) -> dict[str, int]:
    """Load the CSV files of a zip ``build()`` wrote into this database, whose tables for them
    must be empty: the same rows under the same ids, in one transaction. Returns the rows
    loaded by table. What the files never hold (drafts, staff's notes, the stored PDFs) is
    not there afterwards; everything they hold is, so a build of the loaded database gives
    the same files."""
    from ofsted_kb.cache import data_changed

    tables = {table.name: table for table in TABLES}
    counts = {}
    with zipfile.ZipFile(zip_path) as zf, transaction.atomic():
        for name in LOAD_ORDER:
            model = tables[name].rows().model
            if model.objects.exists():
                raise ValueError(f"{model._meta.db_table} is not empty: load into an empty one")
        for name in LOAD_ORDER:
            counts[name] = _load_table(tables[name], zf)
        models = [tables[name].rows().model for name in LOAD_ORDER]
        # Ids given explicitly leave PostgreSQL's sequences behind: the next row made would
        # take an id already used.
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)
        data_changed()  # bulk_create sends no signal
    return counts


def _load_table(table: Table, zf: zipfile.ZipFile) -> int:
    model = table.rows().model
    fields = [model._meta.get_field(column.field) for column in table.columns]
    fixed = LOADED_AS.get(table.name, {})
    count = 0
    with (
        zf.open(table.filename) as raw,
        io.TextIOWrapper(raw, encoding="utf-8-sig", newline="") as text,
    ):
        reader = csv.reader(text)
        header = next(reader)
        if header != [column.name for column in table.columns]:
            raise ValueError(f"{table.filename} does not have the columns of this version")
        while chunk := list(itertools.islice(reader, CHUNK)):
            model.objects.bulk_create(
                model(
                    **fixed,
                    **{
                        field.attname: _value(cell, field, column)
                        for cell, field, column in zip(row, fields, table.columns, strict=True)
                    },
                )
                for row in chunk
            )
            count += len(chunk)
    return count


def _value(cell: str, field, column: Column):
    """A CSV cell as the model field holds it (``_plain`` and ``_cell`` undone)."""
    if cell == "" and (field.null or column.type != "TEXT"):
        return None
    if column.type == "TEXT":
        cell = read_cell(cell)
    return field.to_python(cell)


# -- What is published, for the page -----------------------------------------------------------


@dataclass(frozen=True)
class Published:
    built_at: datetime.datetime
    counts: dict[str, int]
    zip_size: int
    sqlite_size: int


def published() -> Published | None:
    """The build on offer, or None if there is none (yet)."""
    try:
        manifest = json.loads((folder() / MANIFEST_NAME).read_text(encoding="utf-8"))
        return Published(
            built_at=datetime.datetime.fromisoformat(manifest["built_at"]),
            counts=manifest["counts"],
            zip_size=(folder() / ZIP_NAME).stat().st_size,
            sqlite_size=(folder() / SQLITE_NAME).stat().st_size,
        )
    except (OSError, ValueError, KeyError):
        return None

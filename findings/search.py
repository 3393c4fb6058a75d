"""Full-text search over findings and document pages: ranked hits with highlighted snippets.

On PostgreSQL it uses the database's text search over GIN expression indexes; on SQLite, FTS5
tables that triggers keep in step (both made by ``findings/migrations/0002_search.py``). The
two give the same ``Hit`` objects, so the results page does not care which ran.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.db import connection
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from authorities.models import Authority, synthetic_hidden
from inspections.models import Document, DocumentPage

from .models import Finding

MAX_QUERY_LENGTH = 200
CONFIG = "english"
# Private-use characters mark matches in snippets, so the text can be escaped first and the
# markers turned into <mark> after: no markup from a document ever reaches the page.
START, STOP = "\ue000", "\ue001"
_MARKED = re.compile(f"{START}(.*?){STOP}", re.DOTALL)


class _Findings:
    fts_table = "search_finding_fts"
    model = Finding

    def public(self):
        return Finding.objects.published()

    def load(self, ids):
        return Finding.objects.with_context().select_related("document__authority").in_bulk(ids)


class _Pages:
    fts_table = "search_page_fts"
    model = DocumentPage

    def public(self):
        pages = DocumentPage.objects.filter(document__is_published=True)
        if synthetic_hidden():
            pages = pages.exclude(document__authority__is_synthetic=True)
        return pages

    def load(self, ids):
        return DocumentPage.objects.select_related("document__authority").in_bulk(ids)


#: What can be searched, in the order the results page shows them.
SCOPES = {"findings": _Findings(), "pages": _Pages()}


@dataclass(frozen=True)
class Hit:
    object: Finding | DocumentPage
    snippet: SafeString


class Results:
    """One scope's matches for a query, counted and sliced lazily so a Paginator can page them."""

    def __init__(self, scope: str, query: str):
        self.target = SCOPES[scope]
        self.query = query
        self.backend = _Postgres if connection.vendor == "postgresql" else _Sqlite

    @cached_property
    def total(self) -> int:
        return self.backend.count(self.target, self.query)

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, window: slice) -> list[Hit]:
        if not isinstance(window, slice):
            raise TypeError("search results are read in slices")
        start = window.start or 0
        stop = window.stop if window.stop is not None else self.total
        if stop <= start:
            return []
        rows = self.backend.window(self.target, self.query, start, stop - start)
        objects = self.target.load([pk for pk, _ in rows])
        return [Hit(objects[pk], highlight(snippet)) for pk, snippet in rows if pk in objects]


def matching(scope: str, query: str) -> Results:
    """The findings (``scope="findings"``) or document pages (``"pages"``) matching ``query``."""
    return Results(scope, query)


def highlight(snippet: str) -> SafeString:
    """Escape a snippet's text, then turn its match markers into ``<mark>`` elements."""
    escaped = escape(" ".join(snippet.split()))
    marked = _MARKED.sub(r"<mark>\1</mark>", escaped)
    return mark_safe(marked.replace(START, "").replace(STOP, ""))


class _Postgres:
    """PostgreSQL text search; the expressions match the GIN indexes' so they are used."""

    @staticmethod
    def _matching(target, query):
        search_query = SearchQuery(query, config=CONFIG, search_type="websearch")
        vector = SearchVector("text", config=CONFIG)
        matches = (
            target.public().alias(document_vector=vector).filter(document_vector=search_query)
        )
        return matches, vector, search_query

    @classmethod
    def count(cls, target, query) -> int:
        return cls._matching(target, query)[0].count()

    @classmethod
    def window(cls, target, query, offset, limit) -> list[tuple[int, str]]:
        matches, vector, search_query = cls._matching(target, query)
        ids = list(
            matches.annotate(rank=SearchRank(vector, search_query))
            .order_by("-rank", "pk")
            .values_list("pk", flat=True)[offset : offset + limit]
        )
        # Headlines are costly on long pages, so only the rows shown get one. (They leave
        # out words that look like HTML tags; the pages themselves show the full text.)
        headlines = dict(
            target.model.objects.filter(pk__in=ids)
            .annotate(
                headline=SearchHeadline(
                    "text",
                    search_query,
                    config=CONFIG,
                    start_sel=START,
                    stop_sel=STOP,
                    max_words=40,
                    min_words=20,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                )
            )
            .values_list("pk", "headline")
        )
        return [(pk, headlines[pk]) for pk in ids]


class _Sqlite:
    """SQLite FTS5, ranked by BM25; the FTS tables' rowids are the searched rows' ids."""

    @staticmethod
    def _from(target) -> str:
        fts, table = target.fts_table, target.model._meta.db_table
        where = f"WHERE {fts} MATCH %s AND doc.is_published"
        if synthetic_hidden():
            where += (
                f" AND NOT EXISTS (SELECT 1 FROM {Authority._meta.db_table} AS a "
                "WHERE a.id = doc.authority_id AND a.is_synthetic)"
            )
        return (
            f"FROM {fts} JOIN {table} AS item ON item.id = {fts}.rowid "
            f"JOIN {Document._meta.db_table} AS doc ON doc.id = item.document_id {where}"
        )

    @classmethod
    def count(cls, target, query) -> int:
        match = fts5_query(query)
        if not match:
            return 0
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) {cls._from(target)}", [match])
            return cursor.fetchone()[0]

    @classmethod
    def window(cls, target, query, offset, limit) -> list[tuple[int, str]]:
        match = fts5_query(query)
        if not match:
            return []
        fts = target.fts_table
        sql = (
            f"SELECT item.id, snippet({fts}, 0, %s, %s, '…', 32) {cls._from(target)} "
            f"ORDER BY {fts}.rank, item.id LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [START, STOP, match, limit, offset])
            return cursor.fetchall()


_TERM = re.compile(r'(-?)(?:"([^"]*)"?|(\S+))')


def fts5_query(text: str) -> str:
    """The user's words as an FTS5 query, the parts of PostgreSQL's websearch syntax that
    matter here: every word and "quoted phrase" required, ``or`` between alternatives,
    ``-word`` excluded. Only quoted word characters reach FTS5, so no input is a syntax error.
    """
    groups: list[list[str]] = []
    excluded: list[str] = []
    alternative = False
    for match in _TERM.finditer(text):
        negated, phrase, word = match.groups()
        if not negated and phrase is None and word.lower() == "or":
            alternative = bool(groups)
            continue
        words = re.findall(r"\w+", phrase if phrase is not None else word)
        if not words:
            continue
        quoted = '"' + " ".join(words) + '"'
        if negated:
            excluded.append(quoted)
        elif alternative:
            groups[-1].append(quoted)
        else:
            groups.append([quoted])
        alternative = False
    if not groups:
        return ""
    required = " AND ".join(f"({' OR '.join(group)})" for group in groups)
    return f"({required})" + "".join(f" NOT {phrase}" for phrase in excluded)


def install_index(connection) -> None:
    """Create the search index for this database; safe to run again.

    PostgreSQL: GIN indexes on the same expression the queries use. SQLite: FTS5 tables over
    the findings' and pages' text, and triggers that keep them in step; a later migration that
    rebuilds one of those tables drops its triggers, so running this again restores them and
    rebuilds the index.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for index, table in _POSTGRES_INDEXES.items():
                cursor.execute(
                    f"CREATE INDEX IF NOT EXISTS {index} ON {table} "
                    f"USING gin (to_tsvector('{CONFIG}'::regconfig, COALESCE(text, '')))"
                )
        elif connection.vendor == "sqlite":
            for target in SCOPES.values():
                _install_fts5(cursor, target.fts_table, target.model._meta.db_table)


def remove_index(connection) -> None:
    """Undo ``install_index``."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for index in _POSTGRES_INDEXES:
                cursor.execute(f"DROP INDEX IF EXISTS {index}")
        elif connection.vendor == "sqlite":
            for target in SCOPES.values():
                for suffix in _TRIGGERS:
                    cursor.execute(f"DROP TRIGGER IF EXISTS {target.fts_table}_{suffix}")
                cursor.execute(f"DROP TABLE IF EXISTS {target.fts_table}")


_POSTGRES_INDEXES = {
    "findings_finding_text_search": Finding._meta.db_table,
    "inspections_documentpage_text_search": DocumentPage._meta.db_table,
}

_TRIGGERS = {
    "insert": "AFTER INSERT ON {table} BEGIN {add}; END",
    "delete": "AFTER DELETE ON {table} BEGIN {remove}; END",
    "update": "AFTER UPDATE OF text ON {table} BEGIN {remove}; {add}; END",
}


def _install_fts5(cursor, fts: str, table: str) -> None:
    cursor.execute(
        f"SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE '{fts}_%'"
    )
    complete = cursor.fetchone()[0] == len(_TRIGGERS)
    cursor.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5(text, content='{table}', "
        "content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')"
    )
    add = f"INSERT INTO {fts}(rowid, text) VALUES (new.id, new.text)"
    remove = f"INSERT INTO {fts}({fts}, rowid, text) VALUES ('delete', old.id, old.text)"
    for suffix, body in _TRIGGERS.items():
        trigger = body.format(table=table, add=add, remove=remove)
        cursor.execute(f"CREATE TRIGGER IF NOT EXISTS {fts}_{suffix} {trigger}")
    if not complete:
        cursor.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")

"""Full-text search over findings and document pages: ranked hits with highlighted snippets.

On PostgreSQL it reads each row's stored text vector (``search_vector``, which the database
computes, with a GIN index: ``findings/migrations/0005_postgres_search_columns.py``); on
SQLite, FTS5 tables that triggers keep in step (``findings/migrations/0002_search.py``). The
two give the same ``Hit`` objects, so the results page does not care which ran.

A query that matches more than ``CANDIDATES`` rows in a scope is ranked among the newest
``CANDIDATES`` of them (by their document's date) and its count shown as "more than": counting
and ranking every match of a common word took 0.1-0.4 s a scope at ten times the national
size, and ten pages of twenty results are as far as anyone reads. (At 300, reading a common
word's findings took 14-17 ms of a search's 50 ms there; at 200, 10 ms.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, cached_property

from django.db import connection
from django.db.models import F, TextField
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from findings.models import Finding
from findings.search_index import FINDING_FTS, PAGE_FTS
from inspections.models import Document, DocumentPage

MAX_QUERY_LENGTH = 200
CONFIG = "english"
#: The most matches a scope counts and ranks: beyond it, the newest this many are ranked.
CANDIDATES = 200
#: PostgreSQL reads this many of the newest documents for a query's matches, then asks the
#: GIN index for all of them instead (a rarer word): the cost of a search is bounded either way.
NEWEST_DOCUMENTS = 500
#: A word with at least COMMON matches there, but fewer than CANDIDATES, is common enough to
#: look for the rest in the next NEXT_DOCUMENTS documents before asking the GIN index.
COMMON = 100
NEXT_DOCUMENTS = 1000
# Private-use characters mark matches in snippets, so the text can be escaped first and the
# markers turned into <mark> after: no markup from a document ever reaches the page.
START, STOP = "\ue000", "\ue001"
_MARKED = re.compile(f"{START}(.*?){STOP}", re.DOTALL)
#: ts_headline's options: a few words each side of the matches, in two fragments at most.
HEADLINE_OPTIONS = (
    f"StartSel='{START}', StopSel='{STOP}', MaxWords=40, MinWords=20, MaxFragments=2, "
    "FragmentDelimiter=' … '"
)
#: Newest document first (its date, else its publication), then the document, then the row.
NEWEST_FIRST = (
    Coalesce("document__document_date", "document__published_on").desc(nulls_last=True),
    F("document_id").desc(),
    "pk",
)


class _Findings:
    fts_table = FINDING_FTS
    model = Finding

    def public(self):
        return Finding.objects.public()

    def rows(self):
        # What a hit shows: its inspection and authority, its document (no themes; a finding
        # with no inspection shows no authority).
        return Finding.objects.select_related("inspection__authority", "document")


class _Pages:
    fts_table = PAGE_FTS
    model = DocumentPage

    def public(self):
        # A report's other rendition repeats its primary's words: searched once, in the primary.
        return DocumentPage.objects.filter(
            document__is_published=True, document__rendition_of__isnull=True
        )

    def rows(self):
        return DocumentPage.objects.select_related("document__authority")


#: What can be searched, in the order the results page shows them.
SCOPES = {"findings": _Findings(), "pages": _Pages()}


@dataclass(frozen=True)
class Hit:
    object: Finding | DocumentPage
    snippet: SafeString


class Results:
    """One scope's matches for a query, counted and sliced lazily so a Paginator can page them.

    ``count()`` stops at ``CANDIDATES``; ``capped`` says whether more match.
    """

    def __init__(self, scope: str, query: str):
        self.target = SCOPES[scope]
        self.query = query
        self.backend = _Postgres if connection.vendor == "postgresql" else _Sqlite

    @cached_property
    def _scored(self) -> list[tuple[int, float]]:
        """(id, score) of the newest matches, one more than ``CANDIDATES`` at most."""
        return self.backend.scored(self.target, self.query, CANDIDATES + 1)

    @cached_property
    def ranked(self) -> list[int]:
        """The ids of the (newest ``CANDIDATES``) matches, best first."""
        best_first = sorted(self._scored[:CANDIDATES], key=lambda row: (row[1], row[0]))
        return [pk for pk, _ in best_first]

    @property
    def capped(self) -> bool:
        return len(self._scored) > CANDIDATES

    @property
    def total(self) -> int:
        return min(len(self._scored), CANDIDATES)

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, window: slice) -> list[Hit]:
        if not isinstance(window, slice):
            raise TypeError("search results are read in slices")
        ids = self.ranked[window]
        if not ids:
            return []
        found = self.backend.load(self.target, self.query, ids)
        return [Hit(found[pk][0], highlight(found[pk][1])) for pk in ids if pk in found]


def matching(scope: str, query: str) -> Results:
    """The findings (``scope="findings"``) or document pages (``"pages"``) matching ``query``."""
    return Results(scope, query)


def highlight(snippet: str) -> SafeString:
    """Escape a snippet's text, then turn its match markers into ``<mark>`` elements."""
    escaped = escape(" ".join(snippet.split()))
    marked = _MARKED.sub(r"<mark>\1</mark>", escaped)
    return mark_safe(marked.replace(START, "").replace(STOP, ""))


# Each backend gives ``scored(target, query, limit)``: up to ``limit`` public matches, newest
# first, as (id, score), the lower the score the better the match; and ``load(target, query,
# ids)``: each id's object and its text around its matches, marked with START and STOP.


_MATCH = "search_vector @@ websearch_to_tsquery(%s::regconfig, %s)"
_SCORE = "-ts_rank(search_vector, websearch_to_tsquery(%s::regconfig, %s)) AS score"
_ORDER = "ORDER BY doc.day DESC NULLS LAST, doc.pk DESC, item.id LIMIT %s"


class _Postgres:
    """PostgreSQL text search on the stored ``search_vector`` columns and their GIN indexes,
    ranked by ``ts_rank``."""

    @staticmethod
    @cache
    def _documents_sql(newest: int, after: int) -> tuple[tuple, ...]:
        """The public documents with their date, as SQL and parameters (compiled once, not
        for every search): all of them; the newest NEWEST_DOCUMENTS, newest first; and the
        NEXT_DOCUMENTS after those (``newest`` and ``after``)."""
        documents = (
            Document.objects.public()
            .annotate(day=Coalesce("document_date", "published_on"))
            .values("pk", "day")
        )
        in_order = documents.order_by(F("day").desc(nulls_last=True), F("pk").desc())
        return (
            documents.order_by().query.sql_with_params(),
            in_order[:newest].query.sql_with_params(),
            in_order[newest : newest + after].query.sql_with_params(),
        )

    @classmethod
    def scored(cls, target, query, limit) -> list[tuple[int, float]]:
        everything, newest, next_newest = cls._documents_sql(NEWEST_DOCUMENTS, NEXT_DOCUMENTS)
        # A common word: the newest documents' matches, ranked as they are read, until there
        # are ``limit``. Then, if the word is common but these documents held too few, the
        # documents after them.
        rows = cls._newest_first(target, query, newest, limit)
        if COMMON <= len(rows) < limit:
            rows += cls._newest_first(target, query, next_newest, limit - len(rows))
        if len(rows) == limit:
            return rows
        # Fewer still: a rarer word, or one of older documents. The GIN index finds its every
        # match, the newest are kept, and only they are ranked.
        table = target.model._meta.db_table
        documents_sql, documents_params = everything
        sql = (
            f"WITH item AS MATERIALIZED (SELECT id, document_id FROM {table} WHERE {_MATCH}), "
            "newest AS (SELECT item.id, doc.day, doc.pk FROM item "
            f"JOIN ({documents_sql}) AS doc ON doc.pk = item.document_id {_ORDER}) "
            f"SELECT item.id, {_SCORE} FROM newest JOIN {table} AS item ON item.id = newest.id "
            "ORDER BY newest.day DESC NULLS LAST, newest.pk DESC, newest.id"
        )
        terms = [CONFIG, query]
        with connection.cursor() as cursor:
            cursor.execute(sql, [*terms, *documents_params, limit, *terms])
            return cursor.fetchall()

    @staticmethod
    def _newest_first(target, query, documents, limit) -> list[tuple[int, float]]:
        """Up to ``limit`` matches in ``documents`` (SQL of documents, newest first), each
        document's found through its document_id index. Left to itself the planner reads every
        match (tens of thousands of rows) before sorting them by date; OFFSET 0 keeps the
        per-document part as written, and the documents' order (index
        inspections_document_newest) lets it stop at ``limit``."""
        table = target.model._meta.db_table
        documents_sql, documents_params = documents
        terms = [CONFIG, query]
        sql = (
            f"SELECT item.id, item.score FROM ({documents_sql}) AS doc CROSS JOIN LATERAL ("
            f"SELECT id, {_SCORE} FROM {table} WHERE document_id = doc.pk AND {_MATCH} OFFSET 0"
            f") AS item {_ORDER}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*documents_params, *terms, *terms, limit])
            return cursor.fetchall()

    @staticmethod
    def load(target, query, ids) -> dict[int, tuple]:
        # Headlines are costly on long pages, so only the rows shown get one, in the query
        # that loads them. (They leave out words that look like HTML tags; the pages
        # themselves show the full text.)
        table = connection.ops.quote_name(target.model._meta.db_table)
        headline = RawSQL(
            f"ts_headline(%s::regconfig, {table}.text, "
            "websearch_to_tsquery(%s::regconfig, %s), %s)",
            [CONFIG, CONFIG, query, HEADLINE_OPTIONS],
            output_field=TextField(),
        )
        rows = target.rows().filter(pk__in=ids).order_by().annotate(search_snippet=headline)
        return {row.pk: (row, row.search_snippet) for row in rows}


class _Sqlite:
    """SQLite FTS5, ranked by BM25 (FTS5's ``rank``); the FTS tables' rowids are the searched
    rows' ids."""

    @classmethod
    def scored(cls, target, query, limit) -> list[tuple[int, float]]:
        match = fts5_query(query)
        if not match:
            return []
        fts = target.fts_table
        matches = target.public().filter(
            pk__in=RawSQL(f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s", [match])
        )
        ids = list(matches.order_by(*NEWEST_FIRST).values_list("pk", flat=True)[:limit])
        if not ids:
            return []
        # At most CANDIDATES + 1 ids: within SQLite's limit on parameters. "+rowid" keeps the
        # list from FTS5, which would run the whole query again for each id in it (seconds).
        sql = (
            f"SELECT rowid, rank FROM {fts} "
            f"WHERE {fts} MATCH %s AND +rowid IN ({', '.join(['%s'] * len(ids))})"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [match, *ids])
            scores = dict(cursor.fetchall())
        return [(pk, scores[pk]) for pk in ids]

    @classmethod
    def load(cls, target, query, ids) -> dict[int, tuple]:
        snippets = cls.snippets(target, query, ids)
        return {pk: (row, snippets[pk]) for pk, row in target.rows().in_bulk(ids).items()}

    @staticmethod
    def snippets(target, query, ids) -> dict[int, str]:
        fts = target.fts_table
        sql = (
            f"SELECT rowid, snippet({fts}, 0, %s, %s, '…', 32) FROM {fts} "
            f"WHERE {fts} MATCH %s AND +rowid IN ({', '.join(['%s'] * len(ids))})"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [START, STOP, fts5_query(query), *ids])
            return dict(cursor.fetchall())


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

"""The findings CSV: exactly the filtered set the findings page shows, streamed in pieces.

UTF-8 with a byte-order mark so Excel reads the accents and dashes right.

Long because it holds both writers, the Python one (SQLite) and the PostgreSQL one (one query
makes each record, streamed by COPY), which must write the same bytes: kept side by side so a
change to one is seen beside the other.
"""

import datetime
import itertools
import queue
import re
import threading
from dataclasses import dataclass

from django.db import connection, transaction
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from authorities.models import Region
from inspections.codes import FindingKind, Framework
from inspections.models import Document

from . import followups
from .filters import FindingFilter, finding_queryset, is_filtered
from .models import Finding, FollowUp, Theme, current_link_order, current_link_order_sql

COLUMNS = (
    "authority",
    "ONS code",
    "region",
    "framework",
    "inspection start date",
    "inspection end date",
    "document",
    "page",
    "kind",
    "themes",
    "text",
    "source URL",
    "page URL",
    "follow-up status",
    "follow-up checked",
    # Added later, at the end, so files read by column number keep their meaning.
    "finding ID",
    "finding URL",
    "inspection URL",
    "section",
    "published on",
)

#: What each column holds, for the findings page and the README.
COLUMN_NOTES = {
    "authority": "The local authority the finding is about.",
    "ONS code": "The authority's ONS area code.",
    "region": "The authority's Ofsted region.",
    "framework": "The inspection framework or kind of visit.",
    "inspection start date": "The first day of the inspection or visit (ISO date).",
    "inspection end date": "Its last day (ISO date).",
    "document": "The document the finding is stated in.",
    "page": "The page of that document it is on.",
    "kind": "Recommendation, area for improvement, area for priority action, strength, "
    "finding or next step.",
    "themes": "The themes it is tagged with, separated by semicolons.",
    "text": "The finding as the document words it.",
    "source URL": "Where the document was published (empty where not known).",
    "page URL": "The document's page on this site, at the finding's page.",
    "follow-up status": "For what Ofsted asked to improve: the current status of its trail "
    "(progress, recurring, resolved or noted), empty if no later document speaks of it.",
    "follow-up checked": "Whether that status was confirmed by staff or suggested by the site.",
    "finding ID": "The finding's stable number on this site.",
    "finding URL": "The finding's own page, with its follow-up trail.",
    "inspection URL": "The inspection's page (empty for a committee paper not tied to one).",
    "section": "The heading of the part of the document it sits in.",
    "published on": "When the document was published (ISO date; empty where not known).",
}

#: The latest follow-up status of a recommendation, and whether staff confirmed the link it
#: comes from ("suggested" ones were found automatically); empty for other findings.
FOLLOW_UP_LABELS = dict(FollowUp.Status.choices)
ORIGIN_LABELS = {FollowUp.Origin.CONFIRMED: "confirmed", FollowUp.Origin.SUGGESTED: "suggested"}

# A spreadsheet runs a cell that starts with one of these as a formula; a document's text
# must never do that, so such cells get a leading apostrophe (OWASP's advice).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@require_safe
def finding_csv(request):
    filterset = FindingFilter(request.GET, queryset=finding_queryset(), request=request)
    # As on the page (django-filter's strict mode), invalid filters match nothing.
    findings = filterset.qs if filterset.is_valid() else finding_queryset().none()
    lines = _lines(findings, request, every_finding=not is_filtered(filterset))
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    filename = f"ofsted-findings-{datetime.date.today():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


#: Rows fetched, and written to the response, at a time: a few megabytes whatever the total.
CHUNK = 2000

#: What a row needs, as plain values: model instances cost more than the CSV writing itself.
FIELDS = (
    "pk",
    "inspection_id",
    "inspection__authority__name",
    "inspection__authority__ons_code",
    "inspection__authority__region",
    "inspection__framework",
    "inspection__start_date",
    "inspection__end_date",
    "document_id",
    "document__authority__name",
    "document__authority__ons_code",
    "document__authority__region",
    "document__title",
    "document__original_filename",
    "document__sha256",
    "document__source_url",
    "page",
    "kind",
    "text",
    "section",
    "document__published_on",
)
REGION_LABELS = dict(Region.choices)
FRAMEWORK_LABELS = dict(Framework.choices)
KIND_LABELS = dict(FindingKind.choices)


def _lines(findings, request, every_finding=False):
    """The file in pieces: the header, then each chunk of rows as one write to the client."""
    yield "\ufeff" + csv_line(COLUMNS)
    # The site's URLs differ only by the id: reverse() once each, not for every row.
    urls = Urls(*(_url_around_id(request, name) for name in URL_NAMES))
    if connection.vendor == "postgresql":
        yield from _postgres_lines(findings, urls, every_finding)
    else:
        yield from _python_lines(findings, urls)


#: The pages a row links to: its document's, its own, its inspection's.
URL_NAMES = (
    "inspections:document-detail",
    "findings:finding-detail",
    "inspections:inspection-detail",
)


@dataclass(frozen=True)
class Urls:
    """Each page's absolute URL as the text before and after the id."""

    document: tuple[str, str]
    finding: tuple[str, str]
    inspection: tuple[str, str]


def _url_around_id(request, name: str) -> tuple[str, str]:
    before, after = request.build_absolute_uri(reverse(name, args=[123456789])).split("123456789")
    return before, after


def _python_lines(findings, urls: Urls):
    """Chunks of CHUNK rows made in Python: the themes and follow-up statuses of each chunk
    come in one query apiece."""
    # In a transaction, PostgreSQL streams the rows from its cursor; outside one, it would
    # copy the whole result first (a cursor WITH HOLD).
    with transaction.atomic(savepoint=False):
        rows = findings.prefetch_related(None).values_list(*FIELDS).iterator(chunk_size=CHUNK)
        try:
            while chunk := list(itertools.islice(rows, CHUNK)):
                ids = [row[0] for row in chunk]
                themes = _themes(ids)
                follow_ups = _follow_ups(ids)
                yield "".join(csv_line(_row(row, themes, follow_ups, urls)) for row in chunk)
        finally:
            rows.close()  # the cursor, before its transaction ends (a client may go early)


def _in_chunk(sql: str, column: str, ids) -> list[tuple]:
    """Rows of ``sql`` (which ends ``WHERE``) whose ``column`` is one of a chunk's ids, in
    plain SQL: the ORM prepares each of two thousand ids one by one, which took longer than
    the query. PostgreSQL gets them as one array value: planning two thousand values in an
    IN list took as long as running the query."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            array = "{" + ",".join(str(int(pk)) for pk in ids) + "}"
            cursor.execute(f"{sql} {column} = ANY(%s::bigint[])", [array])
        else:
            cursor.execute(f"{sql} {column} IN ({', '.join(['%s'] * len(ids))})", ids)
        return cursor.fetchall()


def _themes(ids) -> dict[int, str]:
    names: dict[int, list[str]] = {}
    tags, themes = Finding.themes.through._meta.db_table, Theme._meta.db_table
    sql = (
        f"SELECT tag.finding_id, theme.name FROM {tags} AS tag "
        f"JOIN {themes} AS theme ON theme.id = tag.theme_id WHERE"
    )
    for finding, name in _in_chunk(sql, "tag.finding_id", ids):
        names.setdefault(finding, []).append(name)
    return {finding: "; ".join(sorted(found)) for finding, found in names.items()}


def _follow_ups(ids) -> dict[int, tuple[str, str]]:
    """Each finding's current follow-up status and origin, asked only for findings that have
    a link: the first of its public links in ``current_link_order``, from the links' rows in
    one query rather than by subqueries a finding."""
    sql = f"SELECT recommendation_id FROM {FollowUp._meta.db_table} WHERE"
    linked = {finding for (finding,) in _in_chunk(sql, "recommendation_id", ids)}
    if not linked:
        return {}
    links = (
        FollowUp.objects.public()
        .filter(recommendation_id__in=linked)
        .order_by("recommendation_id", *current_link_order())
        .values_list("recommendation_id", "status", "origin")
    )
    current: dict[int, tuple[str, str]] = {}
    for finding, status, origin in links:
        current.setdefault(finding, (status, origin))
    return current


def _row(row, themes, follow_ups, urls: Urls) -> list:
    (
        pk,
        inspection,
        inspection_authority,
        inspection_ons,
        inspection_region,
        framework,
        start,
        end,
        document,
        document_authority,
        document_ons,
        document_region,
        title,
        filename,
        sha256,
        source_url,
        page,
        kind,
        text,
        section,
        published_on,
    ) = row
    if inspection is not None:
        authority, ons, region = inspection_authority, inspection_ons, inspection_region
    else:
        authority, ons, region = document_authority, document_ons, document_region
    status, origin = follow_ups.get(pk, (None, None))
    return [
        _cell(authority or ""),
        ons or "",
        REGION_LABELS.get(region, ""),
        FRAMEWORK_LABELS.get(framework, ""),
        _date(start),
        _date(end),
        # As str(Document) names it.
        _cell(title or filename or f"Document {sha256[:12]}"),
        page or "",
        KIND_LABELS[kind],
        _cell(themes.get(pk, "")),
        _cell(text),
        _cell(source_url),
        f"{document}".join(urls.document) + (f"#page-{page}" if page else ""),
        FOLLOW_UP_LABELS.get(status, ""),
        ORIGIN_LABELS.get(origin, ""),
        pk,
        f"{pk}".join(urls.finding),
        f"{inspection}".join(urls.inspection) if inspection is not None else "",
        _cell(section),
        _date(published_on),
    ]


def csv_line(fields) -> str:
    """One CSV record, every field quoted and its quotes doubled: what ``csv.writer`` with
    ``QUOTE_ALL`` writes, about five times as fast (the csv module, which looks at every
    character, was most of the export's time)."""
    return '"' + '","'.join([str(field).replace('"', '""') for field in fields]) + '"\r\n'


def _cell(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _date(value) -> str:
    return value.isoformat() if value else ""


# -- PostgreSQL: every record made by the database -------------------------------------------
#
# At ten times the national size the Python export above wrote 16,000 rows a second. Here one
# query makes each finished CSV record, its themes and follow-up status included, exactly as
# ``csv_line`` and ``_row`` would, and ``COPY`` streams the records out in order (a
# server-side cursor took 8.5-10 s for every finding where COPY took 6-7). The style guide's
# pseudo-buffer ``csv.writer`` stays the SQLite path; tests hold the two to the same bytes.

#: The filtered findings' columns the records are made of, and the names the query gives them.
SQL_COLUMNS = {
    "pk": "id",
    "inspection_id": "inspection_id",
    "inspection__authority__name": "inspection_authority",
    "inspection__authority__ons_code": "inspection_ons",
    "inspection__authority__region": "inspection_region",
    "inspection__framework": "framework",
    "inspection__start_date": "start_date",
    "inspection__end_date": "end_date",
    "document_id": "document_id",
    "document__authority__name": "document_authority",
    "document__authority__ons_code": "document_ons",
    "document__authority__region": "document_region",
    "document__title": "title",
    "document__original_filename": "filename",
    "document__sha256": "sha256",
    "document__source_url": "source_url",
    "page": "page",
    "kind": "kind",
    "text": "text",
    "section": "section",
    "document__published_on": "published_on",
    # The list's order: its event date, then "document" (by Document's Meta.ordering), then
    # the finding's place in the document.
    "event_date": "event_date",
    "document__document_date": "document_date",
    "document__created_at": "document_created_at",
    "order": "position",
}


def _postgres_lines(findings, urls: Urls, every_finding: bool):
    if findings.query.is_empty():  # .none(): invalid filters, which match nothing
        return
    query = _RecordQuery(findings, urls, every_finding=every_finding)
    # A savepoint if already in a transaction: a COPY cut short leaves the transaction failed.
    with transaction.atomic():
        with connection.cursor() as cursor:
            # PostgreSQL's JIT compiling took longer than it saved; ISO dates as ``_date``.
            cursor.execute(
                "SELECT set_config('jit', 'off', true), set_config('DateStyle', 'ISO, YMD', true)"
            )
            statement = cursor.mogrify(query.sql, query.params)
        if isinstance(statement, bytes):
            statement = statement.decode()
        for rows in copy_out(connection.connection, f"COPY ({statement}) TO STDOUT"):
            # COPY's text format ends each row with a newline and escapes the ones inside.
            rows = rows.replace(b"\n", b"\r\n")
            yield _COPY_ESCAPE.sub(_unescape, rows) if b"\\" in rows else rows


#: What COPY's text format escapes, and what each escape stands for.
_COPY_ESCAPES = {
    b"\\": b"\\",
    b"b": b"\b",
    b"f": b"\f",
    b"n": b"\n",
    b"r": b"\r",
    b"t": b"\t",
    b"v": b"\v",
}
_COPY_ESCAPE = re.compile(rb"\\(.)", re.DOTALL)


def _unescape(match) -> bytes:
    return _COPY_ESCAPES[match.group(1)]


#: Bytes of COPY's output handed on at a time, and how many such pieces may wait.
COPY_PIECE = 1 << 20
COPY_QUEUE = 4
_DONE = object()


def copy_out(raw_connection, statement: str):
    """Yield the output of ``COPY ... TO STDOUT`` in pieces of about COPY_PIECE bytes.

    psycopg2 hands COPY's output only to a file it writes into until the end, so the COPY
    runs in a thread that passes pieces through a short queue: memory stays a few megabytes,
    and a slow client slows the query down. If the consumer stops early, the query is
    cancelled, and the transaction it ran in is left failed (roll it back).
    """
    pieces: queue.Queue = queue.Queue(maxsize=COPY_QUEUE)
    stopped = threading.Event()

    def put(item) -> None:
        while not stopped.is_set():
            try:
                pieces.put(item, timeout=0.1)
                return
            except queue.Full:
                continue

    class Writer:
        def __init__(self):
            self.parts: list[bytes] = []
            self.size = 0

        def write(self, data) -> None:
            self.parts.append(data)
            self.size += len(data)
            if self.size >= COPY_PIECE:
                self.flush()

        def flush(self) -> None:
            if self.parts:
                put(b"".join(self.parts))
                self.parts, self.size = [], 0

    def run() -> None:
        try:
            writer = Writer()
            with raw_connection.cursor() as cursor:
                cursor.copy_expert(statement, writer)
            writer.flush()
            put(_DONE)
        except BaseException as exc:  # handed to the consumer, raised there
            put(exc)

    thread = threading.Thread(target=run, name="copy-out", daemon=True)
    thread.start()
    try:
        while (piece := pieces.get()) is not _DONE:
            if isinstance(piece, BaseException):
                raise piece
            yield piece
    finally:
        if thread.is_alive():
            stopped.set()
            raw_connection.cancel()
        thread.join()


class _RecordQuery:
    """The SQL and parameters of the filtered findings' CSV records, in the list's order."""

    def __init__(self, findings, urls: Urls, *, every_finding: bool = False):
        findings = findings.prefetch_related(None).order_by()
        inner, inner_params = findings.values_list(*SQL_COLUMNS).query.sql_with_params()
        names = ", ".join(connection.ops.quote_name(name) for name in SQL_COLUMNS.values())
        tag, theme = Finding.themes.through._meta.db_table, Theme._meta.db_table
        links, documents = FollowUp._meta.db_table, Document._meta.db_table
        if every_finding:
            # Themes and links of every finding, read whole (asking which findings are in
            # the set took a second and a half at 10x).
            chosen, chosen_params = "", []
            source, within = f"({inner}) AS f ({names})", "TRUE"
        else:
            # The filtered findings worked out once: a filter on the follow-up status costs
            # seconds at 10x, and the records, their themes and their links all need them.
            chosen, chosen_params = f"f ({names}) AS MATERIALIZED ({inner}), ", inner_params
            inner_params = []
            source, within = "f", "{} IN (SELECT id FROM f)"
        tagged = f"""
            SELECT tag.finding_id,
                string_agg(theme.name, '; ' ORDER BY theme.name COLLATE "C") AS names
            FROM {tag} AS tag JOIN {theme} AS theme ON theme.id = tag.theme_id
            WHERE {within.format("tag.finding_id")}
            GROUP BY tag.finding_id"""
        # Each recommendation's current link, by ``current_link_order``.
        order, order_params = current_link_order_sql("link")
        link = f"""
            SELECT DISTINCT ON (link.recommendation_id) link.recommendation_id,
                link.status, link.origin
            FROM {links} AS link
            JOIN {documents} AS evidence ON evidence.id = link.evidence_document_id
            WHERE {within.format("link.recommendation_id")} AND link.origin <> %s
                AND evidence.is_published
                AND (link.origin = %s OR link.score IS NULL OR link.score >= %s)
            ORDER BY link.recommendation_id, {order}"""
        # The conditions of FollowUpQuerySet.public(): not rejected, published, and confirmed
        # or trusted (the recommendation's own document is published: f holds public ones).
        self.params: list = [
            *chosen_params,
            FollowUp.Origin.REJECTED,
            FollowUp.Origin.CONFIRMED,
            followups.SHOWN_SCORE,
            *order_params,
        ]
        record = self._record(urls)
        self.params += inner_params
        self.sql = f"""
            WITH {chosen}tagged AS ({tagged}), link AS ({link})
            SELECT {record}
            FROM {source}
            LEFT JOIN tagged ON tagged.finding_id = f.id
            LEFT JOIN link ON link.recommendation_id = f.id
            ORDER BY f.event_date DESC NULLS LAST, f.document_date DESC,
                f.document_created_at DESC, f.position"""

    def _record(self, urls: Urls) -> str:
        """One record as ``csv_line(_row(...))`` writes it: every field quoted, quotes doubled
        (the codes' labels and the site's URLs have theirs doubled here, in Python)."""
        authority = (
            "(CASE WHEN f.inspection_id IS NULL THEN f.document_{0} ELSE f.inspection_{0} END)"
        )
        title = (
            "coalesce(nullif(f.title, ''), nullif(f.filename, ''), "
            "'Document ' || left(f.sha256, 12))"
        )
        fields = [
            _escaped(_guarded(f"coalesce({authority.format('authority')}, '')")),
            _escaped(f"coalesce({authority.format('ons')}, '')"),
            self._label(authority.format("region"), REGION_LABELS),
            self._label("f.framework", FRAMEWORK_LABELS),
            "coalesce(f.start_date::text, '')",
            "coalesce(f.end_date::text, '')",
            _escaped(_guarded(title)),
            "(CASE WHEN f.page > 0 THEN f.page::text ELSE '' END)",
            self._label("f.kind", KIND_LABELS),
            _escaped(_guarded("coalesce(tagged.names, '')")),
            _escaped(_guarded("f.text")),
            _escaped(_guarded("f.source_url")),
            self._url(urls.document, "f.document_id")
            + " || (CASE WHEN f.page > 0 THEN '#page-' || f.page ELSE '' END)",
            self._label("link.status", FOLLOW_UP_LABELS),
            self._label("link.origin", ORIGIN_LABELS),
            "f.id::text",
            self._url(urls.finding, "f.id"),
            f"(CASE WHEN f.inspection_id IS NULL THEN '' "
            f"ELSE {self._url(urls.inspection, 'f.inspection_id')} END)",
            _escaped(_guarded("f.section")),
            "coalesce(f.published_on::text, '')",
        ]
        # COPY ends the row; the line's CR is put back in Python.
        return "'\"' || " + " || '\",\"' || ".join(fields) + " || '\"'"

    def _label(self, column: str, labels: dict) -> str:
        """A code's label from the Python export's dictionaries ('' for none)."""
        cases = []
        for code, label in labels.items():
            cases.append("WHEN %s THEN %s")
            self.params += [code, str(label).replace('"', '""')]
        return f"(CASE {column} {' '.join(cases)} ELSE '' END)"

    def _url(self, around: tuple[str, str], column: str) -> str:
        """A page's URL from its id column (the site's URLs have no quotes to double, but
        they are doubled all the same)."""
        before, after = around
        self.params += [before.replace('"', '""'), after.replace('"', '""')]
        return f"(%s || {column} || %s)"


def _escaped(expression: str) -> str:
    """A text's quotes doubled, as ``csv_line`` does."""
    return f"replace({expression}, '\"', '\"\"')"


def _guarded(expression: str) -> str:
    """``_cell`` in SQL: a leading apostrophe before what a spreadsheet would run."""
    starts = ", ".join(f"E'{_sql_escape(character)}'" for character in FORMULA_STARTS)
    return (
        f"(CASE WHEN left({expression}, 1) IN ({starts}) "
        f"THEN '''' || {expression} ELSE {expression} END)"
    )


def _sql_escape(character: str) -> str:
    return {"\t": "\\t", "\r": "\\r", "'": "''", "\\": "\\\\"}.get(character, character)

"""The findings CSV: exactly the filtered set the findings page shows, streamed in pieces.

UTF-8 with a byte-order mark so Excel reads the accents and dashes right.
"""

import datetime
import itertools

from django.db import connection, transaction
from django.db.models import F
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from authorities.models import Region
from inspections.codes import FindingKind, Framework

from .filters import FindingFilter, finding_queryset
from .models import Finding, FollowUp, Theme

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
)

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
    response = StreamingHttpResponse(
        _lines(findings, request), content_type="text/csv; charset=utf-8"
    )
    filename = f"ofsted-findings-{datetime.date.today():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


#: Rows fetched, and written to the response, at a time: a few megabytes whatever the total.
CHUNK = 2000
#: The order in which ``FindingQuerySet.with_follow_up_status`` takes a recommendation's links.
NEWEST_LINK_FIRST = (F("evidence_date").desc(nulls_last=True), "origin", "-score", "pk")

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
)
REGION_LABELS = dict(Region.choices)
FRAMEWORK_LABELS = dict(Framework.choices)
KIND_LABELS = dict(FindingKind.choices)


def _lines(findings, request):
    """The file in pieces of CHUNK rows: the themes and follow-up statuses of each piece come
    in one query apiece, and each piece is one write to the client."""
    yield "\ufeff" + csv_line(COLUMNS)
    # Document URLs differ only by the id: reverse() once, not for every row.
    url = request.build_absolute_uri(reverse("inspections:document-detail", args=[123456789]))
    before, after = url.split("123456789")
    # In a transaction, PostgreSQL streams the rows from its cursor; outside one, it would
    # copy the whole result first (a cursor WITH HOLD).
    with transaction.atomic(savepoint=False):
        rows = findings.prefetch_related(None).values_list(*FIELDS).iterator(chunk_size=CHUNK)
        try:
            while chunk := list(itertools.islice(rows, CHUNK)):
                ids = [row[0] for row in chunk]
                themes = _themes(ids)
                follow_ups = _follow_ups(ids)
                yield "".join(
                    csv_line(_row(row, themes, follow_ups, before, after)) for row in chunk
                )
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
    a link: by the rule of ``FindingQuerySet.with_follow_up_status`` (the newest public link
    that judges, else the newest that notes), applied to the links' rows in one query rather
    than by four subqueries a finding."""
    sql = f"SELECT recommendation_id FROM {FollowUp._meta.db_table} WHERE"
    linked = {finding for (finding,) in _in_chunk(sql, "recommendation_id", ids)}
    if not linked:
        return {}
    links = (
        FollowUp.objects.public()
        .filter(recommendation_id__in=linked)
        .order_by("recommendation_id", *NEWEST_LINK_FIRST)
        .values_list("recommendation_id", "status", "origin")
    )
    judged: dict[int, tuple[str, str]] = {}
    noted: dict[int, tuple[str, str]] = {}
    for finding, status, origin in links:
        newest = noted if status == FollowUp.Status.NOTED else judged
        newest.setdefault(finding, (status, origin))
    return {**noted, **judged}


def _row(row, themes, follow_ups, before, after) -> list:
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
        f"{before}{document}{after}" + (f"#page-{page}" if page else ""),
        FOLLOW_UP_LABELS.get(status, ""),
        ORIGIN_LABELS.get(origin, ""),
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

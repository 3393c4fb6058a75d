"""Measurements for ``manage.py bench_site``: server time and queries per page, and the CSV
export's speed and memory; and the URLs every measurement of perf requests (``sample_urls``),
the benchmark's and the load drills' alike.

Server time is the time of the WSGI call itself, in process (the site's own WSGI application,
every middleware, the body read to its end): no HTTP parsing or network, which the throughput
figures include instead.
"""

from __future__ import annotations

import io
import math
import statistics
import sys
import time
from dataclasses import asdict, dataclass
from urllib.parse import urlencode

from django.db import connection
from django.urls import reverse

#: The pages measured, in the order the table shows them.
PAGES = (
    ("home", "Home"),
    ("authorities", "Authorities list"),
    ("authority", "Authority history"),
    ("inspection", "Inspection"),
    ("findings", "Findings list with filters"),
    ("search", "Search"),
    ("recommendation", "Recommendation"),
)
#: Filter sets the findings list is asked for, in turn.
FINDING_FILTERS = (
    {},  # the page the menu links to: every finding
    {"kind": "recommendation", "region": "london"},
    {"theme": "care-leavers", "date_from": "2018-01-01"},
    {"framework": "ilacs_standard", "grade": "inadequate"},
    {"region": "north_west", "kind": "area_for_improvement", "date_from": "2020-01-01"},
    {"kind": "strength", "framework": "jtai"},
    {"q": "caseloads", "kind": "finding"},
)
SEARCHES = ("care leavers", "front door", "exploitation", "neglect", "supervision", "foster")


@dataclass(frozen=True)
class PageTiming:
    page: str
    label: str
    urls: int
    requests: int
    median_ms: float
    p95_ms: float
    cold_ms: float
    queries: int
    statuses: tuple[int, ...]


def sample_urls(per_page: int = 20) -> dict[str, list[str]]:
    """The URLs of each page, drawn from the database: many authorities, inspections, findings
    and documents (spread evenly over the table, so the same every run), several filter sets
    and searches. perf's one URL sampler: the benchmark measures the ``PAGES`` among them, the
    load drills request them all (``perf.loadtest.site_paths``)."""
    from authorities.models import Authority
    from findings.models import Finding
    from inspections.codes import FindingKind
    from inspections.models import Document, Inspection

    def spread(queryset):
        ids = list(queryset.order_by("pk").values_list("pk", flat=True))
        step = max(1, len(ids) // per_page)
        return ids[::step][:per_page]

    authorities = Authority.objects.public()
    slugs = dict(authorities.values_list("pk", "slug"))
    inspections = Inspection.objects.public().filter(findings__isnull=False).distinct()
    recommendations = Finding.objects.public().filter(kind=FindingKind.RECOMMENDATION)
    findings_url = reverse("findings:finding-list")
    return {
        "home": [reverse("home")],
        "authorities": [reverse("authorities:authority-list")],
        "authority": [
            reverse("authorities:authority-detail", kwargs={"slug": slugs[pk]})
            for pk in spread(authorities)
        ],
        "inspection": [
            reverse("inspections:inspection-detail", kwargs={"pk": pk})
            for pk in spread(inspections)
        ],
        "findings": [f"{findings_url}?{urlencode(f)}" for f in FINDING_FILTERS],
        "search": [f"{reverse('search')}?{urlencode({'q': q})}" for q in SEARCHES],
        "recommendation": [
            reverse("findings:finding-detail", kwargs={"pk": pk}) for pk in spread(recommendations)
        ],
        # Not in the benchmark's table: the load drills' only.
        "document": [
            reverse("inspections:document-detail", kwargs={"pk": pk})
            for pk in spread(Document.objects.public())
        ],
    }


def _environ(url: str) -> dict:
    path, _, query = url.partition("?")
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "HTTP_HOST": "127.0.0.1",
        "REMOTE_ADDR": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }


class _Counter:
    def __init__(self):
        self.queries = 0

    def __call__(self, execute, sql, params, many, context):
        self.queries += 1
        return execute(sql, params, many, context)


def call(application, url: str) -> tuple[float, int, int, int]:
    """One request through the WSGI application: (seconds, status, queries, body bytes)."""
    status = []

    def start_response(line, headers, exc_info=None):
        status.append(int(line.split()[0]))

    counter = _Counter()
    with connection.execute_wrapper(counter):
        started = time.perf_counter()
        result = application(_environ(url), start_response)
        try:
            size = sum(len(chunk) for chunk in result)
        finally:
            if hasattr(result, "close"):
                result.close()
        seconds = time.perf_counter() - started
    return seconds, status[0], counter.queries, size


#: Timed requests a page gets at least, whatever ``rounds`` says.
MIN_REQUESTS = 20


def time_pages(application, urls: dict[str, list[str]], rounds: int, clear_cache) -> list:
    """Each page's server time over ``rounds`` passes through its URLs (at least
    ``MIN_REQUESTS`` requests), after one pass to warm up; the first request of all, after
    ``clear_cache()``, is reported as the cold time."""
    timings = []
    for page, label in PAGES:
        clear_cache()
        cold = call(application, urls[page][0])[0]
        for url in urls[page][1:]:
            call(application, url)
        seconds, statuses, queries = [], set(), 0
        # A page of one URL (the home page, the authorities list) gets as many passes as it
        # takes to make MIN_REQUESTS: its p95 is then not just the slowest of five.
        for _ in range(max(rounds, math.ceil(MIN_REQUESTS / len(urls[page])))):
            for url in urls[page]:
                took, status, count, _ = call(application, url)
                seconds.append(took)
                statuses.add(status)
                queries = max(queries, count)
        if statuses != {200}:
            raise RuntimeError(f"{label}: answers {sorted(statuses)}, not only 200")
        timings.append(
            PageTiming(
                page=page,
                label=label,
                urls=len(urls[page]),
                requests=len(seconds),
                median_ms=statistics.median(seconds) * 1000,
                p95_ms=_percentile(seconds, 95) * 1000,
                cold_ms=cold * 1000,
                queries=queries,
                statuses=tuple(sorted(statuses)),
            )
        )
    return timings


def _percentile(values, percent) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(percent / 100 * (len(ordered) - 1)))]


def as_dicts(items) -> list[dict]:
    return [asdict(item) for item in items]


# -- steps, each run in its own process against one database (``bench_site --step``) --------


def step_generate(scale: float, seed: int) -> dict:
    """Make the synthetic data unless exactly this (scale, seed) is there already."""
    from inspections.models import Document, DocumentPage
    from perf import synthetic

    started = time.perf_counter()
    generated = not synthetic.present(scale, seed)
    if generated:
        synthetic.clear()
        synthetic.generate(scale=scale, seed=seed)
    seconds = time.perf_counter() - started
    # Fresh planner statistics: SQLite has none until ANALYZE, PostgreSQL's lag a bulk load.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    from findings.models import Finding

    if connection.vendor == "postgresql":
        major, rest = divmod(connection.pg_version, 10000)
        server = f"PostgreSQL {major}.{rest}"
    else:
        import sqlite3

        server = f"SQLite {sqlite3.sqlite_version}"
    return {
        "server": server,
        "generated": generated,
        "seconds": seconds,
        "authorities": synthetic.authority_count(scale),
        "documents": Document.objects.count(),
        "pages": DocumentPage.objects.count(),
        "findings": Finding.objects.count(),
    }


def step_pages(per_page: int, rounds: int) -> dict:
    """Server time and queries of every page, in this process."""
    from django.core.cache import caches
    from django.core.wsgi import get_wsgi_application

    from ofsted_kb.cache import _aggregates

    def clear():
        caches["default"].clear()
        caches["local"].clear()
        _aggregates.clear()

    application = get_wsgi_application()
    urls = sample_urls(per_page)
    timings = time_pages(application, urls, rounds, clear)
    return {"urls": urls, "timings": as_dicts(timings)}


def step_export() -> dict:
    """The whole findings table as CSV through the WSGI application: rows a second and this
    process's peak memory (its resident size before the export is given too)."""
    import resource

    from django.core.wsgi import get_wsgi_application

    from findings.models import Finding

    application = get_wsgi_application()
    rows = Finding.objects.public().count()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    status = []
    started = time.perf_counter()
    url = reverse("findings:finding-csv")
    result = application(_environ(url), lambda line, headers, exc=None: status.append(line))
    size = records = 0
    try:
        for chunk in result:
            size += len(chunk)
            records += chunk.count(b'"\r\n')
    finally:
        result.close()
    seconds = time.perf_counter() - started
    return {
        "status": status[0],
        "rows": rows,
        "records": records - 1,  # the header
        "megabytes": size / 1e6,
        "seconds": seconds,
        "rows_per_second": rows / seconds,
        "rss_before_mb": before,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }

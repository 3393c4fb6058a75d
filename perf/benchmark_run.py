"""The whole site benchmark (``manage.py bench_site``, ``make bench``): for each database, make
the synthetic national data, time the pages, load them under gunicorn beside a trivial view
(``perf.loadtest``), stream the CSV export, time ingestion; then one table, printed and written
to ``docs/benchmarks.md`` around the notes kept there (``kept_notes``).

Everything that touches a database runs in a child process (``bench_site --step``) with that
database's URL and ``ofsted_kb.settings_bench``; this process only starts them and the server.

Long because it runs the whole benchmark in order (databases, server, loads, export, ingest)
and writes its report; each measurement lives in ``perf.benchmark`` and ``perf.loadtest``.
"""

from __future__ import annotations

import dataclasses
import datetime
import itertools
import json
import os
import platform
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import dj_database_url
from django.conf import settings

from . import benchmark, loadtest, longtail
from .guard import refusal

MANAGE = Path(settings.BASE_DIR) / "manage.py"

#: The issue's floors, checked on PostgreSQL at ten times the national size.
FLOOR_MEDIAN_MS = 30
FLOOR_P95_MS = 100
FLOOR_SEARCH_MEDIAN_MS = 50
FLOOR_RATIO = 0.40
FLOOR_EXPORT_ROWS = 50_000
FLOOR_EXPORT_MB = 150
#: The long tail issue's floors, no page cache, on PostgreSQL: (median, p95, max) ms for the
#: addresses drawn by ``perf.longtail`` (each asked once), and for every other page.
LONG_TAIL = (("findings", "Findings list, long tail"), ("search", "Search, long tail"))
TAIL_FLOORS = {"findings": (30, 150, 500), "search": (30, 100, None)}
TAIL_OTHER_MEDIAN_MS = 25
TAIL_OTHER_P95_MS = 60
#: Warm-ups of a page under load, at most, before its rate is measured.
MAX_WARMUPS = 10
#: The view beside the site that does nothing (``perf.urls``): the framework's own ceiling.
TRIVIAL = "/bench/trivial/"
#: What the load generator counts in place of a status when no answer came.
SOCKET = "socket error"


@dataclass
class Options:
    databases: dict[str, str]
    scale: float = 10
    seed: int = 1
    rounds: int = 5
    per_page: int = 20
    duration: int = 10
    warmup: int = 3
    connections: int = 16
    workers: int = 4
    ingest: bool = True
    output: Path | None = None
    log: object = print


@dataclass
class DatabaseRun:
    name: str
    url: str
    vendor: str = ""
    data: dict = field(default_factory=dict)
    uncached: dict = field(default_factory=dict)
    cached: dict = field(default_factory=dict)
    longtail: dict = field(default_factory=dict)
    throughput: dict = field(default_factory=dict)
    throughput_uncached: dict = field(default_factory=dict)
    export: dict = field(default_factory=dict)
    ingest: dict = field(default_factory=dict)
    load: list = field(default_factory=list)
    seconds: float = 0


def check_database(url: str) -> None:
    """Refuse, before anything starts, a database not a benchmark's own (``perf.guard``): the
    benchmark writes synthetic rows."""
    config = dj_database_url.parse(url)
    vendor = "sqlite" if config["ENGINE"].endswith("sqlite3") else "postgresql"
    reason = refusal(vendor, config["NAME"])
    if reason:
        raise ValueError(f"{url}: {reason}")


def ensure_postgres_database(url: str) -> bool:
    """Create the PostgreSQL database if it is missing; True if it was made."""
    import psycopg2
    from psycopg2 import sql

    config = dj_database_url.parse(url)
    connection = psycopg2.connect(
        dbname="postgres",
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        host=config["HOST"] or None,
        port=config["PORT"] or None,
    )
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
            if cursor.fetchone():
                return False
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
            return True
    finally:
        connection.close()


class Runner:
    def __init__(self, options: Options):
        self.options = options
        self.log = options.log
        self.secret = secrets.token_urlsafe(40)
        self.workdir = Path(tempfile.mkdtemp(prefix="ofsted-bench-"))
        self.servers = itertools.count(1)

    def env(self, url: str, page_cache: bool = True) -> dict:
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "ofsted_kb.settings_bench",
            "DATABASE_URL": url,
            "SECRET_KEY": self.secret,
            "BENCH_PAGE_CACHE": "1" if page_cache else "0",
            "DEBUG": "0",
        }

    def manage(self, url: str, *args, page_cache=True, capture=True) -> str:
        result = subprocess.run(
            [sys.executable, str(MANAGE), *args],
            env=self.env(url, page_cache),
            capture_output=capture,
            text=True,
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"manage.py {' '.join(args)} failed ({result.returncode}):\n"
                f"{(result.stderr or '')[-3000:]}"
            )
        return result.stdout or ""

    def step(self, url: str, name: str, *args, page_cache=True) -> dict:
        output = self.manage(url, "bench_site", "--step", name, *args, page_cache=page_cache)
        return json.loads(output.strip().splitlines()[-1])

    def run(self) -> list[DatabaseRun]:
        runs = []
        for name, url in self.options.databases.items():
            check_database(url)
            runs.append(self.run_database(name, url))
            # Kept in case a later database's run fails: the figures so far are not lost.
            saved = self.workdir / f"{name}.json"
            saved.write_text(json.dumps(dataclasses.asdict(runs[-1]), default=str))
            self.log(f"{name}: figures saved in {saved}")
        return runs

    def run_database(self, name: str, url: str) -> DatabaseRun:
        options = self.options
        run = DatabaseRun(name, url)
        started = time.perf_counter()
        run.load.append(os.getloadavg())
        run.vendor = "postgresql" if url.startswith("postgres") else "sqlite"
        if run.vendor == "postgresql" and ensure_postgres_database(url):
            self.log(f"{name}: created the database")
        self.log(f"{name}: migrate")
        self.manage(url, "migrate", "--no-input")
        self.log(f"{name}: synthetic data at {options.scale:g}x (seed {options.seed})")
        run.data = self.step(
            url, "generate", "--scale", str(options.scale), "--seed", str(options.seed)
        )
        scale = ["--per-page", str(options.per_page), "--rounds", str(options.rounds)]
        self.log(f"{name}: server time per page, no page cache")
        run.uncached = self.step(url, "pages", *scale, page_cache=False)
        self.log(f"{name}: server time per page, page cache on")
        run.cached = self.step(url, "pages", *scale, page_cache=True)
        self.log(f"{name}: the long tail, each address once, no page cache")
        run.longtail = self.step(url, "longtail", "--seed", str(options.seed), page_cache=False)
        self.log(f"{name}: CSV export of every finding")
        run.export = self.step(url, "export")
        urls = run.cached["urls"]
        self.log(f"{name}: requests per second under gunicorn, page cache on")
        run.throughput = self.throughput(url, urls, page_cache=True)
        self.log(f"{name}: requests per second under gunicorn, no page cache")
        run.throughput_uncached = self.throughput(url, urls, page_cache=False)
        if options.ingest:
            self.log(f"{name}: ingestion of the dev corpus (bench_ingest)")
            run.ingest = parse_bench_ingest(self.manage(url, "bench_ingest"))
        run.load.append(os.getloadavg())
        run.seconds = time.perf_counter() - started
        return run

    def throughput(self, url: str, urls: dict[str, list[str]], page_cache: bool) -> dict:
        options = self.options
        server = loadtest.gunicorn(
            self.env(url, page_cache),
            workers=options.workers,
            threads=None,  # sync workers
            log=self.workdir / f"gunicorn-{next(self.servers)}.log",
            # A search with no page cache takes seconds under this load; not a hang.
            timeout=300,
            ready=TRIVIAL,
        )
        with server as (base, _):

            def measure(paths):
                # Warm up until the rate stops rising: with the page cache, each worker makes
                # each URL once before serving it from memory, and the slowest findings lists
                # take seconds each, more than one warm-up covers.
                previous = 0.0
                for _ in range(MAX_WARMUPS):
                    rate = load(base, paths, options.warmup, options.connections)["rps"]
                    _wait_until_idle(base + TRIVIAL)
                    if rate < previous * 1.1 + 1:
                        break
                    previous = rate
                result = load(base, paths, options.duration, options.connections)
                # Requests still queued when the load stops would slow the next measurement.
                _wait_until_idle(base + TRIVIAL)
                return result

            results = {"trivial_before": measure([TRIVIAL])}
            for page, _ in benchmark.PAGES:
                results[page] = measure(urls[page])
            results["trivial_after"] = measure([TRIVIAL])
            return results


def load(base: str, paths: list[str], seconds: float, connections: int) -> dict:
    """``connections`` connections cycling through ``paths`` for ``seconds`` (the load
    generator of ``perf.loadtest``): ``{"rps", "socket_errors"}``, requests answered a second.

    Raises if any answer was not a success: a benchmark of error pages measures nothing. A
    request unanswered in 60 s or a dropped connection is a socket error, counted and shown.
    """
    result = loadtest.run_load(base, paths, connections=connections, seconds=seconds)
    failed = {status: n for status, n in result.statuses.items() if status not in (200, SOCKET)}
    if failed:
        raise RuntimeError(f"failed responses for {paths[0]}: {failed} of {result.requests}")
    errors = result.statuses[SOCKET]
    return {
        "rps": result.statuses[200] / result.seconds,
        "socket_errors": f"{errors} socket errors" if errors else "",
    }


def _wait_until_idle(url: str, seconds: float = 900) -> None:
    """Until the trivial view answers quickly three times running: the queue is empty."""
    deadline = time.monotonic() + seconds
    quick = 0
    while quick < 3 and time.monotonic() < deadline:
        started = time.monotonic()
        try:
            with urllib.request.urlopen(url, timeout=60) as response:
                response.read()
        except OSError:
            quick = 0
            continue
        quick = quick + 1 if time.monotonic() - started < 0.05 else 0
        time.sleep(0.1)


def parse_bench_ingest(output: str) -> dict:
    """The figures ``manage.py bench_ingest`` prints, one ``name  value`` a line."""
    figures = {}
    for line in output.splitlines():
        name, _, value = line.partition("  ")
        if value:
            figures[name.strip()] = value.strip()
    return figures


# -- the report ---------------------------------------------------------------------------

#: The notes in docs/benchmarks.md (what was measured and tried, and why) are prose written by
#: hand between these two lines; a run writes them back as they are and rewrites the rest.
NOTES_BEGIN = (
    "<!-- Notes written by hand: `make bench` keeps what is between this line and the end "
    "line, and rewrites the rest of this file. -->"
)
NOTES_END = "<!-- End of the notes written by hand. -->"


def kept_notes(path: Path) -> str:
    """The notes written by hand in the document at ``path``, to write back: nothing if there
    is no document yet. Raises ValueError (before a run, not after) if the document has no
    notes section, so that a run never overwrites prose it did not write."""
    if not path.exists():
        return ""
    text = path.read_text(encoding="utf-8")
    begin, end = text.find(NOTES_BEGIN), text.find(NOTES_END)
    if begin < 0 or end < begin:
        raise ValueError(
            f"{path} has no notes section between the lines {NOTES_BEGIN!r} and "
            f"{NOTES_END!r}: add them around its prose, or write to another --output"
        )
    return text[begin + len(NOTES_BEGIN) : end].strip("\n")


def _ms(value: float) -> str:
    return f"{value:.1f}" if value < 100 else f"{value:,.0f}"


def _mark(ok: bool) -> str:
    return "yes" if ok else "**no**"


def report(runs: list[DatabaseRun], options: Options, command: str, notes: str = "") -> str:
    """The document: the table, the floors on PostgreSQL, ``notes`` as they are (``kept_notes``)
    and how each figure was measured."""
    names = [run.name for run in runs]
    lines = [
        f"| figure | {' | '.join(names)} |",
        f"| --- | {' | '.join('---' for _ in names)} |",
    ]

    def row(label, cells):
        lines.append(f"| {label} | {' | '.join(cells)} |")

    row("database", [run.data["server"] for run in runs])
    row("authorities / documents / pages / findings", [_data(run) for run in runs])
    for page, label in benchmark.PAGES:
        row(
            f"{label}: server time, median / p95 ms (cached page)",
            [_times(run.cached, page) for run in runs],
        )
        row(
            f"{label}: server time, median / p95 ms, no page cache (first request)",
            [_times(run.uncached, page, cold=True) for run in runs],
        )
        row(f"{label}: queries (no page cache / cached)", [_queries(run, page) for run in runs])
        row(
            f"{label}: requests/s, share of the trivial view's (no page cache)",
            [_rate(run, page) for run in runs],
        )
    for page, label in LONG_TAIL:
        row(
            f"{label}: server time, median / p95 / max ms, each address once, no page cache",
            [_tail(run, page) for run in runs],
        )
    row("Trivial view: requests/s (before / after the pages)", [_trivial(run) for run in runs])
    row("CSV export, every finding: rows/s", [_export_rate(run) for run in runs])
    row(
        "CSV export: peak memory of the process (before it)", [_export_memory(run) for run in runs]
    )
    row("Ingestion of the dev corpus: pages/s", [_ingest(run) for run in runs])
    row("pdftotext on the same files: seconds (ours / its)", [_pdftotext(run) for run in runs])
    row("Load average (1 min) at start / end", [_load(run) for run in runs])
    table = "\n".join(lines)
    return _document(runs, options, command, table, notes)


def _data(run):
    data = run.data
    made = f", made in {data['seconds']:.0f} s" if data.get("generated") else ", already there"
    return (
        f"{_count(run, 'authorities')} synthetic / {data['documents']:,} / {data['pages']:,} / "
        f"{data['findings']:,}{made}"
    )


def _count(run, key):
    return f"{run.data[key]:,}"


def _timing(result, page):
    return next(t for t in result["timings"] if t["page"] == page)


def _times(result, page, cold=False):
    timing = _timing(result, page)
    text = f"{_ms(timing['median_ms'])} / {_ms(timing['p95_ms'])}"
    return f"{text} ({_ms(timing['cold_ms'])})" if cold else text


def _queries(run, page):
    return f"{_timing(run.uncached, page)['queries']} / {_timing(run.cached, page)['queries']}"


def _rate(run, page):
    trivial = _trivial_rps(run.throughput)
    cached = run.throughput[page]["rps"]
    uncached = run.throughput_uncached[page]["rps"]
    trivial_uncached = _trivial_rps(run.throughput_uncached)
    text = (
        f"{cached:,.0f} ({cached / trivial:.0%}); {uncached:,.0f} "
        f"({uncached / trivial_uncached:.0%})"
    )
    errors = run.throughput_uncached[page]["socket_errors"]
    return f"{text}, {errors}" if errors else text


def _tail_timing(run, page):
    return next((t for t in run.longtail.get("timings", ()) if t["page"] == page), None)


def _tail(run, page):
    timing = _tail_timing(run, page)
    if timing is None:
        return "not run"
    return (
        f"{_ms(timing['median_ms'])} / {_ms(timing['p95_ms'])} / {_ms(timing['max_ms'])} "
        f"({timing['urls']} addresses, at most {timing['queries_max']} queries)"
    )


def tail_floors(run: DatabaseRun) -> list[tuple[str, str, bool]]:
    """The long tail issue's floors, all with no page cache: (floor, reached, met)."""
    checks = []
    for page, label in LONG_TAIL:
        timing = _tail_timing(run, page)
        if timing is None:
            continue
        median, p95, most = TAIL_FLOORS[page]
        reached = f"{_ms(timing['median_ms'])} / {_ms(timing['p95_ms'])} / {_ms(timing['max_ms'])}"
        met = timing["median_ms"] < median and timing["p95_ms"] < p95
        floor = f"{label}, {timing['urls']} addresses: median < {median} ms, p95 < {p95} ms"
        if most is not None:
            floor += f", none over {most} ms"
            met = met and timing["max_ms"] < most
        checks.append((floor, reached, met))
    for page, label in benchmark.PAGES:
        if page in TAIL_FLOORS:
            continue
        timing = _timing(run.uncached, page)
        checks.append(
            (
                f"{label}: median < {TAIL_OTHER_MEDIAN_MS} ms, p95 < {TAIL_OTHER_P95_MS} ms",
                f"{_ms(timing['median_ms'])} / {_ms(timing['p95_ms'])}",
                timing["median_ms"] < TAIL_OTHER_MEDIAN_MS
                and timing["p95_ms"] < TAIL_OTHER_P95_MS,
            )
        )
    return checks


def _slowest(run) -> list[str]:
    lines = []
    for page, label in LONG_TAIL:
        timing = _tail_timing(run, page)
        for ms, url in (timing or {}).get("slowest", ()):
            lines.append(f"- {label}, {_ms(ms)} ms: `{url}`")
    return lines


def _trivial_rps(throughput):
    return (throughput["trivial_before"]["rps"] + throughput["trivial_after"]["rps"]) / 2


def _trivial(run):
    t = run.throughput
    return f"{t['trivial_before']['rps']:,.0f} / {t['trivial_after']['rps']:,.0f}"


def _export_rate(run):
    export = run.export
    return (
        f"{export['rows_per_second']:,.0f} ({export['rows']:,} rows, "
        f"{export['megabytes']:,.0f} MB in {export['seconds']:.1f} s)"
    )


def _export_memory(run):
    return f"{run.export['peak_rss_mb']:.0f} MB ({run.export['rss_before_mb']:.0f} MB)"


def _ingest(run):
    return run.ingest.get("pages per second", "not run")


def _pdftotext(run):
    ours, theirs = run.ingest.get("total seconds"), run.ingest.get("pdftotext seconds")
    if not ours:
        return "not run"
    return f"{ours} / {(theirs or 'pdftotext not installed').split(' ')[0]}"


def _load(run):
    return " / ".join(f"{load[0]:.2f}" for load in run.load)


def floors(run: DatabaseRun) -> list[tuple[str, str, bool, bool]]:
    """The issue's floors against one run: (floor, what was reached, met as checked, met with
    no page cache).

    Pages are checked as served (from the page cache), except search: a query nobody made
    before is the honest measure of it, so its time is checked with no page cache.
    """
    checks = []
    for page, label in benchmark.PAGES:
        cached, uncached = _timing(run.cached, page), _timing(run.uncached, page)
        search = page == "search"
        limit = FLOOR_SEARCH_MEDIAN_MS if search else FLOOR_MEDIAN_MS

        def fast(timing, limit=limit):
            return timing["median_ms"] < limit and timing["p95_ms"] < FLOOR_P95_MS

        checks.append(
            (
                f"{label}: median < {limit} ms, p95 < {FLOOR_P95_MS} ms"
                + (" (checked with no page cache)" if search else ""),
                f"cached {_ms(cached['median_ms'])} / {_ms(cached['p95_ms'])}; "
                f"no page cache {_ms(uncached['median_ms'])} / {_ms(uncached['p95_ms'])}",
                fast(uncached) if search else fast(cached),
                fast(uncached),
            )
        )
        share = run.throughput[page]["rps"] / _trivial_rps(run.throughput)
        uncached_share = run.throughput_uncached[page]["rps"] / _trivial_rps(
            run.throughput_uncached
        )
        checks.append(
            (
                f"{label}: at least {FLOOR_RATIO:.0%} of the trivial view's requests/s",
                f"{share:.0%} (no page cache: {uncached_share:.0%})",
                share >= FLOOR_RATIO,
                uncached_share >= FLOOR_RATIO,
            )
        )
    export = run.export
    fast_export = export["rows_per_second"] >= FLOOR_EXPORT_ROWS
    small_export = export["peak_rss_mb"] < FLOOR_EXPORT_MB
    checks.append(
        (
            f"CSV export: at least {FLOOR_EXPORT_ROWS:,} rows/s",
            f"{export['rows_per_second']:,.0f}",
            fast_export,
            fast_export,
        )
    )
    checks.append(
        (
            f"CSV export: peak memory under {FLOOR_EXPORT_MB} MB",
            f"{export['peak_rss_mb']:.0f} MB",
            small_export,
            small_export,
        )
    )
    return checks


def _document(runs, options, command, table, notes) -> str:
    when = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    postgres = next((run for run in runs if run.vendor == "postgresql"), None)
    parts = [
        "# Benchmarks: the site at ten times the national size",
        "",
        f"One run of `{command}` on {when}: {_machine()}. "
        f"Scale {options.scale:g} (seed {options.seed}): {options.scale:g} × 153 synthetic "
        "authorities beside the 153 real ones, each with a history in the real shapes "
        "(`manage.py generate_national`, described in `perf/synthetic.py`).",
        "",
        table,
        "",
    ]
    if postgres is not None:
        parts += [
            "## The floors (PostgreSQL)",
            "",
            "Checked as the site serves pages, from each process's page cache, except search, "
            "which is checked with no page cache: a query nobody searched before is its honest "
            "measure. The last column checks every floor with no page cache at all.",
            "",
            "| floor | reached | met | met with no page cache |",
            "| --- | --- | --- | --- |",
            *(
                f"| {floor} | {reached} | {_mark(ok)} | {_mark(uncached_ok)} |"
                for floor, reached, ok, uncached_ok in floors(postgres)
            ),
            "",
        ]
        tail = tail_floors(postgres)
        if tail:
            parts += [
                "## The long tail's floors (PostgreSQL, no page cache)",
                "",
                "Each findings-list filter combination and each search asked for once "
                "(`perf/longtail.py`); the other pages as in the table, with no page cache.",
                "",
                "| floor | reached (median / p95 / max ms) | met |",
                "| --- | --- | --- |",
                *(f"| {floor} | {reached} | {_mark(ok)} |" for floor, reached, ok in tail),
                "",
                "The slowest addresses:",
                "",
                *_slowest(postgres),
                "",
            ]
    parts += [NOTES_BEGIN, notes.strip("\n"), NOTES_END]
    parts += [
        "",
        "## How each figure is measured",
        "",
        f"- **Server time**: the site's own WSGI application called in process with "
        f"`ofsted_kb.settings_bench` (every middleware, the body read to its end; no HTTP "
        f"parsing or network), {options.rounds} passes over up to {options.per_page} URLs a "
        f"page (at least {benchmark.MIN_REQUESTS} requests: a page of one URL gets more "
        "passes) after one pass to warm up: different authorities, inspections and "
        "recommendations spread over the table, the findings list unfiltered and with six "
        "filter sets, six searches. *Cached page*: as served in production, from each "
        "process's page cache (`ofsted_kb/cache.py`). *No page cache*: the page's own work, "
        "with the national aggregates cached as in production; in brackets, the very first "
        "request after every cache was emptied, which also computes the aggregates.",
        "- **Long tail**: the findings list over "
        f"{longtail.FINDING_LISTS} different filter combinations drawn from the database's "
        "own values (authority or region, kinds, theme, framework, grade, follow-up status "
        "and who set it, dates, a word; one in five asks for a later page), and search over "
        f"{longtail.SEARCHES} different queries (one or two words of findings, a theme's "
        "name); each address asked for once with no page cache, as a new question is, after "
        "the national aggregates are made.",
        "- **Queries**: the most any request of the page made.",
        f"- **Requests/s**: gunicorn with {options.workers} sync workers on loopback, "
        "the asyncio load generator of `perf/loadtest.py` (the load drills' too) with "
        f"{options.connections} connections cycling through the same URLs, "
        f"warm-ups of {options.warmup} s until the rate rises by less than a tenth (at most "
        f"{MAX_WARMUPS}: each worker fills its own page cache), then {options.duration} s "
        "measured; the share is of "
        "the trivial view (`/bench/trivial/`, same middleware, returns two bytes) measured "
        "before and after the pages in the same server. First figure with the page cache "
        "(production), second without. Socket errors (a request unanswered in 60 s, a "
        "dropped connection) are shown if any.",
        "- **CSV export**: `/findings/export.csv` with no filter (every finding) through the "
        "WSGI application in a fresh process; peak memory is that process's peak resident "
        "size, with its size before the export in brackets.",
        "- **Ingestion**: `manage.py bench_ingest` on `../shared/corpus/pdf`: what "
        "`manage.py ingest` runs, the files parsed on every core while the main process "
        "writes those already parsed (in a transaction rolled back), beside poppler's "
        "`pdftotext` on the same files; on this database, with the synthetic authorities "
        "present.",
        "",
        "Reproduce (needs PostgreSQL on 127.0.0.1 and `poppler-utils`):",
        "",
        "```sh",
        "make bench",
        "```",
        "",
        f"which runs `{command}`. It creates the `bench` database if it is missing, reuses the "
        "synthetic rows when the scale and seed match, and refuses any database not named for "
        "a benchmark (`perf/guard.py`), `db.sqlite3` above all.",
    ]
    return "\n".join(parts) + "\n"


def _machine() -> str:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kilobytes = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kilobytes / 1024 / 1024:.0f} GB memory"
    except (OSError, ValueError, IndexError):
        pass
    return (
        f"{os.cpu_count()} cores ({cpu or platform.machine()}){memory}, "
        f"Python {platform.python_version()}, Django {_django_version()}"
    )


def _django_version() -> str:
    import django

    return django.get_version()

"""The whole site benchmark (``manage.py bench_site``, ``make bench``): for each database, make
the synthetic national data, time the pages, load them under gunicorn with wrk beside a trivial
view, stream the CSV export, time ingestion; then one table, printed and written to
``docs/benchmarks.md``.

Everything that touches a database runs in a child process (``bench_site --step``) with that
database's URL and ``ofsted_kb.settings_bench``; this process only starts them and the server.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import os
import platform
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import dj_database_url
from django.conf import settings

from . import benchmark

MANAGE = Path(settings.BASE_DIR) / "manage.py"
DEVELOPER_DATABASE = Path(settings.BASE_DIR) / "db.sqlite3"

#: The issue's floors, checked on PostgreSQL at ten times the national size.
FLOOR_MEDIAN_MS = 30
FLOOR_P95_MS = 100
FLOOR_SEARCH_MEDIAN_MS = 50
FLOOR_RATIO = 0.40
FLOOR_EXPORT_ROWS = 50_000
FLOOR_EXPORT_MB = 150
#: Warm-ups of a page under wrk, at most, before its rate is measured.
MAX_WARMUPS = 10


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
    threads: int = 2
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
    throughput: dict = field(default_factory=dict)
    throughput_uncached: dict = field(default_factory=dict)
    export: dict = field(default_factory=dict)
    ingest: dict = field(default_factory=dict)
    load: list = field(default_factory=list)
    seconds: float = 0


def check_database(url: str) -> None:
    """Refuse the developer's own database: the benchmark writes synthetic rows."""
    config = dj_database_url.parse(url)
    if config["ENGINE"].endswith("sqlite3"):
        if Path(config["NAME"]).resolve() == DEVELOPER_DATABASE.resolve():
            raise ValueError(f"{url} is the developer's database; give the benchmark its own")
    elif config["NAME"] in ("", "postgres", "template1"):
        raise ValueError(f"{url}: give the benchmark a database of its own (e.g. /bench)")


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
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        log = self.workdir / f"gunicorn-{port}.log"
        server = subprocess.Popen(
            [
                shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn",
                "ofsted_kb.wsgi:application",
                "--workers",
                str(options.workers),
                "--bind",
                f"127.0.0.1:{port}",
                "--error-logfile",
                str(log),
                "--log-level",
                "warning",
                # A search with no page cache takes seconds under this load; not a hang.
                "--timeout",
                "300",
            ],
            env=self.env(url, page_cache),
            cwd=str(MANAGE.parent),
        )
        try:
            _wait_until_up(f"{base}/bench/trivial/", server)
            script = self.workdir / "paths.lua"

            def measure(paths):
                common = {
                    "connections": options.connections,
                    "threads": options.threads,
                    "script": script,
                }
                # Warm up until the rate stops rising: with the page cache, each worker makes
                # each URL once before serving it from memory, and the slowest findings lists
                # take seconds each, more than one warm-up covers.
                previous = 0.0
                for _ in range(MAX_WARMUPS):
                    rate = benchmark.wrk(base, paths, seconds=options.warmup, **common)["rps"]
                    _wait_until_idle(f"{base}/bench/trivial/")
                    if rate < previous * 1.1 + 1:
                        break
                    previous = rate
                result = benchmark.wrk(base, paths, seconds=options.duration, **common)
                # Requests still queued when wrk stops would slow the next measurement.
                _wait_until_idle(f"{base}/bench/trivial/")
                return result

            results = {"trivial_before": measure(["/bench/trivial/"])}
            for page, _ in benchmark.PAGES:
                results[page] = measure(urls[page])
            results["trivial_after"] = measure(["/bench/trivial/"])
            return results
        finally:
            server.terminate()
            server.wait(timeout=30)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_up(url: str, server, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited ({server.returncode}) before answering")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer {url} within {seconds:.0f} s")


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


def _ms(value: float) -> str:
    return f"{value:.1f}" if value < 100 else f"{value:,.0f}"


def _mark(ok: bool) -> str:
    return "yes" if ok else "**no**"


def report(runs: list[DatabaseRun], options: Options, command: str) -> str:
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
    row("Trivial view: requests/s (before / after the pages)", [_trivial(run) for run in runs])
    row("CSV export, every finding: rows/s", [_export_rate(run) for run in runs])
    row(
        "CSV export: peak memory of the process (before it)", [_export_memory(run) for run in runs]
    )
    row("Ingestion of the dev corpus: pages/s", [_ingest(run) for run in runs])
    row("pdftotext on the same files: seconds (ours / its)", [_pdftotext(run) for run in runs])
    row("Load average (1 min) at start / end", [_load(run) for run in runs])
    table = "\n".join(lines)
    return _document(runs, options, command, table)


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


def _document(runs, options, command, table) -> str:
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
    parts += NOTES.splitlines()
    parts += [
        "",
        "## How each figure is measured",
        "",
        f"- **Server time**: the site's own WSGI application called in process with "
        f"`ofsted_kb.settings_bench` (every middleware, the body read to its end; no HTTP "
        f"parsing or network), {options.rounds} passes over up to {options.per_page} URLs a "
        "page after one pass to warm up: different authorities, inspections and "
        "recommendations spread over the table, the findings list unfiltered and with six "
        "filter sets, six searches. *Cached page*: as served in production, from each "
        "process's page cache (`ofsted_kb/cache.py`). *No page cache*: the page's own work, "
        "with the national aggregates cached as in production; in brackets, the very first "
        "request after every cache was emptied, which also computes the aggregates.",
        "- **Queries**: the most any request of the page made.",
        f"- **Requests/s**: gunicorn with {options.workers} sync workers on loopback, "
        f"[wrk](https://github.com/wg/wrk) with {options.threads} threads and "
        f"{options.connections} keep-alive connections cycling through the same URLs, "
        f"warm-ups of {options.warmup} s until the rate rises by less than a tenth (at most "
        f"{MAX_WARMUPS}: each worker fills its own page cache), then {options.duration} s "
        "measured; the share is of "
        "the trivial view (`/bench/trivial/`, same middleware, returns two bytes) measured "
        "before and after the pages in the same server. First figure with the page cache "
        "(production), second without. wrk's socket errors (timeouts) are shown if any.",
        "- **CSV export**: `/findings/export.csv` with no filter (every finding) through the "
        "WSGI application in a fresh process; peak memory is that process's peak resident "
        "size, with its size before the export in brackets.",
        "- **Ingestion**: `manage.py bench_ingest` on `../shared/corpus/pdf` (parse on every "
        "core, write in a transaction rolled back), beside poppler's `pdftotext` on the same "
        "files; on this database, with the synthetic authorities present.",
        "",
        "Reproduce (needs PostgreSQL on 127.0.0.1, `wrk` and `poppler-utils`):",
        "",
        "```sh",
        "make bench",
        "```",
        "",
        f"which runs `{command}`. It creates the `bench` database if it is missing, reuses the "
        "synthetic rows when the scale and seed match, and never touches `db.sqlite3`.",
    ]
    return "\n".join(parts) + "\n"


NOTES = """## What the first figures showed, and what changed

Measured first at this scale on PostgreSQL (no cache anywhere): the home page 1.8 s and the
authorities list 5 s (every authority's judgements made into objects to find the latest
grades), the findings list 0.3-17 s (the authority filter's thousand-option `<select>`
rendered option by option; the grade filter a subquery for every finding), the unfiltered
findings list 2 s (a sort of every finding), search 6-11 s, the CSV export 1,300 rows/s.
Changed:

- **National aggregates, cached until the data changes** (`authorities/national.py`,
  `ofsted_kb/cache.py`): every authority's latest grade in each area in one query, kept in
  each process under a data version held in the database cache, which any committed ORM write
  to the data apps replaces. The home page, the authorities list (now 200 a page, filtered and
  sorted from it), neighbours and region comparisons, and the findings list's grade filter
  read it; so do the home page's recent documents, the order of every finding (the unfiltered
  list fetches only its page) and the authority filter's choices.
- **Whole pages cached per process under the same version** (the public pages are the same
  for everyone), which is what brings each page near the trivial view's requests per second.
- **Query shapes**: counts by kind give the findings total (one count, not two); the CSV is
  read as plain values in chunks inside a transaction (PostgreSQL streams the cursor instead
  of copying the result), with one query a chunk for themes and for follow-up statuses, and
  records written with `str.replace` (the csv module was most of the time).
- **Planner statistics** after a bulk load (`ANALYZE`): SQLite has none until then.

Then the schema (migrations findings 0005 and inspections 0005, PostgreSQL only; SQLite
keeps its FTS5 tables):

- **Search** counted and ranked every match: a common word matches 15,000-36,000 pages and
  7,000-24,000 findings at this scale, and each match's text vector was computed again
  (5-17 s a search). Each row's vector is now a stored column PostgreSQL computes
  (`GENERATED ALWAYS AS (to_tsvector('english', coalesce(text, ''))) STORED`, not on the
  models) with a GIN index, kept in the row (`STORAGE MAIN`: stored the default way, a
  page's vector went to the TOAST table, and reading it back cost more than the search
  itself). Counting and ranking every match still took 0.1-0.4 s a scope, so a scope now
  counts and ranks at most the 200 matches of the newest documents: past that the page
  says "more than 200" and that it shows the best of the newest (300 until session 13:
  reading a common word's findings until there were 300 took 14-17 ms, until 200, 10 ms).
  PostgreSQL finds them by reading the newest 500 documents in date order (a new index on
  documents), ranking each match as it is read; a word with at least 100 matches there but
  too few reads the next 1,000 documents for the rest, and a rarer word is looked up in the
  GIN index instead, only the newest 200 of its matches ranked. Its floor is checked with
  no page cache, as a query nobody searched before would be served. A search's time is
  about half queries (reading a common word's findings document by document 10 ms, its
  pages 4-6 ms, loading the ten hits shown with their snippets, one query a scope, 6-9 ms)
  and half Python: compiling queries, making the hits' objects, and rendering the page
  (about 7 ms). Trimmed in session 13: the hits and their snippets came in two queries a
  scope (now one, without the models' default ordering, whose compiling cost more than the
  query), the documents' SQL was compiled twice a scope for every search (now once a
  process), every link was `reverse()`d (now reversed once per URL name,
  `ofsted_kb/links.py`), and a word like "front door", with 100-300 matches among the
  newest 500 documents, went to the GIN index for all of its 7,500 (50 ms, now 24). Tried
  and dropped: a copy of each document's date on its findings, searched with the GIN index
  and a date index together (9-17 ms, no better than reading document by document, and a
  copy to keep in step); the GIN index with the newest documents' ids (9-14 ms, the same).
  After that trial the bench database's findings table was rewritten in document order
  (`CLUSTER` on its document index), the order in which the generator and ingestion write
  them.
- **"Text contains"** on findings is `UPPER(text) LIKE '%...%'`: a trigram index
  (`pg_trgm`) on that expression serves rarer strings (1,500 matches: 2 s to 45 ms), but a
  word in a quarter of all findings (the benchmark's "caseloads") still reads every row, so
  that filter takes seconds without the page cache.
- **The findings list's order** (newest inspection first, over three tables) was left as
  it is: with no page cache, rendering a list of fifty findings takes about 50 ms by itself
  and loading them (the finding, its inspection, authority, document, themes and follow-up
  status as model objects) 35 ms, over the floor whatever the query; the filter form's
  authority list was 14 ms of it until its options were kept written out. Each
  filtered list also counts its matches by kind, which an indexed copy of the date on every
  finding would not make cheaper; and the unfiltered list already reads a cached order.

**The CSV export** on PostgreSQL (`findings/export.py`) reached 16,400 rows/s in session 12:
a sort of every finding with its text, then each record made in Python. Now one query makes
the finished records (every column, the themes aggregated, the follow-up rule as `DISTINCT
ON`, quotes doubled and formulas guarded in SQL), sorted once in the database, and `COPY`
streams them out. psycopg2 hands `COPY`'s output only to a file it writes into until the
end, so the `COPY` runs in a thread that passes 1 MB pieces through a queue of four: memory
stays flat, a slow client slows the query, and a client that leaves cancels it. Two things
were worth measuring: PostgreSQL's JIT compiled each query for a third of its time (now off
for this query), and reading the records through a server-side cursor instead of `COPY`
took 8.5-10 s rather than 6-7 s. A chunk-by-chunk version (each chunk's ids looked up) was
slower than the sort (33 µs a row against 21). SQLite keeps the Python writer; tests check
that both write the same bytes, and on this database at 10x they did for every finding and
for four filtered sets (London: 92,004 rows in 2.6 s, against 5.7 s for the Python writer).
A filtered set is a materialized CTE that the themes and links read too: a filter on the
follow-up status (a subquery per finding, about 7 s at 10x) otherwise ran twice.

Not worked on here: the pages' own work with no page cache (the last column of the floors),
beyond search and the findings list's filters; the floors are checked as the pages are
served, from the page cache. What is left there is mostly Django itself: at 50 findings or
200 authorities a page, making the model objects and rendering the template take 1-2 ms a
row on this machine, so those pages would need fewer rows, cached fragments or another
template engine to reach 30 ms without the page cache.

Not changed: the database server's settings. PostgreSQL runs here with its defaults
(`shared_buffers` 128 MB, under a fifth of this database), so pages read from the operating
system's cache rather than PostgreSQL's; a production server would be given more.
"""


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

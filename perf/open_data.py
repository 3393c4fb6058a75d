"""The open data's benchmark (``manage.py bench_open_data``, run by ``make bench`` after
``bench_site``): each API list's server time over many different filter sets drawn from the
database's own values, and the bulk downloads' build time and peak memory.

Server time is measured as ``perf.benchmark`` measures the pages: the site's WSGI application
called in process, every middleware and the body read to its end. API answers are never kept
whole (no page cache); what the API keeps is the national aggregates and each filter set's
total, until the data changes (``api.pagination``), so the first request of a filter set and
the ones after it are reported apart.
"""

from __future__ import annotations

import base64
import datetime
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings

#: The API lists measured, in the order the table shows them.
ENDPOINTS = (
    ("authorities", "Authorities"),
    ("inspections", "Inspections"),
    ("documents", "Documents"),
    ("findings", "Findings"),
    ("follow-ups", "Follow-ups"),
    ("themes", "Themes"),
    ("grades", "Grade history (one authority's)"),
)

#: The issue's floors at ten times the national size, on PostgreSQL.
FLOOR_MEDIAN_MS = 50
FLOOR_BUILD_SECONDS = 120
FLOOR_BUILD_MB = 300

#: docs/benchmarks.md's section for these figures, inside the notes ``bench_site`` keeps;
#: ``bench_open_data`` rewrites what is between these lines and nothing else.
SECTION_BEGIN = "<!-- Open data figures: `manage.py bench_open_data` rewrites this section. -->"
SECTION_END = "<!-- End of the open data figures. -->"

API = "/api/v1/"


@dataclass(frozen=True)
class Values:
    """Real values of the database the filter sets are drawn from."""

    slugs: list[str]
    frameworks: list[str]
    document_kinds: list[str]
    themes: list[str]
    words: list[str]
    recommendations: list[int]
    first_year: int
    last_year: int
    #: Each list's smallest and largest id, for cursors deep in the list.
    ids: dict[str, tuple[int, int]]


def real_values(sample: int = 400) -> Values:
    """What the database holds: authorities, frameworks and kinds in use, themes, words of
    findings spread over the table, recommendations that have a trail, the years covered."""
    from django.db.models import Max, Min

    from authorities.models import Authority
    from findings.models import Finding, FollowUp, Theme
    from inspections.models import Document, Inspection

    def span(queryset):
        found = queryset.aggregate(low=Min("pk"), high=Max("pk"))
        return found["low"] or 0, found["high"] or 0

    findings = Finding.objects.public()
    low, high = span(findings)
    step = max(1, (high - low) // sample)
    texts = findings.filter(pk__in=range(low, high + 1, step)).values_list("text", flat=True)
    words = sorted({word.lower() for text in texts for word in re.findall(r"[A-Za-z]{5,}", text)})
    years = Inspection.objects.public().aggregate(low=Min("start_date"), high=Max("start_date"))
    follow_ups = FollowUp.objects.public()
    return Values(
        slugs=list(Authority.objects.public().order_by("slug").values_list("slug", flat=True)),
        frameworks=sorted(set(Inspection.objects.values_list("framework", flat=True).distinct())),
        document_kinds=sorted(set(Document.objects.values_list("kind", flat=True).distinct())),
        themes=list(Theme.objects.order_by("slug").values_list("slug", flat=True)),
        words=words,
        recommendations=sorted(
            set(follow_ups.values_list("recommendation_id", flat=True)[: sample * 5])
        ),
        first_year=years["low"].year if years["low"] else 2009,
        last_year=years["high"].year if years["high"] else 2025,
        ids={
            "inspections": span(Inspection.objects.all()),
            "documents": span(Document.objects.all()),
            "findings": (low, high),
            "follow-ups": span(follow_ups),
        },
    )


def _cursor(position) -> str:
    """The cursor of the page after the record at ``position``, as the API's ``next`` links
    encode it."""
    return base64.b64encode(urlencode({"p": position}).encode()).decode()


class _Draw:
    """One endpoint's filter sets: each filter is asked for with a probability, its value one
    the database holds; sometimes a page deep in the list (a cursor at a random record)."""

    def __init__(self, rng: random.Random, values: Values):
        self.rng, self.values = rng, values

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def pick(self, choices):
        return self.rng.choice(list(choices))

    def date(self) -> str:
        year = self.rng.randint(self.values.first_year, self.values.last_year)
        return datetime.date(year, self.rng.randint(1, 12), 1).isoformat()

    def place(self, params: dict, authority: float, region: float) -> None:
        from authorities.models import Region

        if self.chance(authority):
            params["authority"] = self.pick(self.values.slugs)
        elif self.chance(region):
            params["region"] = self.pick(Region.values)

    def dates(self, params: dict, names=("date_from", "date_to")) -> None:
        start, end = names
        if self.chance(0.35):
            params[start] = self.date()
        if self.chance(0.25):
            params[end] = self.date()
        if start in params and end in params and params[start] > params[end]:
            params[start], params[end] = params[end], params[start]

    def deep(self, params: dict, endpoint: str) -> None:
        if self.chance(0.25):
            low, high = self.values.ids[endpoint]
            params["cursor"] = _cursor(self.rng.randint(low, high))

    def authorities(self) -> dict:
        from authorities.models import AuthorityKind, AuthorityStatus, Region

        params = {}
        if self.chance(0.5):
            params["region"] = self.pick(Region.values)
        if self.chance(0.4):
            params["kind"] = self.pick(AuthorityKind.values)
        if self.chance(0.3):
            params["status"] = self.pick(AuthorityStatus.values)
        if self.chance(0.4):
            params["cursor"] = _cursor(self.pick(self.values.slugs))
        return params

    def inspections(self) -> dict:
        params = {}
        self.place(params, authority=0.3, region=0.4)
        if self.chance(0.5):
            params["framework"] = self.pick(self.values.frameworks)
        self.dates(params)
        self.deep(params, "inspections")
        return params

    def documents(self) -> dict:
        params = {}
        self.place(params, authority=0.3, region=0.4)
        if self.chance(0.5):
            params["kind"] = self.pick(self.values.document_kinds)
        self.dates(params, ("published_from", "published_to"))
        self.deep(params, "documents")
        return params

    def findings(self) -> dict:
        from findings.filters import FOLLOW_UP_CHOICES, FOLLOW_UP_ORIGINS, KIND_CHOICES
        from inspections.codes import OVERALL_GRADE_CHOICES

        params = {}
        if self.chance(0.25):
            params["q"] = self.pick(self.values.words)
        self.place(params, authority=0.2, region=0.3)
        if self.chance(0.5):
            kinds = [code for code, _ in KIND_CHOICES]
            params["kind"] = sorted(self.rng.sample(kinds, self.rng.choice((1, 1, 2))))
        if self.chance(0.35):
            params["theme"] = self.pick(self.values.themes)
        if self.chance(0.3):
            params["framework"] = self.pick(self.values.frameworks)
        if self.chance(0.2):
            params["grade"] = self.pick(code for code, _ in OVERALL_GRADE_CHOICES)
        if self.chance(0.15):
            params["follow_up"] = self.pick(code for code, _ in FOLLOW_UP_CHOICES)
        if self.chance(0.1):
            params["follow_up_by"] = self.pick(code for code, _ in FOLLOW_UP_ORIGINS)
        self.dates(params)
        self.deep(params, "findings")
        return params

    def follow_ups(self) -> dict:
        from findings.models import FollowUp

        params = {}
        if self.values.recommendations and self.chance(0.2):
            params["recommendation"] = self.pick(self.values.recommendations)
        elif self.chance(0.35):
            params["authority"] = self.pick(self.values.slugs)
        if self.chance(0.5):
            params["status"] = self.pick(FollowUp.Status.values)
        if self.chance(0.4):
            params["origin"] = self.pick((FollowUp.Origin.CONFIRMED, FollowUp.Origin.SUGGESTED))
        self.deep(params, "follow-ups")
        return params


def address(path: str, params: dict) -> str:
    query = urlencode(params, doseq=True)
    return path + (f"?{query}" if query else "")


def distinct(count: int, make) -> list[str]:
    """Up to ``count`` different addresses from ``make()``, in the order first made (it is
    asked at most 50 times a wanted address: a small database may offer fewer)."""
    chosen: dict[str, None] = {}
    for _ in range(count * 50):
        if len(chosen) == count:
            break
        chosen[make()] = None
    return list(chosen)


def draw_urls(values: Values, per_endpoint: int, seed: int) -> dict[str, list[str]]:
    """``per_endpoint`` different addresses of each list (the themes list has no filters: one
    address), the same for the same seed and data."""
    rng = random.Random(seed)
    draw = _Draw(rng, values)
    makers = {
        "authorities": draw.authorities,
        "inspections": draw.inspections,
        "documents": draw.documents,
        "findings": draw.findings,
        "follow-ups": draw.follow_ups,
    }
    urls = {
        endpoint: distinct(
            per_endpoint, lambda path=f"{API}{endpoint}/", make=make: address(path, make())
        )
        for endpoint, make in makers.items()
    }
    urls["themes"] = [f"{API}themes/"]
    slugs = rng.sample(values.slugs, min(per_endpoint, len(values.slugs)))
    urls["grades"] = [f"{API}authorities/{slug}/grades/" for slug in slugs]
    return urls


@dataclass(frozen=True)
class EndpointTiming:
    endpoint: str
    label: str
    urls: int
    #: The first request of each address: its filter set's total not yet kept.
    first_median_ms: float
    first_p95_ms: float
    first_max_ms: float
    #: The requests after, ``rounds`` for each address.
    requests: int
    median_ms: float
    p95_ms: float
    max_ms: float
    queries_min: int
    queries_max: int


def percentile(values, percent) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(percent / 100 * (len(ordered) - 1)))]


def warm_up(application) -> None:
    """What a running server has done before: the national aggregates computed, each view's
    code imported and its serializers built (one record of each, not among the measured)."""
    from authorities.models import Authority
    from findings.models import Finding, FollowUp
    from inspections.models import Document, Inspection
    from inspections.national import inspections_by_overall_grade, latest_grades
    from perf.benchmark import call

    latest_grades()
    inspections_by_overall_grade()
    for path, model in (
        ("inspections", Inspection),
        ("documents", Document),
        ("findings", Finding),
        ("follow-ups", FollowUp),
    ):
        record = model.objects.order_by("pk").first()
        if record is not None:
            call(application, f"{API}{path}/{record.pk}/")
    authority = Authority.objects.order_by("pk").first()
    if authority is not None:
        call(application, f"{API}authorities/{authority.slug}/")


def time_endpoints(application, urls: dict[str, list[str]], rounds: int) -> list[EndpointTiming]:
    """Each list's server time: every address once (its first request), then ``rounds``
    passes more (20 for a list of one address); every answer must be a 200."""
    from perf.benchmark import call

    warm_up(application)
    timings = []
    for endpoint, label in ENDPOINTS:
        first, again, queries = [], [], []
        # A list of one address (the themes) is asked for often enough to have a median.
        passes = rounds if len(urls[endpoint]) > 1 else max(rounds, 20)
        for pass_ in range(passes + 1):
            for url in urls[endpoint]:
                seconds, status, count, _size = call(application, url)
                if status != 200:
                    raise RuntimeError(f"{url} answered {status}, not 200")
                (again if pass_ else first).append(seconds * 1000)
                queries.append(count)
        timings.append(
            EndpointTiming(
                endpoint=endpoint,
                label=label,
                urls=len(urls[endpoint]),
                first_median_ms=statistics.median(first),
                first_p95_ms=percentile(first, 95),
                first_max_ms=max(first),
                requests=len(again),
                median_ms=statistics.median(again) if again else float("nan"),
                p95_ms=percentile(again, 95) if again else float("nan"),
                max_ms=max(again, default=float("nan")),
                queries_min=min(queries),
                queries_max=max(queries),
            )
        )
    return timings


@dataclass(frozen=True)
class BuildFigures:
    seconds: float
    peak_rss_mb: float
    zip_mb: float
    sqlite_mb: float
    output: str


def measure_build() -> BuildFigures:
    """``manage.py build_downloads`` in a child process of its own, into a scratch media
    folder: its wall time and its peak resident memory (the kernel's count for that child)."""
    from website import downloads

    with tempfile.TemporaryDirectory(prefix="ofsted-bench-data-") as media:
        env = {**os.environ, "MEDIA_ROOT": media}
        started = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "build_downloads"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        # Read the output as it comes (a full pipe would stall the child), then reap it with
        # wait4, which gives that child's own resource use.
        output, errors = child.stdout.read(), child.stderr.read()
        _pid, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            raise RuntimeError(f"build_downloads failed ({child.returncode}):\n{errors[-3000:]}")
        folder = Path(media) / downloads.FOLDER
        return BuildFigures(
            seconds=seconds,
            peak_rss_mb=usage.ru_maxrss / 1024,
            zip_mb=(folder / downloads.ZIP_NAME).stat().st_size / 1e6,
            sqlite_mb=(folder / downloads.SQLITE_NAME).stat().st_size / 1e6,
            output=output.strip(),
        )


# -- the report ------------------------------------------------------------------------------


def _ms(value: float) -> str:
    return f"{value:.1f}" if value < 100 else f"{value:,.0f}"


def _mark(ok: bool) -> str:
    return "yes" if ok else "**no**"


def report(
    timings: list[EndpointTiming],
    build: BuildFigures | None,
    *,
    command: str,
    data: str,
    rounds: int,
) -> str:
    """The section for docs/benchmarks.md (markdown, between its markers)."""
    when = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    lines = [
        SECTION_BEGIN,
        "## Open data: the API's lists and the bulk downloads",
        "",
        f"One run of `{command}` on {when}, {data}. Server time as for the pages (the WSGI "
        "application in process, the body read to its end), no page cache. Each list is asked "
        "for many different filter sets drawn from the database's own values (seeded): "
        "authorities, regions, kinds, themes, frameworks, dates, grades, follow-up statuses, "
        "words of real findings, and a quarter of them a page deep in the list (a cursor at a "
        "random record); the grade history for that many different authorities. *First*: "
        "each address's first request, its total not yet kept; *again*: "
        f"{rounds} more requests of each address, with the total kept until the data "
        "changes (`api/pagination.py`), as a client paging through a filter set finds it.",
        "",
        "| list | addresses | first: median / p95 / max ms | again: median / p95 / max ms "
        "| queries |",
        "| --- | --- | --- | --- | --- |",
    ]
    for t in timings:
        queries = (
            f"{t.queries_min}"
            if t.queries_min == t.queries_max
            else f"{t.queries_min}–{t.queries_max}"
        )
        lines.append(
            f"| {t.label} | {t.urls} | {_ms(t.first_median_ms)} / {_ms(t.first_p95_ms)} / "
            f"{_ms(t.first_max_ms)} | {_ms(t.median_ms)} / {_ms(t.p95_ms)} / {_ms(t.max_ms)} "
            f"| {queries} |"
        )
    lines += ["", "| floor | reached | met |", "| --- | --- | --- |"]
    for t in timings:
        lines.append(
            f"| {t.label}: median < {FLOOR_MEDIAN_MS} ms | first {_ms(t.first_median_ms)}, "
            f"again {_ms(t.median_ms)} | {_mark(t.median_ms < FLOOR_MEDIAN_MS)} (first: "
            f"{_mark(t.first_median_ms < FLOOR_MEDIAN_MS)}) |"
        )
    if build is not None:
        lines += [
            f"| Bulk zip and SQLite file: built in under {FLOOR_BUILD_SECONDS} s "
            f"| {build.seconds:.1f} s | {_mark(build.seconds < FLOOR_BUILD_SECONDS)} |",
            f"| Bulk build: peak memory under {FLOOR_BUILD_MB} MB | {build.peak_rss_mb:.0f} MB "
            f"| {_mark(build.peak_rss_mb < FLOOR_BUILD_MB)} |",
            "",
            f"The bulk build: `manage.py build_downloads` in a child process of its own "
            f"(both files, the zip of CSVs and the SQLite file, written at once), timed from "
            f"start to exit; peak memory is that child's peak resident size (`wait4`). Zip "
            f"{build.zip_mb:,.0f} MB, SQLite file {build.sqlite_mb:,.0f} MB.",
        ]
    lines += [
        "",
        "Reproduce (after `make bench` has made the data, or `generate_national --scale 10`):",
        "",
        "```sh",
        "DJANGO_SETTINGS_MODULE=ofsted_kb.settings_bench SECRET_KEY=x \\",
        "  DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench \\",
        "  .venv/bin/python manage.py bench_open_data",
        "```",
        SECTION_END,
    ]
    return "\n".join(lines)


def write_section(path: Path, section: str) -> None:
    """Put ``section`` in place of the last one in ``path``, else at the end of the notes
    written by hand (which ``bench_site`` keeps); nothing else in the file changes."""
    from perf.benchmark_run import NOTES_END, kept_notes

    if not path.exists():
        raise ValueError(f"{path} does not exist: run bench_site first, or give another --output")
    kept_notes(path)  # raises, before anything is written, if there is no notes section
    text = path.read_text(encoding="utf-8")
    begin, end = text.find(SECTION_BEGIN), text.find(SECTION_END)
    if begin >= 0 and end > begin:
        text = text[:begin] + section + text[end + len(SECTION_END) :]
    else:
        at = text.find(NOTES_END)
        text = text[:at].rstrip("\n") + "\n\n" + section + "\n" + text[at:]
    path.write_text(text, encoding="utf-8")


def as_dicts(items) -> list[dict]:
    return [asdict(item) for item in items]

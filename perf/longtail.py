"""The long tail (``bench_site``'s ``longtail`` step): the findings list over many different
filter combinations and search over a few hundred different queries, each address asked for
once with no page cache, as a researcher's new question is.

The filter combinations are drawn by the open data benchmark's drawer (``perf.open_data``) from
the database's own values (authorities, themes, frameworks, words of findings, years), so the
findings page and the API's findings list are measured on the same kind of question; a page
has no cursor but sometimes asks for a later page. The same seed and data give the same
addresses.
"""

from __future__ import annotations

import random
import statistics
from dataclasses import asdict, dataclass

from django.urls import reverse

from .benchmark import call
from .open_data import Values, _Draw, address, distinct, percentile

#: How many different addresses are drawn and timed.
FINDING_LISTS = 200
SEARCHES = 300
#: The share of findings-list addresses asking for a later page, and the pages asked for.
LATER_PAGE = 0.2
LATER_PAGES = (2, 3, 4, 6, 10)
#: How many of the slowest addresses the report names.
SLOWEST = 5


def draw_finding_lists(values: Values, count: int = FINDING_LISTS, seed: int = 1) -> list[str]:
    """``count`` different findings-list addresses: the API's findings filter sets without
    the cursor, some for a later page."""
    rng = random.Random(seed)
    draw = _Draw(rng, values)
    base = reverse("findings:finding-list")

    def make() -> str:
        params = draw.findings()
        params.pop("cursor", None)
        if draw.chance(LATER_PAGE):
            params["page"] = rng.choice(LATER_PAGES)
        return address(base, params)

    return distinct(count, make)


def draw_searches(values: Values, count: int = SEARCHES, seed: int = 1) -> list[str]:
    """``count`` different searches: mostly one word of the findings, some two words, some a
    theme's name."""
    from findings.models import Theme

    rng = random.Random(seed)
    names = list(Theme.objects.order_by("slug").values_list("name", flat=True))
    base = reverse("search")

    def make() -> str:
        roll = rng.random()
        if roll < 0.1 and names:
            query = rng.choice(names).lower()
        elif roll < 0.3:
            query = " ".join(rng.sample(values.words, 2))
        else:
            query = rng.choice(values.words)
        return address(base, {"q": query})

    return distinct(count, make)


@dataclass(frozen=True)
class TailTiming:
    page: str
    label: str
    urls: int
    median_ms: float
    p95_ms: float
    max_ms: float
    queries_max: int
    #: The slowest addresses: (milliseconds, address), slowest first.
    slowest: tuple[tuple[float, str], ...]


def time_once(application, page: str, label: str, urls: list[str]) -> TailTiming:
    """Each address asked for once; every answer must be a 200."""
    timed, queries = [], []
    for url in urls:
        seconds, status, count, _size = call(application, url)
        if status != 200:
            raise RuntimeError(f"{url} answered {status}, not 200")
        timed.append((seconds * 1000, url))
        queries.append(count)
    times = [ms for ms, _ in timed]
    return TailTiming(
        page=page,
        label=label,
        urls=len(urls),
        median_ms=statistics.median(times),
        p95_ms=percentile(times, 95),
        max_ms=max(times),
        queries_max=max(queries),
        slowest=tuple(sorted(timed, reverse=True)[:SLOWEST]),
    )


def step_longtail(seed: int, finding_lists: int = FINDING_LISTS, searches: int = SEARCHES):
    """The long tail's figures, in this process (run with no page cache)."""
    from django.core.wsgi import get_wsgi_application

    from .open_data import real_values, warm_up

    application = get_wsgi_application()
    values = real_values()
    lists = draw_finding_lists(values, finding_lists, seed)
    queries = draw_searches(values, searches, seed)
    # What a running server has done before: the aggregates made, each view's code loaded
    # (by an address not among the measured).
    warm_up(application)
    call(application, reverse("findings:finding-list") + "?q=warm-up")
    call(application, reverse("search") + "?q=warm-up")
    return {
        "timings": [
            asdict(time_once(application, "findings", "Findings list", lists)),
            asdict(time_once(application, "search", "Search", queries)),
        ]
    }

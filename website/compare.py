"""Two to six authorities side by side: which ones a request names, and the figures the compare
page shows of them (latest grades, grades over time, recommendations by theme and status).

Every figure comes from the rules the authorities' own pages and the findings list follow, so
a grade here is the grade on the authority's page and a count is the count the findings list
gives for the same filter (each count links to that list).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse
from django.utils.text import slugify

from authorities.forms import AuthorityChoiceField
from authorities.models import Authority
from findings.filters import ASKED_TO_IMPROVE, FOLLOW_UP_CHOICES, FindingFilter, finding_queryset
from inspections.queries import SUMMARY_AREAS, SummaryCell, summarise
from ofsted_kb.widgets import QuickSelect

from .charts import LINES

MIN_AUTHORITIES = 2
MAX_AUTHORITIES = 6
#: Names looked up from one request at most: enough to show an over-long choice to untick,
#: few enough that a crafted URL cannot make one query of thousands of parameters.
MOST_LOOKED_UP = 30
#: The chart's row choices: a slug for each thing judged (``charts.LINES``), the first the
#: default.
CHART_LINES = {slugify(label): label for label, _ in LINES}
DEFAULT_LINE = next(iter(CHART_LINES))
#: The findings list's filter for "everything Ofsted asked to improve", which the counts use.
ASKED = {"kind": [ASKED_TO_IMPROVE]}


@dataclass(frozen=True)
class Selection:
    """The authorities a request asks to compare, in the order asked, and what is wrong."""

    authorities: list[Authority]
    unknown: list[str] = field(default_factory=list)

    @property
    def too_few(self) -> bool:
        return len(self.authorities) < MIN_AUTHORITIES

    @property
    def too_many(self) -> bool:
        return len(self.authorities) > MAX_AUTHORITIES

    @property
    def is_comparable(self) -> bool:
        return not (self.too_few or self.too_many)

    @property
    def excess(self) -> int:
        """How many authorities a comparison must leave out."""
        return max(len(self.authorities) - MAX_AUTHORITIES, 0)

    @property
    def missing(self) -> int:
        """How many more authorities a comparison needs."""
        return max(MIN_AUTHORITIES - len(self.authorities), 0)


def choose(slugs: list[str]) -> Selection:
    """The authorities named by ``slugs`` (as the ``a`` parameters give them): blanks and
    repeats dropped, the first ``MOST_LOOKED_UP`` looked up, names that match no authority
    kept to say so."""
    asked = list(dict.fromkeys(s.strip() for s in slugs if s.strip()))[:MOST_LOOKED_UP]
    slug_length = Authority._meta.get_field("slug").max_length
    possible = [slug for slug in asked if len(slug) <= slug_length]
    found = {a.slug: a for a in Authority.objects.public().filter(slug__in=possible)}
    return Selection(
        authorities=[found[slug] for slug in asked if slug in found],
        unknown=[slug for slug in asked if slug not in found],
    )


def compare_url(authorities) -> str:
    """The compare page for these authorities, in this order."""
    query = urlencode([("a", authority.slug) for authority in authorities])
    return f"{reverse('compare')}?{query}"


def authority_select(number: int) -> str:
    """A ``<select name="a">`` of every authority, none chosen, with the id ``add-N``."""
    choice = AuthorityChoiceField(
        queryset=Authority.objects.public()
        .only("name", "slug", "status", "abolished_on")
        .order_by("name", "status"),
        to_field_name="slug",
        required=False,
        empty_label="Choose an authority",
        widget=QuickSelect,
    )
    return choice.widget.render("a", None, attrs={"id": f"add-{number}"})


def summary_rows(authorities, preferred) -> list[tuple[str, list[SummaryCell]]]:
    """The latest grade in each ``SUMMARY_AREAS`` column, a row per column, a cell per
    authority: the summary each authority's own page shows, turned on its side.
    ``preferred`` is ``inspections.queries.preferred_judgements_by_authority``."""
    columns = []
    for authority in authorities:
        latest = {}
        for judgement in preferred.get(authority.pk, []):  # newest first
            latest.setdefault(judgement.area, judgement)
        columns.append(summarise(latest))
    return [
        (heading, [cells[index] for cells in columns])
        for index, (heading, _) in enumerate(SUMMARY_AREAS)
    ]


@dataclass(frozen=True)
class CountCell:
    """A number of one authority's findings and the findings list that shows them."""

    authority: Authority
    count: int
    url: str


@dataclass(frozen=True)
class CountRow:
    label: str
    cells: list[CountCell]


@dataclass(frozen=True)
class RecommendationCounts:
    """Everything Ofsted asked each authority to improve: in all, by theme, by follow-up
    status now. A finding may have several themes or none; the statuses add up to the total."""

    total: CountRow
    themes: list[CountRow]
    statuses: list[CountRow]


def recommendation_counts(authorities) -> RecommendationCounts:
    """Two queries, whatever the number of authorities and findings: the counts grouped by
    authority and theme, and by authority and current follow-up status."""
    asked = FindingFilter(ASKED, queryset=finding_queryset())
    if not asked.is_valid():  # an invalid filter would silently count every kind
        raise ValueError(f"the findings list refuses {ASKED}: {asked.errors}")
    findings = (
        asked.qs.filter(inspection__authority__in=[a.pk for a in authorities])
        .prefetch_related(None)
        .order_by()
    )
    by_theme: dict[str, dict[int, int]] = defaultdict(dict)
    theme_names = {}
    rows = findings.values_list("inspection__authority_id", "themes__slug", "themes__name")
    for authority, slug, name, count in rows.annotate(n=Count("pk")):
        if slug is not None:
            by_theme[slug][authority] = count
            theme_names[slug] = name
    # The current status is FindingQuerySet.with_follow_up_status's, which finding_queryset
    # annotates; none for a recommendation no later document speaks of.
    by_status: dict[str, dict[int, int]] = defaultdict(dict)
    rows = findings.values_list("inspection__authority_id", "follow_up_status")
    for authority, status, count in rows.annotate(n=Count("pk")):
        by_status[status or "none"][authority] = count

    def row(label: str, counts: dict[int, int], **narrowed) -> CountRow:
        return CountRow(
            label,
            [CountCell(a, counts.get(a.pk, 0), _findings_url(a, **narrowed)) for a in authorities],
        )

    totals = {a.pk: sum(counts.get(a.pk, 0) for counts in by_status.values()) for a in authorities}
    return RecommendationCounts(
        total=row("All", totals),
        themes=[
            row(theme_names[slug], by_theme[slug], theme=slug)
            for slug in sorted(by_theme, key=lambda s: theme_names[s].lower())
        ],
        statuses=[
            row(label, by_status.get(status, {}), follow_up=status)
            for status, label in FOLLOW_UP_CHOICES
        ],
    )


def _findings_url(authority: Authority, **narrowed) -> str:
    query = urlencode({"authority": authority.slug, **ASKED, **narrowed}, doseq=True)
    return f"{reverse('findings:finding-list')}?{query}"

"""The findings list's filters answered from memory: every public finding in the list's order,
one compact column per thing the list filters on, kept in each process until the data changes.

A new combination of filters on the list used to cost the database a count and a sort of
every matching row, with joins to documents, inspections and authorities and a subquery for
each finding's follow-up status: about 90 ms for a typical filter set at ten times the
national size on PostgreSQL, and seconds for some. Here a filter is a comparison over a
column (``numpy``), the counts by kind are one ``bincount``, and a page is the ids at its
positions; only the page's 50 rows are read from the database, whole, as before.

It answers exactly what ``FindingFilter`` would: the same rule for each filter (the tests
compare the two over many drawn combinations on both databases). Filters it does not know
(added later, or an invalid form) are left to the database: ``select`` returns ``None``.
The words filter ("text contains") asks the database which findings hold the words, as its
own query, and the index does the rest.
"""

from __future__ import annotations

import json
import threading
from array import array
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
from django.db import connection
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

from authorities.models import Region
from inspections.codes import FOLLOWED_UP_KINDS, OVERALL_GRADES, FindingKind, Framework
from inspections.national import inspections_by_overall_grade
from ofsted_kb.cache import cached

from .filters import LIST_ORDER, kinds_chosen
from .models import Finding, FollowUp, current_link_order

KINDS = tuple(FindingKind.values)
REGIONS = ("", *Region.values)
FRAMEWORKS = ("", *Framework.values)
STATUSES = ("", *FollowUp.Status.values)
ORIGINS = ("", *FollowUp.Origin.values)

#: The filters the index answers; any other filter with a value goes to the database.
FILTERS = frozenset(
    {
        "q",
        "authority",
        "region",
        "kind",
        "theme",
        "framework",
        "grade",
        "follow_up",
        "follow_up_by",
        "date_from",
        "date_to",
    }
)
#: "No follow-up yet" (``filters.FOLLOW_UP_CHOICES``).
NO_FOLLOW_UP = "none"


def _code(values: tuple[str, ...], value) -> int:
    return values.index(value) if value in values else 0


@dataclass(frozen=True)
class Selection:
    """The findings a filter set matches, in the list's order, and how many of each kind."""

    ids: np.ndarray
    kind_counts: list[tuple[str, str, int]]


class FindingIndex:
    """Columns over the public findings, position ``i`` of each being the list's ``i``-th."""

    def __init__(self):
        dated = (
            Finding.objects.public()
            .annotate(
                event_date=Coalesce(
                    "inspection__start_date",
                    "inspection__published_on",
                    "document__document_date",
                )
            )
            .order_by(*LIST_ORDER)
            .values_list(
                "pk",
                "kind",
                "inspection_id",
                "inspection__authority_id",
                "inspection__authority__region",
                "inspection__framework",
                "event_date",
            )
        )
        # Filled a row at a time into compact arrays: holding the rows as tuples first took
        # 180 MB at ten times the national size, seven times the columns themselves.
        ids, kind, inspection, authority = (array("q"), array("B"), array("l"), array("l"))
        region, framework, date = array("B"), array("B"), array("l")
        kinds = {value: code for code, value in enumerate(KINDS)}
        regions = {value: code for code, value in enumerate(REGIONS)}
        frameworks = {value: code for code, value in enumerate(FRAMEWORKS)}
        for pk, kind_, inspection_, authority_, region_, framework_, when in dated.iterator(
            chunk_size=10000
        ):
            ids.append(pk)
            kind.append(kinds.get(kind_, 255))
            inspection.append(inspection_ or -1)
            authority.append(authority_ or -1)
            region.append(regions.get(region_, 0))
            framework.append(frameworks.get(framework_, 0))
            date.append(when.toordinal() if when else 0)
        self.ids = np.array(ids, dtype=np.int64)
        self.kind = np.array(kind, dtype=np.uint8)
        self.inspection = np.array(inspection, dtype=np.int32)
        self.authority = np.array(authority, dtype=np.int32)
        self.region = np.array(region, dtype=np.uint8)
        self.framework = np.array(framework, dtype=np.uint8)
        self.date = np.array(date, dtype=np.int32)
        del ids, kind, inspection, authority, region, framework, date
        # Where each id sits in the list: the ids sorted, and their positions in that order.
        self._by_id = np.argsort(self.ids, kind="stable").astype(np.int32)
        self._sorted_ids = self.ids[self._by_id]
        self.status, self.origin = self._current_links()
        self.themes = self._themes()
        #: Words looked for among all findings (or all of some kinds): (words, kinds) ->
        #: positions, the most recent ``KEPT_SEARCHES``, so the next page of a list filtered
        #: by common words does not scan every finding's text again.
        self._searched: OrderedDict[tuple, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def positions(self, ids) -> np.ndarray:
        """The list positions of those of ``ids`` that are public findings."""
        ids = np.asarray(ids, dtype=np.int64)
        at = np.searchsorted(self._sorted_ids, ids)
        at = np.clip(at, 0, max(len(self._sorted_ids) - 1, 0))
        found = self._sorted_ids[at] == ids if len(self._sorted_ids) else np.zeros(0, bool)
        return self._by_id[at[found]]

    def _current_links(self) -> tuple[np.ndarray, np.ndarray]:
        """Each finding's current public follow-up link's status and origin (0: none), by
        ``current_link_order``, the rule ``with_follow_up_status`` follows."""
        status = np.zeros(len(self.ids), np.uint8)
        origin = np.zeros(len(self.ids), np.uint8)
        links = (
            FollowUp.objects.public()
            .order_by("recommendation_id", *current_link_order())
            .values_list("recommendation_id", "status", "origin")
        )
        recommendations, statuses, origins = [], [], []
        previous = None
        for recommendation, link_status, link_origin in links.iterator(chunk_size=10000):
            if recommendation == previous:
                continue
            previous = recommendation
            recommendations.append(recommendation)
            statuses.append(_code(STATUSES, link_status))
            origins.append(_code(ORIGINS, link_origin))
        if recommendations:
            at = self.positions(recommendations)
            # positions() drops ids that are not public findings; keep the pairs aligned.
            public = np.isin(np.asarray(recommendations, np.int64), self.ids[at])
            status[at] = np.asarray(statuses, np.uint8)[public]
            origin[at] = np.asarray(origins, np.uint8)[public]
        return status, origin

    def _themes(self) -> dict[int, np.ndarray]:
        """Each theme's findings, as list positions."""
        through = Finding.themes.through.objects.order_by("theme_id").values_list(
            "theme_id", "finding_id"
        )
        theme_ids, finding_ids = array("l"), array("q")
        for theme, finding in through.iterator(chunk_size=20000):
            theme_ids.append(theme)
            finding_ids.append(finding)
        by_theme = np.array(theme_ids, dtype=np.int64)
        findings = np.array(finding_ids, dtype=np.int64)
        themes = {}
        for theme in np.unique(by_theme):
            themes[int(theme)] = self.positions(findings[by_theme == theme]).astype(np.int32)
        return themes

    def select(self, values: dict) -> Selection | None:
        """The findings matching a valid ``FindingFilter`` form's cleaned values, or ``None``
        if a filter is one the index does not answer."""
        chosen = {name: value for name, value in values.items() if value not in (None, "", [], ())}
        if set(chosen) - FILTERS:
            return None
        mask = np.ones(len(self.ids), dtype=bool)
        if "authority" in chosen:
            mask &= self.authority == chosen["authority"].pk
        if "region" in chosen:
            mask &= self.region == _code(REGIONS, chosen["region"])
        if "kind" in chosen:
            codes = [KINDS.index(kind) for kind in kinds_chosen(chosen["kind"]) if kind in KINDS]
            mask &= np.isin(self.kind, codes)
        if "theme" in chosen:
            tagged = np.zeros(len(self.ids), dtype=bool)
            tagged[self.themes.get(chosen["theme"].pk, NOWHERE)] = True
            mask &= tagged
        if "framework" in chosen:
            mask &= self.framework == _code(FRAMEWORKS, chosen["framework"])
        if "grade" in chosen:
            by_grade = inspections_by_overall_grade()
            inspections = [
                pk for grade in OVERALL_GRADES[chosen["grade"]] for pk in by_grade.get(grade, [])
            ]
            mask &= np.isin(self.inspection, np.asarray(inspections, np.int64))
        if "follow_up" in chosen:
            mask &= self._follow_up(chosen["follow_up"])
        if "follow_up_by" in chosen:
            mask &= self.origin == _code(ORIGINS, chosen["follow_up_by"])
        if "date_from" in chosen:
            mask &= (self.date != 0) & (self.date >= chosen["date_from"].toordinal())
        if "date_to" in chosen:
            mask &= (self.date != 0) & (self.date <= chosen["date_to"].toordinal())
        if "q" in chosen and mask.any():
            kinds = kinds_chosen(chosen.get("kind"))
            mask &= self._containing(chosen["q"].strip(), mask, kinds)
        counts = np.bincount(self.kind[mask], minlength=len(KINDS))
        return Selection(
            ids=self.ids[mask],
            kind_counts=[
                (code, label, int(counts[KINDS.index(code)]))
                for code, label in FindingKind.choices
                if counts[KINDS.index(code)]
            ],
        )

    def _follow_up(self, value: str) -> np.ndarray:
        if value == NO_FOLLOW_UP:
            followed = [KINDS.index(kind) for kind in FOLLOWED_UP_KINDS]
            return np.isin(self.kind, followed) & (self.status == 0)
        return self.status == _code(STATUSES, value)

    def _containing(self, words: str, within: np.ndarray, kinds: set[str]) -> np.ndarray:
        """Which findings' text contains ``words`` (``FindingFilter.filter_text``'s rule),
        asked of the database: among the findings the other filters leave when they are
        few enough to read by id, else among those of the kinds chosen (a column of the
        findings' own table, which the database scans with the text) or among all (by the
        text's trigram index on PostgreSQL)."""
        found = Finding.objects.filter(text__icontains=words).order_by()
        candidates = np.flatnonzero(within)
        matched = np.zeros(len(self.ids), dtype=bool)
        if len(candidates) <= FEW:
            found = found.filter(pk__in=_ids_in(self.ids[candidates].tolist()))
            matched[self.positions(list(found.values_list("pk", flat=True)))] = True
            return matched
        key = (words, tuple(sorted(kinds)))
        with self._lock:  # a process may serve several requests at once (threads)
            positions = self._searched.get(key)
            if positions is not None:
                self._searched.move_to_end(key)
        if positions is None:
            if kinds:
                found = found.filter(kind__in=sorted(kinds))
            positions = self.positions(list(found.values_list("pk", flat=True)))
            with self._lock:
                self._searched[key] = positions
                while len(self._searched) > KEPT_SEARCHES:
                    self._searched.popitem(last=False)
        matched[positions] = True
        return matched


def _ids_in(ids: list[int]) -> RawSQL:
    """A subquery of these ids, one parameter however many they are (``pk__in`` with a list
    writes a placeholder for each)."""
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", [ids])
    return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(ids)])


#: How many searches among all findings each process keeps, until the data changes.
KEPT_SEARCHES = 32
#: No positions.
NOWHERE = np.zeros(0, dtype=np.int64)
#: Up to this many findings left by the other filters, the words are looked for among them
#: only, read by id. At ten times the national size on PostgreSQL, reading by id costs about
#: 5 microseconds a finding; a scan of every finding's text, 130 to 800 ms depending on the
#: words, and of one kind's (a sequential read), about 50 ms.
FEW = 20_000


def finding_index() -> FindingIndex:
    """This process's index, made again after the data changes."""
    return cached("findings:list-index", FindingIndex)

"""What the pages show of follow-ups: a recommendation's trail and an authority's open list.

The current status of a recommendation is defined once, by ``findings.models.current_link_order``;
``current_link`` picks the same link in Python from links already loaded (tests check they
agree).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from inspections.codes import FOLLOWED_UP_KINDS
from inspections.models import unloaded_review_fields
from inspections.queries import event_date
from ofsted_kb.prepared import Prepared

from .models import Finding, FollowUp, current_link_key

#: The order an authority's open recommendations are listed in: the most worrying first.
OPEN_STATUS_ORDER = (
    FollowUp.Status.RECURRING,
    FollowUp.Status.NO_PROGRESS,
    FollowUp.Status.NOTED,
    FollowUp.Status.PROGRESS,
    None,  # no later document speaks of it yet
)


def current_link(links) -> FollowUp | None:
    """The link that gives a recommendation its current status, among public ``links``
    (``current_link_order``'s rule, over links already loaded)."""
    links = [link for link in links if link.origin != FollowUp.Origin.REJECTED]
    return min(links, key=current_link_key) if links else None


@dataclass(frozen=True)
class OpenFinding:
    finding: Finding
    follow_up: FollowUp | None

    @property
    def status(self) -> str | None:
        return self.follow_up.status if self.follow_up else None


@dataclass(frozen=True)
class StatusGroup:
    status: str | None
    items: list[OpenFinding]

    @property
    def label(self) -> str:
        if self.status is None:
            return "No later document speaks of it yet"
        return FollowUp.Status(self.status).label


def anchor_date(events, anchor_frameworks) -> datetime.date | None:
    """Where an authority's open recommendations start: the date of the latest inspection of
    ``anchor_frameworks`` that made any, else of the latest event that made any. ``events``
    are the (framework, event date) of the inspections that hold recommendations."""
    dated = [(framework, when) for framework, when in events if when is not None]
    anchored = [when for framework, when in dated if framework in anchor_frameworks]
    return max(anchored or [when for _, when in dated], default=None)


def open_recommendations(inspection_ids) -> list[OpenFinding]:
    """The public followed-up findings of the inspections ``inspection_ids`` (those since the
    anchor), with the link behind each one's current status, in time order; those resolved
    drop out. Two queries, compiled once a process: the findings, then their public links."""
    chosen = _OPEN_FINDINGS.fetch_any(inspection_ids)
    links: dict[int, list[FollowUp]] = {finding.pk: [] for finding in chosen}
    for link in _OPEN_LINKS.fetch_any(inspection_ids):
        if link.recommendation_id in links:
            links[link.recommendation_id].append(link)
    entries = []
    for finding in chosen:
        finding.visible = links[finding.pk]
        entries.append(OpenFinding(finding, current_link(finding.visible)))
    return [e for e in entries if e.status != FollowUp.Status.RESOLVED]


_OPEN_FINDINGS = Prepared(
    Finding,
    lambda *inspection_ids: (
        Finding.objects.public()
        .followed_up_kinds()
        .filter(inspection__in=inspection_ids)
        .annotate(event_date=event_date("inspection__"))
        .select_related("inspection", "document")
        .defer("edited_fields", "inspection__edited_fields", *unloaded_review_fields("document__"))
        .order_by("event_date", "inspection", "document", "order")
    ),
)
# The links of every followed-up finding of those inspections; those of findings the public
# does not see are left out in Python.
_OPEN_LINKS = Prepared(
    FollowUp,
    lambda *inspection_ids: (
        FollowUp.objects.public()
        .filter(
            recommendation__inspection__in=inspection_ids,
            recommendation__kind__in=FOLLOWED_UP_KINDS,
        )
        .select_related("evidence_document")
        .defer("reasons", *unloaded_review_fields("evidence_document__"))
    ),
)


def by_status(entries: list[OpenFinding]) -> list[StatusGroup]:
    """Open recommendations grouped by current status, in ``OPEN_STATUS_ORDER``."""
    groups = []
    for status in OPEN_STATUS_ORDER:
        items = [e for e in entries if e.status == status]
        if items:
            groups.append(StatusGroup(status, items))
    return groups


def recommendation_trail(finding: Finding) -> list[FollowUp]:
    """The public links of one recommendation, in time order."""
    return list(finding.follow_ups.public().trail())


def earlier_recommendations(finding: Finding) -> list[FollowUp]:
    """The public links that cite ``finding`` as later evidence, oldest recommendation first."""
    return list(
        FollowUp.objects.public()
        .filter(evidence=finding)
        .select_related("recommendation__document", "recommendation__inspection")
        .order_by("recommendation__document__document_date", "recommendation__order")
    )

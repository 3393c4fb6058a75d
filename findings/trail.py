"""What the pages show of follow-ups: a recommendation's trail and an authority's open list.

The current status of a recommendation is defined once, by ``findings.models.current_link_order``;
``current_link`` picks the same link in Python from links already loaded (tests check they
agree).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, prefetch_related_objects

from inspections.models import unloaded_review_fields
from inspections.queries import event_date

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


def open_recommendations(findings) -> list[OpenFinding]:
    """``findings`` (public followed-up findings since the anchor, already narrowed by the
    caller) with the link behind each one's current status, in time order; those resolved
    drop out. Two queries: the findings, then their public links."""
    chosen = list(
        findings.annotate(event_date=event_date("inspection__"))
        .select_related("inspection", "document")
        .defer("edited_fields", "inspection__edited_fields", *unloaded_review_fields("document__"))
        .order_by("event_date", "inspection", "document", "order")
    )
    prefetch_related_objects(
        chosen,
        Prefetch(
            "follow_ups",
            FollowUp.objects.public()
            .select_related("evidence_document")
            .defer("reasons", *unloaded_review_fields("evidence_document__")),
            to_attr="visible",
        ),
    )
    entries = [OpenFinding(f, current_link(f.visible)) for f in chosen]
    return [e for e in entries if e.status != FollowUp.Status.RESOLVED]


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

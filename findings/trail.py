"""What the pages show of follow-ups: a recommendation's trail and an authority's open list.

The current status of a recommendation is defined once, by ``findings.models.current_link_order``;
``current_link`` picks the same link in Python from links already loaded (tests check they
agree).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, prefetch_related_objects

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


def open_recommendations(findings, anchor_frameworks) -> list[OpenFinding]:
    """Recommendations and areas for improvement among ``findings`` (one authority's public
    followed-up findings) since the last inspection of ``anchor_frameworks`` that made any,
    with the link behind each one's current status; those resolved drop out.

    Two queries: the findings (a few dozen for one authority), then the links of those
    since the anchor, which is found among them in Python."""
    every = list(
        findings.annotate(event_date=event_date("inspection__"))
        .select_related("inspection", "document")
        .order_by("event_date", "inspection", "document", "order")
    )
    anchor = _latest_date(f for f in every if f.inspection.framework in anchor_frameworks)
    if anchor is None:
        anchor = _latest_date(every)
    if anchor is None:
        return []
    chosen = [f for f in every if f.event_date is not None and f.event_date >= anchor]
    prefetch_related_objects(
        chosen,
        Prefetch(
            "follow_ups",
            FollowUp.objects.public().select_related("evidence_document"),
            to_attr="visible",
        ),
    )
    entries = [OpenFinding(f, current_link(f.visible)) for f in chosen]
    return [e for e in entries if e.status != FollowUp.Status.RESOLVED]


def _latest_date(findings):
    return max((f.event_date for f in findings if f.event_date is not None), default=None)


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

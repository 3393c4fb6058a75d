"""Measuring suggested follow-ups against the labelled set in ``findings/labels/``.

The labels name a recommendation and a later passage by document sha256, page and a key of
the first few words (so they survive re-parsing, which renumbers findings); this module finds
today's links for them and counts how many are right. ``docs/followups.md`` describes the set.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path

from inspections.codes import FOLLOWED_UP_KINDS

from . import followups
from .models import Finding, FollowUp

LABELS = Path(__file__).resolve().parent / "labels"
PAIRS = LABELS / "followups.csv"
RECALL = LABELS / "followups_recall.csv"
#: The part an authority's labels belong to: a fixed hash of its slug, one in three measured only.
MEASURED_ONLY_EVERY = 3
KEY_WORDS = 6
#: The score bands the figures are broken down by (the score is the ranker's probability).
BANDS = (
    (0.8, "0.8 or more"),
    (0.6, "0.6-0.8"),
    (0.45, "0.45-0.6"),
    (0.3, "0.3-0.45"),
    (0.0, "under 0.3"),
)

_NON_WORD = re.compile(r"[^a-z0-9]+")
_LEADING_NUMBER = re.compile(r"^(?:(?:\d+|[ivx]+|[a-h])\s+)+")


def part_of(slug: str) -> str:
    """``measure`` for an authority whose labels are only measured on, else ``tune``."""
    digest = int(hashlib.sha256(slug.encode()).hexdigest(), 16)
    return "measure" if digest % MEASURED_ONLY_EVERY == 0 else "tune"


def normalise(text: str) -> str:
    return _NON_WORD.sub(" ", text.lower().replace("\u2019", "'").replace("'", "")).strip()


def key_of(text: str, words: int = KEY_WORDS) -> str:
    """The first few words of a text, lower-cased, without a leading number: a label's key."""
    return " ".join(_LEADING_NUMBER.sub("", normalise(text)).split()[:words])


@dataclass(frozen=True)
class Passage:
    sha256: str
    page: int | None
    key: str

    def matches(self, sha256: str, page: int | None, text: str) -> bool:
        return sha256 == self.sha256 and page == self.page and self.key in normalise(text)


@dataclass
class Label:
    authority: str
    part: str
    recommendation: Passage
    later: Passage
    link: str  # right, partly or wrong
    status: str  # the status a careful reader gives, where the link is right or partly
    found_by: str  # "suggested" or "reading"


def read_labels(path: Path = PAIRS) -> list[Label]:
    with path.open(newline="", encoding="utf-8") as handle:
        return [
            Label(
                authority=row["authority"],
                part=row["part"],
                recommendation=Passage(row["rec_sha256"], _page(row["rec_page"]), row["rec_key"]),
                later=Passage(row["later_sha256"], _page(row["later_page"]), row["later_key"]),
                link=row["link"],
                status=row["status"],
                found_by=row["found_by"],
            )
            for row in csv.DictReader(handle)
        ]


#: A second careful reading of the status of every pair judged *right* (the link as judged),
#: made blind to the first reading's status and to the method's (``docs/followups.md``).
SECOND_STATUS = LABELS / "followups_status_second.csv"
#: The columns that name a pair, in ``PAIRS`` and ``SECOND_STATUS`` alike.
PAIR_KEY = (
    "authority",
    "rec_sha256",
    "rec_page",
    "rec_key",
    "later_sha256",
    "later_page",
    "later_key",
)


def _pair_key(label: Label) -> tuple:
    return (
        label.authority,
        label.recommendation.sha256,
        label.recommendation.page,
        label.recommendation.key,
        label.later.sha256,
        label.later.page,
        label.later.key,
    )


def read_second_status(path: Path = SECOND_STATUS) -> dict[tuple, str]:
    """The second reading's status of each pair it read, by the pair's key."""
    with path.open(newline="", encoding="utf-8") as handle:
        return {
            tuple(_page(row[c]) if c.endswith("_page") else row[c] for c in PAIR_KEY): row[
                "status"
            ]
            for row in csv.DictReader(handle)
        }


def with_second_status(labels: list[Label], second: dict[tuple, str]) -> list[Label]:
    """The labels with the second reading's status where it read the pair."""
    return [replace(label, status=second.get(_pair_key(label), label.status)) for label in labels]


def reading_agreement(labels: list[Label], second: dict[tuple, str]) -> dict[str, Counter]:
    """Per part (and ``all``): how many pairs both readings gave a status, and on how many
    they agree (``same``) or differ (``first -> second``)."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for label in labels:
        other = second.get(_pair_key(label))
        if other is None or not label.status:
            continue
        verdict = "same" if other == label.status else f"{label.status} -> {other}"
        for part in (label.part, "all"):
            counts[part][verdict] += 1
    return dict(counts)


def read_recall(path: Path = RECALL) -> dict[Passage, set[str]]:
    """The recommendations read exhaustively: for each, the later documents read whole."""
    if not path.exists():
        return {}
    with path.open(newline="", encoding="utf-8") as handle:
        return {
            Passage(row["rec_sha256"], _page(row["rec_page"]), row["rec_key"]): set(
                row["later_sha256s"].split()
            )
            for row in csv.DictReader(handle)
        }


def _page(value: str) -> int | None:
    return int(value) if value else None


def find_recommendation(passage: Passage) -> Finding | None:
    candidates = Finding.objects.filter(
        document__sha256=passage.sha256, page=passage.page, kind__in=FOLLOWED_UP_KINDS
    ).order_by("order")
    return next((f for f in candidates if key_of(f.text).startswith(passage.key)), None)


def band(score: float) -> str:
    return next(name for floor, name in BANDS if score >= floor)


@dataclass
class Figures:
    """Counts for one part of the set."""

    recommendations: int = 0
    not_found: int = 0
    without_link: int = 0
    top: Counter = field(default_factory=Counter)  # right / partly / wrong / unjudged
    top_status: Counter = field(default_factory=Counter)  # right / wrong, where top is right
    per_document: Counter = field(default_factory=Counter)
    per_document_status: Counter = field(default_factory=Counter)
    bands: dict = field(default_factory=lambda: defaultdict(Counter))
    status_errors: Counter = field(default_factory=Counter)  # (suggested, labelled)
    recall_found: int = 0
    recall_suggested: int = 0
    recall_recommendations: int = 0
    # The same for the public trail: only the links ``FollowUpQuerySet.public`` shows.
    with_shown_link: int = 0
    top_shown: Counter = field(default_factory=Counter)
    top_shown_status: Counter = field(default_factory=Counter)
    recall_shown: int = 0


def measure(labels: list[Label], recall: dict[Passage, set[str]]) -> dict[str, Figures]:
    """Today's links judged by the labels, per part (and ``all``)."""
    by_recommendation = defaultdict(list)
    for label in labels:
        by_recommendation[label.recommendation].append(label)
    figures = defaultdict(Figures)
    for passage, its_labels in by_recommendation.items():
        parts = (its_labels[0].part, "all")
        finding = find_recommendation(passage)
        for part in parts:
            figures[part].recommendations += 1
        if finding is None:
            for part in parts:
                figures[part].not_found += 1
            continue
        links = list(
            finding.follow_ups.exclude(origin=FollowUp.Origin.REJECTED)
            .select_related("evidence_document")
            .order_by("-score", "pk")
        )
        for part in parts:
            _count(figures[part], links, its_labels, recall.get(passage))
    return dict(figures)


def _judged(link: FollowUp, labels: list[Label]) -> Label | None:
    return next(
        (
            label
            for label in labels
            if label.later.matches(link.evidence_document.sha256, link.evidence_page, link.passage)
        ),
        None,
    )


def is_shown(link: FollowUp) -> bool:
    """Whether the public trail shows the link (as ``FollowUpQuerySet.public`` decides)."""
    return (
        link.origin == FollowUp.Origin.CONFIRMED
        or link.score is None
        or link.score >= followups.SHOWN_SCORE
    )


def _count_top(top: Counter, status: Counter, link, labels) -> None:
    label = _judged(link, labels)
    top[label.link if label else "unjudged"] += 1
    if label and label.link == "right":
        status["right" if link.status == label.status else "wrong"] += 1


def _count(figures: Figures, links, labels, read_documents) -> None:
    shown = [link for link in links if is_shown(link)]
    if not links:
        figures.without_link += 1
    else:
        _count_top(figures.top, figures.top_status, links[0], labels)
    if shown:
        figures.with_shown_link += 1
        _count_top(figures.top_shown, figures.top_shown_status, shown[0], labels)
    tops = {}
    for link in links:
        tops.setdefault(link.evidence_document_id, link)
    for link in tops.values():
        label = _judged(link, labels)
        judged = label.link if label else "unjudged"
        figures.per_document[judged] += 1
        figures.bands[band(link.score or 0)][judged] += 1
        if label and label.link == "right":
            right = link.status == label.status
            figures.per_document_status["right" if right else "wrong"] += 1
            if not right:
                figures.status_errors[(link.status, label.status)] += 1
    if read_documents is not None:
        figures.recall_recommendations += 1
        for label in labels:
            if label.link in ("right", "partly") and label.later.sha256 in read_documents:
                figures.recall_found += 1
                matches = [
                    link
                    for link in links
                    if label.later.matches(
                        link.evidence_document.sha256, link.evidence_page, link.passage
                    )
                ]
                figures.recall_suggested += bool(matches)
                figures.recall_shown += any(is_shown(link) for link in matches)


def status_on_pairs(labels: list[Label]) -> dict[str, Counter]:
    """The status rules read on every labelled pair with a status, suggested or not: per part
    (and ``all``), how many pairs judged *right* and *partly* get the reader's status
    (``right right``, ``right wrong``, ``partly right``, ``partly wrong``). More pairs than the
    suggested links alone, so a change of rule shows in more cases."""
    from authorities.models import Authority

    from .services import gather

    by_authority: dict[str, list[Label]] = defaultdict(list)
    for label in labels:
        if label.status and label.link in ("right", "partly"):
            by_authority[label.authority].append(label)
    counts: dict[str, Counter] = defaultdict(Counter)
    for slug, its_labels in sorted(by_authority.items()):
        authority = Authority.objects.filter(slug=slug).first()
        if authority is None:
            continue
        inputs = gather(authority)
        sha256 = {pk: document.sha256 for pk, document in inputs.documents.items()}
        passages = followups._dedupe(inputs.passages)
        vectoriser = followups.Vectoriser(
            [i.text for i in inputs.items] + [p.text for p in passages]
        )
        items = {item.id: item for item in inputs.items}
        for label in its_labels:
            finding = find_recommendation(label.recommendation)
            item = items.get(finding.pk) if finding else None
            passage = next(
                (
                    p
                    for p in passages
                    if label.later.matches(sha256[p.document_id], p.page, p.text)
                ),
                None,
            )
            if item is None or passage is None:
                continue
            status = followups.assess(vectoriser.vector(item.text), passage).status
            verdict = f"{label.link} {'right' if status == label.status else 'wrong'}"
            for part in (label.part, "all"):
                counts[part][verdict] += 1
    return dict(counts)


#: The columns of a labelled pair, as in ``PAIRS``.
COLUMNS = (
    "authority",
    "part",
    "rec_sha256",
    "rec_page",
    "rec_kind",
    "rec_key",
    "later_sha256",
    "later_page",
    "later_key",
    "link",
    "status",
    "found_by",
)
#: What a staff decision says of a link, as a labelled pair's judgement.
STAFF_LINK = {FollowUp.Origin.CONFIRMED: "right", FollowUp.Origin.REJECTED: "wrong"}


def staff_decisions():
    """Every link staff confirmed or rejected, as labelled pairs (dicts of ``COLUMNS``):
    confirmed is *right* with the status staff kept or chose, rejected is *wrong*. Read by
    ``export_followup_labels``, so that retraining learns from the decisions."""
    links = (
        FollowUp.objects.filter(origin__in=list(STAFF_LINK))
        .select_related("recommendation__document__authority", "evidence_document")
        .order_by("pk")
    )
    for link in links.iterator(chunk_size=500):
        recommendation = link.recommendation
        authority = recommendation.document.authority
        slug = authority.slug if authority else ""
        right = link.origin == FollowUp.Origin.CONFIRMED
        yield {
            "authority": slug,
            "part": part_of(slug),
            "rec_sha256": recommendation.document.sha256,
            "rec_page": recommendation.page or "",
            "rec_kind": recommendation.kind,
            "rec_key": key_of(recommendation.text),
            "later_sha256": link.evidence_document.sha256,
            "later_page": link.evidence_page or "",
            "later_key": key_of(link.passage),
            "link": STAFF_LINK[link.origin],
            "status": link.status if right else "",
            "found_by": "staff",
        }

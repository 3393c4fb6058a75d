"""Writes for themes and follow-ups: tagging findings, suggesting follow-ups, staff reviews.

The rules are pure (``themes``, ``followups``); these functions read their inputs from the
database and write the results, keeping whatever staff decided: a finding whose themes staff
edited keeps them, and a link staff confirmed or rejected is never replaced.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone

from inspections.codes import FOLLOWED_UP_KINDS, DocumentKind
from inspections.models import Document, DocumentPage, Inspection
from inspections.queries import written_after
from ofsted_kb.cache import data_changed

from . import followups, themes
from .models import Finding, FollowUp, Theme

log = logging.getLogger(__name__)

#: Documents whose pages are cut into paragraphs as well: their parsers find few findings.
PARAGRAPH_KINDS = (DocumentKind.COMMITTEE_PAPER, DocumentKind.OTHER)
#: The name ``edited_fields`` gives a finding's themes once staff have changed them.
THEMES_FIELD = "themes"
_CHUNK = 500


@dataclass
class TagResult:
    tagged: int = 0
    kept: int = 0  # staff-edited, left alone
    links: int = 0


def tag_findings(findings=None) -> TagResult:
    """Give ``findings`` (all, by default) the themes the tagger finds in their text.

    Findings whose themes staff edited are left as they are.
    """
    findings = Finding.objects.all() if findings is None else findings
    theme_ids = dict(Theme.objects.values_list("slug", "pk"))
    through = Finding.themes.through
    result = TagResult()
    rows, ids = [], []
    for pk, text, edited in findings.values_list("pk", "text", "edited_fields").iterator():
        if THEMES_FIELD in (edited or ()):
            result.kept += 1
            continue
        ids.append(pk)
        rows.extend(
            through(finding_id=pk, theme_id=theme_ids[slug])
            for slug in themes.tag(text)
            if slug in theme_ids
        )
    with transaction.atomic():
        for start in range(0, len(ids), _CHUNK):
            through.objects.filter(finding_id__in=ids[start : start + _CHUNK]).delete()
        through.objects.bulk_create(rows, batch_size=_CHUNK)
        data_changed()  # bulk writes send no signals: cached pages must learn of them
    result.tagged, result.links = len(ids), len(rows)
    return result


def set_themes(finding: Finding, theme_list: Iterable[Theme]) -> None:
    """Staff's choice of themes for a finding: recorded so that re-tagging keeps it."""
    with transaction.atomic():
        finding.themes.set(theme_list)
        mark_edited(finding, THEMES_FIELD)


def mark_edited(finding: Finding, *fields: str) -> None:
    edited = list(finding.edited_fields or [])
    added = [f for f in fields if f not in edited]
    if added:
        finding.edited_fields = edited + added
        Finding.objects.filter(pk=finding.pk).update(edited_fields=finding.edited_fields)


# ---------------------------------------------------------------------------------------
# Follow-ups


@dataclass
class SuggestResult:
    items: int = 0
    passages: int = 0
    suggested: int = 0
    kept: int = 0  # confirmed or rejected by staff, left alone


def document_dates(documents: Iterable[Document]) -> dict[int, datetime.date]:
    """When each document was written or published, for ordering a trail.

    An undated document (a committee paper) comes the day after the latest event it reports:
    it speaks of that event, so it cannot be earlier. Documents with no date at all are left
    out. ``documents`` must have their inspections prefetched.
    """
    dates = {}
    for document in documents:
        when = document.document_date or document.published_on
        if when is None:
            after = written_after(document.inspections.all())
            if after is not None:
                when = after + datetime.timedelta(days=1)
        if when is not None:
            dates[document.pk] = when
    return dates


@dataclass
class Inputs:
    """What the follow-up method reads for one authority: the items to follow up, the later
    passages that may speak of them, and the documents both come from (by primary key)."""

    items: list[followups.Item]
    passages: list[followups.Passage]
    documents: dict[int, Document]


def gather(authority) -> Inputs:
    """The items and passages of ``authority``'s documents (an Authority or its primary key),
    as ``suggest_follow_ups`` and the measurement of the method read them."""
    authority = getattr(authority, "pk", authority)
    reported = Inspection.objects.only("pk", "published_on", "end_date", "start_date")
    documents = list(
        # A report's other rendition has no findings, and its pages repeat its primary's.
        Document.objects.primaries()
        .filter(authority=authority)
        .prefetch_related(Prefetch("inspections", queryset=reported))
    )
    dates = document_dates(documents)
    # The fuller copy of the same words wins: a PDF over a seed text of it, the earlier id next.
    preference = {
        d.pk: rank for rank, d in enumerate(sorted(documents, key=lambda d: (-d.page_count, d.pk)))
    }
    slugs_of = _theme_slugs(authority)
    kinds = {d.pk: d.kind for d in documents}
    rows = list(
        Finding.objects.filter(document__authority=authority, document_id__in=dates.keys())
        .order_by()
        .values_list("pk", "document_id", "kind", "text", "page", "section", "order")
    )
    items = [
        followups.Item(
            id=pk,
            document_id=document,
            when=dates[document],
            text=text,
            themes=slugs_of.get(pk, frozenset()),
        )
        for pk, document, kind, text, _, _, _ in rows
        if kind in FOLLOWED_UP_KINDS
    ]
    rows.sort(key=lambda r: (preference[r[1]], r[6]))
    passages = [
        followups.Passage(
            document_id=document,
            when=dates[document],
            text=text,
            kind=kind,
            finding_id=pk,
            page=page,
            section=section,
            themes=slugs_of.get(pk, frozenset()),
            document_kind=kinds[document],
        )
        for pk, document, kind, text, page, section, _ in rows
    ]
    free_form = [d for d in documents if d.kind in PARAGRAPH_KINDS and d.pk in dates]
    passages += _paragraph_passages(sorted(free_form, key=lambda d: preference[d.pk]), dates)
    return Inputs(items, passages, {d.pk: d for d in documents})


def suggest_follow_ups(authority, *, document: Document | None = None) -> SuggestResult:
    """Recompute the suggested follow-ups of every followed-up finding about ``authority``.

    Suggested links are replaced; links staff confirmed or rejected stay, and a suggestion
    they already decided on is not made again. With ``document`` (a new one), only the links
    to and from that document are recomputed: the cheap path run after each ingest.
    ``authority`` may be an Authority or its primary key.
    """
    inputs = gather(authority)
    items, passages = inputs.items, inputs.passages
    only = document.pk if document is not None else None
    suggestions = followups.suggest(items, passages, document_id=only)
    result = SuggestResult(items=len(items), passages=len(passages))
    with transaction.atomic():
        existing = FollowUp.objects.filter(recommendation__in=[i.id for i in items])
        if only is not None:
            existing = existing.filter(
                Q(recommendation__document_id=only) | Q(evidence_document_id=only)
            )
        decided = {_key_of_link(f) for f in existing.exclude(origin=FollowUp.Origin.SUGGESTED)}
        result.kept = len(decided)
        existing.filter(origin=FollowUp.Origin.SUGGESTED).delete()
        new = [_follow_up(s) for s in suggestions if _key_of_suggestion(s) not in decided]
        FollowUp.objects.bulk_create(new, batch_size=_CHUNK)
        data_changed()  # bulk writes send no signals: cached pages must learn of them
    result.suggested = len(new)
    return result


def _theme_slugs(authority) -> dict[int, frozenset[str]]:
    found = defaultdict(set)
    pairs = Finding.themes.through.objects.filter(
        finding__document__authority=authority
    ).values_list("finding_id", "theme__slug")
    for finding, slug in pairs:
        found[finding].add(slug)
    return {k: frozenset(v) for k, v in found.items()}


def _paragraph_passages(documents, dates) -> list[followups.Passage]:
    pages = DocumentPage.objects.filter(document__in=documents).order_by("document", "number")
    by_document = defaultdict(list)
    for page in pages:
        by_document[page.document_id].append(page)
    passages = []
    for document in documents:
        for page in by_document[document.pk]:
            for text in followups.paragraphs(page.text):
                passages.append(
                    followups.Passage(
                        document_id=document.pk,
                        when=dates[document.pk],
                        text=text,
                        kind=followups.PARAGRAPH,
                        page=page.number,
                        themes=frozenset(themes.tag(text)),
                        document_kind=document.kind,
                    )
                )
    return passages


def _key_of_link(link: FollowUp) -> tuple:
    if link.evidence_id:
        return (link.recommendation_id, link.evidence_id)
    return (
        link.recommendation_id,
        link.evidence_document_id,
        link.evidence_page,
        " ".join(link.passage.split())[:200],
    )


def _key_of_suggestion(suggestion: followups.Suggestion) -> tuple:
    passage = suggestion.passage
    if passage.finding_id:
        return (suggestion.item.id, passage.finding_id)
    return (
        suggestion.item.id,
        passage.document_id,
        passage.page,
        " ".join(passage.text.split())[:200],
    )


def _follow_up(suggestion: followups.Suggestion) -> FollowUp:
    passage = suggestion.passage
    return FollowUp(
        recommendation_id=suggestion.item.id,
        evidence_id=passage.finding_id,
        evidence_document_id=passage.document_id,
        evidence_page=passage.page,
        evidence_date=passage.when,
        passage=passage.text,
        status=suggestion.status,
        origin=FollowUp.Origin.SUGGESTED,
        score=suggestion.score,
        reasons=suggestion.reasons(),
    )


def refresh_for_document(document: Document) -> None:
    """After a document is written: tag its findings, then recompute its authority's
    follow-ups. Never lets a failure here undo or fail the ingest; it is logged instead."""
    try:
        tag_findings(Finding.objects.filter(document=document))
        if document.authority_id:
            suggest_follow_ups(document.authority_id, document=document)
    except Exception:
        log.exception("could not refresh themes and follow-ups after document %s", document.pk)


# ---------------------------------------------------------------------------------------
# Staff review


def review(follow_up: FollowUp, *, user, origin: str, status: str | None = None) -> FollowUp:
    """Staff confirm (perhaps with a corrected status) or reject a link."""
    if origin not in (FollowUp.Origin.CONFIRMED, FollowUp.Origin.REJECTED):
        raise ValueError(f"a review confirms or rejects, not {origin!r}")
    if status is not None:
        if status not in FollowUp.Status.values:
            raise ValueError(f"unknown status {status!r}")
        follow_up.status = status
    follow_up.origin = origin
    follow_up.reviewed_by = user
    follow_up.reviewed_at = timezone.now()
    follow_up.save(update_fields=["status", "origin", "reviewed_by", "reviewed_at"])
    return follow_up


def authorities_with_follow_up_items():
    """The authorities that have any finding to follow up, for the recompute command."""
    from authorities.models import Authority

    return (
        Authority.objects.filter(Q(documents__findings__kind__in=FOLLOWED_UP_KINDS))
        .distinct()
        .order_by("name")
    )

"""One report in two renditions (a text extraction and its PDF) is one document with one set
of records: recognised by content, whichever arrives first.

The better rendition (a PDF over text, then the one with more pages) is the *primary*: it
holds the judgements and findings, so every page link points into it. The other is kept,
linked to it by ``Document.rendition_of``, and writes no records. When the better one arrives
second, the first one's records move to it and are brought into line with its parse as a
re-parse would: staff edits, findings staff removed and confirmed follow-ups stay.
"""

from __future__ import annotations

import re

from django.db.models import F, Q

from authorities.models import Authority
from findings.models import Finding, FollowUp
from inspections.models import Document, DocumentPage, Inspection
from ofsted_kb.cache import data_changed

from ..pipeline import ParseOutcome, parse_pages
from ..types import Page, ParsedDocument
from .common import history_user
from .ingest import _store
from .reparse import ChangeLog, reconcile, reconcile_document, stored_input

#: Words are compared from this length: a poor text extraction loses apostrophes, table
#: labels and stray letters, and short words are the first to go astray.
MIN_WORD = 4
#: Words per shingle (overlapping runs of words): word order counts, not only vocabulary.
SHINGLE_WORDS = 3
#: The least Jaccard similarity of two renditions' shingles. Measured on the corpus: the
#: seeds and their PDFs score 0.86 to 1.0; two different reports of one authority at most
#: 0.13 (Kent's 2022 ILACS report and the committee paper on it).
SAME_REPORT = 0.5
#: Renditions of one report are less than this many times as long as each other (it follows
#: from ``SAME_REPORT``: see ``find_twin``).
LENGTH_RATIO = 2

_WORD = re.compile(rf"[a-z]{{{MIN_WORD},}}")
_APOSTROPHES = ("'", "\u2019", "\u2018", "`")


def shingles(text: str) -> frozenset[int]:
    """The runs of ``SHINGLE_WORDS`` normalised words of ``text`` (lower case, apostrophes
    dropped, words of ``MIN_WORD`` letters or more), each kept as its hash.

    Hashes, not tuples of words: a report has thousands of runs, and tuples kept alive are
    work for the garbage collector in a long ingest. Python's string hashes differ between
    processes, so shingles are compared only with others made in the same process.
    """
    text = text.casefold()
    for mark in _APOSTROPHES:  # str.replace is many times faster than str.translate here
        text = text.replace(mark, "")
    words = _WORD.findall(text)
    return frozenset(map(hash, zip(*(words[i:] for i in range(SHINGLE_WORDS)), strict=False)))


def similarity(a: frozenset, b: frozenset) -> float:
    """Jaccard similarity of two sets of shingles."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def own_events(parsed: ParsedDocument) -> frozenset[tuple]:
    """The events a document reports itself (not those it recaps): framework and dates."""
    return frozenset(
        (item.framework, item.start_date, item.end_date)
        for item in parsed.inspections
        if not item.is_recap
    )


def rank(document: Document) -> tuple:
    """Higher is the better rendition: a PDF (its pages are the original's, and its tables
    give the grades), then more pages; between equals the one stored first."""
    return (document.media_type == "application/pdf", document.page_count, -document.pk)


def _text_of(document: Document) -> str:
    pages = DocumentPage.objects.filter(document=document).order_by("number")
    return "\n".join(pages.values_list("text", flat=True))


def find_twin(
    outcome: ParseOutcome, authority: Authority, *, exclude: Document | None = None
) -> Document | None:
    """The stored primary document that ``outcome`` is another rendition of, or None.

    The same authority and kind, the same letter or report date where both have one, the
    same events reported (framework and dates, as the parsers read both), and text whose
    shingles overlap by ``SAME_REPORT`` or more. File names play no part.
    """
    parsed = outcome.parsed
    candidates = (
        Document.objects.primaries()
        .filter(authority=authority, kind=parsed.kind, status=Document.Status.PARSED)
        .exclude(sha256=outcome.sha256)
        .order_by("pk")
    )
    if exclude is not None:
        candidates = candidates.exclude(pk=exclude.pk)
    if parsed.document_date:
        candidates = candidates.filter(
            Q(document_date=parsed.document_date) | Q(document_date__isnull=True)
        )
    text = "\n".join(page.text for page in outcome.pages)
    # Where half of all the shingles are shared, the shorter text holds at least half as
    # many as the longer, and length follows the shingles (the corpus's pairs differ by 12%
    # at most): twice as long or more is the cheap test first, on the stored length alone.
    length = sum(len(page.text) for page in outcome.pages)
    candidates = list(
        candidates.filter(
            text_length__gt=length // LENGTH_RATIO, text_length__lt=length * LENGTH_RATIO
        )
    )
    if not candidates:
        return None
    mine = shingles(text)
    events = own_events(parsed)
    best, best_score = None, SAME_REPORT
    for candidate in candidates:
        score = similarity(mine, shingles(_text_of(candidate)))
        if score < best_score:
            continue
        # Only a near-identical text is read again, to compare what the parsers make of it.
        theirs = _parse_stored(candidate)
        if theirs is None or own_events(theirs) != events:
            continue
        if parsed.document_date and theirs.document_date not in (None, parsed.document_date):
            continue
        best, best_score = candidate, score
    return best


def _parse_stored(document: Document) -> ParsedDocument | None:
    pages = tuple(
        Page(number=number, text=text)
        for number, text in document.pages.order_by("number").values_list("number", "text")
    )
    outcome = parse_pages(pages, sha256=document.sha256, media_type=document.media_type)
    return outcome.parsed if outcome.ok else None


def ingest_rendition(
    outcome: ParseOutcome,
    *,
    twin: Document,
    authority: Authority,
    publish: bool,
    user=None,
    reasons: list[str] | None = None,
    **stored_as,
) -> tuple[Document, list[Inspection], ChangeLog]:
    """Store a new document that is another rendition of ``twin`` (inside the ingest's
    transaction): the better of the two becomes the primary, with the records.

    Returns the new document, the inspections it now speaks of (none, for a rendition) and
    what was done, for the IngestRun.
    """
    document = _store(
        outcome,
        outcome.parsed,
        authority=authority,
        publish=publish,
        user=user,
        reasons=reasons,
        **stored_as,
    )
    log = ChangeLog()
    try:
        if rank(document) > rank(twin):
            join(primary=document, other=twin, outcome=outcome, log=log, user=user)
            inspections = list(document.inspections.all())
        else:
            make_rendition(document, of=twin, log=log, user=user)
            inspections = []
    except Exception:
        document.file.delete(save=False)
        raise
    return document, inspections, log


def reconcile_renditions(
    document: Document, outcome: ParseOutcome, log: ChangeLog, *, user=None
) -> Document:
    """A re-parse's write, renditions kept right; returns the document holding the records.

    A rendition re-reads only its own fields and pages. A primary whose twin is stored
    (both ingested before renditions were recognised, or its authority just chosen by staff)
    joins it: the better one keeps the records. Otherwise an ordinary re-parse.
    """
    if document.rendition_of_id is not None:
        reconcile_document(document, outcome, log, user=user)
        return document.rendition_of
    twin = find_twin(outcome, document.authority, exclude=document)
    if twin is None:
        reconcile(document, outcome, log, user=user)
        return document
    if rank(document) > rank(twin):
        join(primary=document, other=twin, outcome=outcome, log=log, user=user)
        return document
    twin_outcome = stored_input(twin)
    if not twin_outcome.ok:
        log.change(
            f"Not joined to “{twin}”, its other rendition, which could not be read again "
            f"({twin_outcome.error})"
        )
        reconcile(document, outcome, log, user=user)
        return document
    reconcile_document(document, outcome, log, user=user)
    join(primary=twin, other=document, outcome=twin_outcome, log=log, user=user)
    return twin


def make_rendition(document: Document, *, of: Document, log: ChangeLog, user=None) -> None:
    """Record ``document`` (which holds no records) as a rendition of the primary ``of``."""
    document.rendition_of = of
    document._history_user = history_user(user)
    document._change_reason = "another rendition of a stored document"
    document.save(update_fields=["rendition_of", "updated_at"])
    log.change(
        f"Another rendition of “{of}” (document {of.pk}, {of.media_type or 'unknown type'}), "
        "which holds its judgements and findings: none written from this one"
    )


def join(
    *, primary: Document, other: Document, outcome: ParseOutcome, log: ChangeLog, user=None
) -> None:
    """Make ``other`` a rendition of ``primary``, which is then reconciled with ``outcome``
    (its own parse) as a re-parse would be.

    ``other``'s inspections, follow-up evidence, staff's corrections of its fields and the
    findings staff removed from it pass to ``primary``; its judgements and findings give way
    to ``primary``'s, except those staff edited or linked, which are paired with them and win
    (``_move_records``). Its own renditions become ``primary``'s.
    """
    log.change(
        f"Joined with “{other}” (document {other.pk}), the same report in another rendition: "
        "this one, the better, now holds the judgements and findings"
    )
    for name in other.edited_fields:  # what staff corrected on the other rendition
        if name not in primary.edited_fields and getattr(other, name) != getattr(primary, name):
            setattr(primary, name, getattr(other, name))
            primary.edited_fields = [*primary.edited_fields, name]
            log.keep(f"Kept staff's {name} of “{other}”, the other rendition")
    if other.removed_findings:
        primary.removed_findings = [*primary.removed_findings, *other.removed_findings]
        log.keep(f"Kept {len(other.removed_findings)} finding(s) staff removed from “{other}”")
    if other.is_published and not primary.is_published:
        primary.is_published = True  # the records were public: a better copy keeps them so
        log.change("Published, as the other rendition was")
    _move_records(other, primary, log, user=user)
    reconcile(primary, outcome, log, user=user)
    # Links staff confirmed to a moved finding now point at its page in this rendition.
    for link in FollowUp.objects.filter(evidence_document=primary, evidence__isnull=False).exclude(
        evidence_page=F("evidence__page")
    ):
        link.evidence_page = link.evidence.page
        link.save(update_fields=["evidence_page"])
    Document.objects.filter(rendition_of=other).update(rendition_of=primary)
    make_rendition(other, of=primary, log=ChangeLog(), user=user)
    data_changed()  # the moves are bulk updates, which send no signals


def _move_records(other: Document, primary: Document, log: ChangeLog, *, user=None) -> None:
    """Hand ``other``'s inspections to ``primary``; its judgements and findings give way to
    the ones ``primary``'s parse makes, except those staff touched (edited, or made a
    follow-up link of), which move to ``primary`` for the reconcile to pair and keep.

    A judgement both state of one inspection and area is kept once: ``primary``'s, unless
    staff edited ``other``'s.
    """
    reason = f"gave way to document {primary.pk}, the better rendition of the report"
    decided = FollowUp.objects.exclude(origin=FollowUp.Origin.SUGGESTED)
    linked = set(
        decided.filter(recommendation__document=other).values_list("recommendation", flat=True)
    ) | set(decided.filter(evidence__document=other).values_list("evidence", flat=True))
    held = {(j.inspection_id, j.area): j for j in primary.judgements.all()}
    moved = gone = 0
    for row in [*other.judgements.all(), *other.findings.all()]:
        row._history_user, row._change_reason = history_user(user), reason
        touched = row.edited_fields or (isinstance(row, Finding) and row.pk in linked)
        if not touched:
            row.delete()
            gone += 1
            continue
        moved += 1
        if isinstance(row, Finding):
            row.document = primary
            row.save(update_fields=["document"])
            continue
        mine = held.pop((row.inspection_id, row.area), None)
        if mine is not None:
            mine._history_user, mine._change_reason = row._history_user, reason
            mine.delete()
        row.source_document = primary
        row.save(update_fields=["source_document"])
    if gone:
        log.change(f"{gone} judgement(s) and finding(s) of “{other}” gave way to this one's")
    if moved:
        log.keep(
            f"Kept {moved} judgement(s) and finding(s) of “{other}” that staff edited or "
            "linked, now on this rendition"
        )
    FollowUp.objects.filter(evidence_document=other).update(evidence_document=primary)
    for inspection in other.inspections.all():
        inspection.documents.add(primary)
        inspection.documents.remove(other)

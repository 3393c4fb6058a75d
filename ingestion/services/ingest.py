"""Ingesting one document: parse (pure), resolve the authority, then one transaction writes
the Document, its pages, Inspections, Judgements and Findings, all of it or none of it.

``ingest_document`` is the one code path for the ``ingest`` command and the admin upload.
"""

from __future__ import annotations

import datetime
import hashlib

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from simple_history.utils import bulk_create_with_history

from authorities.models import Authority
from authorities.resolver import NameIndex
from findings.models import Finding
from inspections.codes import DocumentKind
from inspections.models import Document, DocumentPage, IngestRun, Inspection, Judgement

from ..pipeline import ParseOutcome, parse_bytes, sha256_of
from ..types import ParsedDocument, ParsedInspection
from .authorities import authority_index, first_date, resolve_authority
from .common import IngestResult, history_user, read_limits
from .events import match_or_create_inspection
from .records import judgement_source, new_finding, new_judgement


def ingest_document(
    *,
    data: bytes,
    filename: str,
    published_on: datetime.date | None = None,
    source_url: str = "",
    user=None,
    dry_run: bool = False,
    publish: bool = True,
    outcome: ParseOutcome | None = None,
    index: tuple[NameIndex, dict[str, Authority]] | None = None,
) -> IngestResult:
    """Ingest one file; record the attempt as an IngestRun (unless ``dry_run``)."""
    digest = outcome.sha256 if outcome else sha256_of(data)
    existing = Document.objects.filter(sha256=digest).first()
    kept = (Document.Status.PARSED, Document.Status.NEEDS_REVIEW)
    if existing is not None and existing.status in kept:
        result = IngestResult(IngestRun.Outcome.UNCHANGED, digest, document=existing)
        return record_run(result, filename, user, dry_run)

    if outcome is None:
        outcome = parse_bytes(data, filename=filename, sha256=digest, **read_limits())
    result = IngestResult(IngestRun.Outcome.FAILED, digest, parse=outcome, error=outcome.error)
    if not outcome.ok:
        return record_run(result, filename, user, dry_run)

    parsed = outcome.parsed
    # What the stored Document is made of, whether it is extracted or waits for review.
    stored_as = {
        "filename": filename,
        "data": data,
        "published_on": parsed.published_on or published_on,
        "source_url": source_url,
        "replacing": existing,
        "user": user,
    }
    name_index, authorities = index or authority_index()
    authority = resolve_authority(parsed, outcome.pages[0].text, name_index, authorities)
    if authority is None:
        # Readable, but whose it is cannot be told: kept as a draft for staff to place.
        result.outcome, result.error = IngestRun.Outcome.NEEDS_REVIEW, ""
        result.reasons = [_authority_not_found(parsed)]
        if dry_run:
            return result
        try:
            with transaction.atomic():
                result.document = _store(
                    outcome, authority=None, publish=False, reasons=result.reasons, **stored_as
                )
        except IntegrityError as exc:
            result.outcome = IngestRun.Outcome.FAILED
            result.error = f"the database refused the document ({exc})"
        return record_run(result, filename, user, dry_run)
    if dry_run:
        result.outcome = IngestRun.Outcome.CREATED
        return result

    try:
        with transaction.atomic():
            # One writer per authority at a time (PostgreSQL; SQLite's writers queue anyway):
            # matching inspections is read-then-write, and two documents about one authority
            # arriving together must not both create the event they share.
            Authority.objects.select_for_update().filter(pk=authority.pk).first()
            stored = Document.objects.filter(sha256=digest, status=Document.Status.PARSED)
            stored = stored.first()
            if stored is None:
                # The same report stored already in another rendition (text, PDF): one set
                # of records. (renditions builds on this module, hence imported here.)
                from .renditions import find_twin, ingest_rendition

                twin = find_twin(outcome, authority)
                if twin is None:
                    document, inspections = _write(
                        outcome, authority=authority, publish=publish, **stored_as
                    )
                else:
                    document, inspections, log = ingest_rendition(
                        outcome, twin=twin, authority=authority, publish=publish, **stored_as
                    )
                    result.changes, result.kept_edits = log.changed, log.kept
    except IntegrityError as exc:
        result.error = f"the database refused the document ({exc})"
        return record_run(result, filename, user, dry_run)
    if stored is not None:  # the same bytes, stored by another ingest while this one parsed
        result.outcome, result.document, result.error = IngestRun.Outcome.UNCHANGED, stored, ""
        return record_run(result, filename, user, dry_run)
    result.outcome = IngestRun.Outcome.UPDATED if existing else IngestRun.Outcome.CREATED
    result.document = document
    result.inspections = inspections
    return record_run(result, filename, user, dry_run)


def record_run(result: IngestResult, filename: str, user, dry_run: bool) -> IngestResult:
    if dry_run:
        return result
    outcome = result.parse
    counts = {}
    if result.document is not None and result.outcome != IngestRun.Outcome.UNCHANGED:
        counts = {
            "pages": result.document.page_count,
            "inspections": len(result.inspections),
            "judgements": result.document.judgements.count(),
            "findings": result.document.findings.count(),
        }
    result.run = IngestRun.objects.create(
        path=filename[:500],
        sha256=result.sha256,
        document=result.document,
        outcome=result.outcome,
        parser=outcome.parser if outcome else "",
        parser_version=outcome.parser_version if outcome else None,
        counts=counts,
        warnings=[
            *result.reasons,
            *(outcome.parsed.warnings if outcome and outcome.parsed else ()),
        ],
        error=result.error,
        changes=result.changes,
        kept_edits=result.kept_edits,
        seconds=round(outcome.seconds, 3) if outcome else 0,
        started_by=user if user and user.is_authenticated else None,
    )
    return result


def _write(
    outcome: ParseOutcome,
    *,
    authority: Authority,
    filename: str,
    data: bytes,
    published_on,
    source_url: str,
    publish: bool,
    replacing: Document | None,
    user=None,
) -> tuple[Document, list[Inspection]]:
    parsed = outcome.parsed
    document = _store(
        outcome,
        authority=authority,
        filename=filename,
        data=data,
        published_on=published_on,
        source_url=source_url,
        publish=publish,
        replacing=replacing,
        user=user,
    )
    try:
        inspections = []
        order = 0
        for item in parsed.inspections:
            inspection = match_or_create_inspection(authority, item, published_on, parsed)
            inspection.documents.add(document)
            _write_judgements(inspection, item, document, parsed.kind, user=user)
            findings = []
            for finding in item.findings:
                order += 1
                findings.append(
                    new_finding(finding, inspection=inspection, document=document, order=order)
                )
            bulk_create_with_history(findings, Finding, default_user=history_user(user))
            inspections.append(inspection)
    except Exception:
        document.file.delete(save=False)
        raise
    transaction.on_commit(lambda: after_commit(document))
    return document, inspections


def _store(
    outcome: ParseOutcome,
    *,
    authority: Authority | None,
    filename: str,
    data: bytes,
    published_on,
    source_url: str,
    publish: bool,
    replacing: Document | None,
    user=None,
    reasons: list[str] | None = None,
) -> Document:
    """The Document row, its file and its pages; kept for review where ``reasons`` say what
    could not be read."""
    parsed = outcome.parsed
    if replacing is not None:
        replacing.delete()  # a failed or pending earlier attempt at the same bytes
    document = Document(
        kind=parsed.kind,
        authority=authority,
        title=(parsed.title or default_title(parsed, authority))[:300],
        document_date=parsed.document_date,
        published_on=published_on,
        source_url=source_url,
        committee=parsed.committee[:200],
        original_filename=filename.rsplit("/", 1)[-1][:255],
        media_type=outcome.media_type,
        sha256=outcome.sha256,
        page_count=len(outcome.pages),
        status=Document.Status.NEEDS_REVIEW if reasons else Document.Status.PARSED,
        review_reasons=list(reasons or []),
        found_by=dict(parsed.found_by),
        parser=outcome.parser,
        parser_version=outcome.parser_version,
        is_published=publish and not reasons,
    )
    document._history_user = history_user(user)
    suffix = {"application/pdf": ".pdf", "text/markdown": ".md"}.get(outcome.media_type, ".txt")
    name = document.file.field.generate_filename(document, f"{outcome.sha256[:16]}{suffix}")
    if _holds(document.file.storage, name, outcome.sha256):
        # Left by an ingest of these bytes that died before its commit: use it, not a copy.
        document.file.name = name
    else:
        document.file.save(f"{outcome.sha256[:16]}{suffix}", ContentFile(data), save=False)
    try:
        document.save()
        DocumentPage.objects.bulk_create(
            DocumentPage(document=document, number=page.number, text=page.text)
            for page in outcome.pages
        )
    except Exception:
        document.file.delete(save=False)
        raise
    return document


def _authority_not_found(parsed: ParsedDocument) -> str:
    named = f"it names {parsed.authority_name!r}" if parsed.authority_name else "it names none"
    return (
        f"authority not found: no English local authority matches the name the document "
        f"gives ({named}); choose the authority, then re-parse"
    )


def _holds(storage, name: str, sha256: str) -> bool:
    """Whether ``name`` is stored already and holds exactly the bytes of ``sha256``."""
    if not storage.exists(name):
        return False
    with storage.open(name, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest() == sha256


def after_commit(document: Document) -> None:
    """Work that follows a new document: tag its findings with themes and recompute the
    suggested follow-ups of its authority (findings.services; never fails the ingest)."""
    from findings.services import refresh_for_document

    refresh_for_document(document)


def default_title(parsed: ParsedDocument, authority: Authority) -> str:
    kind = DocumentKind(parsed.kind).label
    when = parsed.document_date or parsed.published_on or first_date(parsed)
    return f"{authority.name}: {kind}" + (f", {when:%-d %B %Y}" if when else "")


def _write_judgements(
    inspection, item: ParsedInspection, document, kind: str, *, user=None
) -> None:
    source = judgement_source(kind, item)
    seen = set(
        Judgement.objects.filter(inspection=inspection, source_document=document).values_list(
            "area", flat=True
        )
    )
    new = []
    for judgement in item.judgements:
        if judgement.area in seen:
            continue
        seen.add(judgement.area)
        new.append(
            new_judgement(judgement, inspection=inspection, document=document, source=source)
        )
    bulk_create_with_history(new, Judgement, default_user=history_user(user))

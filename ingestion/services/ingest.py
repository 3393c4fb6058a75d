"""Ingesting one document: parse (pure), resolve the authority, then one transaction writes
the Document, its pages, Inspections, Judgements and Findings, all of it or none of it.

``ingest_document`` is the one code path for the ``ingest`` command and the admin upload.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import replace
from urllib.parse import urlsplit

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from simple_history.utils import bulk_create_with_history

from authorities.models import Authority
from authorities.resolver import NameIndex
from findings.models import Finding
from inspections.codes import DocumentKind
from inspections.models import Document, DocumentPage, IngestRun, Inspection, Judgement

from ..pipeline import ParseOutcome, parse_bytes, sha256_of
from ..types import ParsedDocument, ParsedInspection, about_authority
from .authorities import authority_index, first_date, resolve_authority
from .common import IngestResult, history_user, read_limits
from .events import match_or_create_inspection
from .records import create_with_history, judgement_source, new_finding, new_judgement


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
    authority: Authority | None = None,
) -> IngestResult:
    """Ingest one file; record the attempt as an IngestRun (unless ``dry_run``).

    ``authority`` is the caller's word for whose document it is (the upload's choice, the
    command's ``--authority``, a manifest's column, the council a source URL's host belongs
    to), used where the text does not settle it: the text is read first.
    """
    digest = outcome.sha256 if outcome else sha256_of(data)
    existing = Document.objects.filter(sha256=digest).first()
    kept = (Document.Status.PARSED, Document.Status.NEEDS_REVIEW)
    if existing is not None and existing.status in kept:
        result = IngestResult(IngestRun.Outcome.UNCHANGED, digest, document=existing)
        return record_run(result, filename, user, dry_run)

    if outcome is None:
        outcome = parse_bytes(data, filename=filename, sha256=digest, **read_limits())
    result = IngestResult(IngestRun.Outcome.FAILED, digest, parse=outcome, error=outcome.error)
    if not outcome.ok and not outcome.readable:
        return record_run(result, filename, user, dry_run)

    parsed = outcome.parsed if outcome.ok else unplaced(outcome)
    # What the stored Document is made of, whether it is extracted or waits for review.
    stored_as = {
        "filename": filename,
        "data": data,
        "published_on": parsed.published_on or published_on,
        "source_url": source_url,
        "replacing": existing,
        "user": user,
    }
    index = index or authority_index()
    first_page = outcome.pages[0].text
    authority, supplied, way = place(parsed, first_page, authority, source_url, index)
    if authority is not None and "authority" not in dict(parsed.found_by):
        # The parser read no name: the authority is a place its first page names ("children's
        # services in Coventry"), which is how many councils' papers speak of themselves.
        parsed = replace(parsed, found_by=(*parsed.found_by, ("authority", "place on page 1")))
    if authority is None and supplied is not None:
        authority = supplied
        parsed = replace(parsed, found_by=(*parsed.found_by, ("authority", way)))
    elif authority is not None and supplied is not None and authority != supplied:
        parsed = replace(
            parsed,
            warnings=(
                *parsed.warnings,
                f"the text names {authority.name}, not {supplied.name} as supplied; "
                f"{authority.name} was taken",
            ),
        )
    if authority is not None:
        parsed = replace(
            parsed, problems=tuple(p for p in parsed.problems if not about_authority(p))
        )
    if outcome.ok:
        outcome = result.parse = replace(outcome, parsed=parsed)
    if not outcome.ok or authority is None:
        # Readable, but what it is or whose it is cannot be told: kept as a draft, with
        # nothing extracted, for staff to place (choose the parser or the authority).
        result.outcome, result.error = IngestRun.Outcome.NEEDS_REVIEW, ""
        result.reasons = [
            *([not_recognised(outcome)] if not outcome.ok else ()),
            *([] if authority else [authority_not_found(parsed, first_page, index[0])]),
            # The parser's own word on the authority gives way to the reason above.
            *(p for p in parsed.problems if not about_authority(p)),
        ]
        if dry_run:
            return result
        try:
            with transaction.atomic():
                result.document = _store(
                    outcome,
                    parsed,
                    authority=authority,
                    publish=False,
                    reasons=result.reasons,
                    **stored_as,
                )
        except IntegrityError as exc:
            result.outcome = IngestRun.Outcome.FAILED
            result.error = f"the database refused the document ({exc})"
        return record_run(result, filename, user, dry_run)
    # Extracted, but with fields that could not be read (dates, a grade): everything read is
    # written, unpublished, and waits for staff to complete it.
    result.reasons = list(parsed.problems)
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
                        outcome,
                        authority=authority,
                        publish=publish,
                        reasons=result.reasons,
                        **stored_as,
                    )
                else:
                    document, inspections, log = ingest_rendition(
                        outcome,
                        twin=twin,
                        authority=authority,
                        publish=publish,
                        reasons=result.reasons,
                        **stored_as,
                    )
                    result.changes, result.kept_edits = log.changed, log.kept
                    if document.rendition_of_id is None:
                        # The new rendition took the records over: they are new findings, to
                        # tag and follow up as any new document's are.
                        transaction.on_commit(lambda: after_commit(document))
    except IntegrityError as exc:
        result.error = f"the database refused the document ({exc})"
        return record_run(result, filename, user, dry_run)
    if stored is not None:  # the same bytes, stored by another ingest while this one parsed
        result.outcome, result.document, result.error = IngestRun.Outcome.UNCHANGED, stored, ""
        return record_run(result, filename, user, dry_run)
    result.outcome = IngestRun.Outcome.UPDATED if existing else IngestRun.Outcome.CREATED
    if result.reasons:
        result.outcome = IngestRun.Outcome.NEEDS_REVIEW
    result.document = document
    result.inspections = inspections
    return record_run(result, filename, user, dry_run)


def place(
    parsed: ParsedDocument,
    first_page: str,
    supplied: Authority | None,
    source_url: str,
    index: tuple[NameIndex, dict[str, Authority]],
) -> tuple[Authority | None, Authority | None, str]:
    """Whose document it is: ``(read, supplied, how supplied)``, the authority its text
    names (its name, else a place on page 1) and the caller's (else the one its source URL's
    host belongs to, as a council's paper often never names its council). The text is read
    first: ``read or supplied`` is the document's authority."""
    name_index, authorities = index
    read = resolve_authority(parsed, first_page, name_index, authorities)
    way = "caller"
    if supplied is None and source_url:
        code = name_index.resolve_host(urlsplit(source_url).hostname or "")
        supplied, way = authorities.get(code) if code else None, "source URL"
    return read, supplied, way


def owner(
    outcome: ParseOutcome,
    supplied: Authority | None,
    source_url: str,
    index: tuple[NameIndex, dict[str, Authority]],
) -> Authority | None:
    """The authority ``ingest_document`` will file a parsed document under (None where it
    will be kept for review unplaced), read as it reads it, without writing anything."""
    if not outcome.ok and not outcome.readable:
        return None
    parsed = outcome.parsed if outcome.ok else unplaced(outcome)
    read, supplied, _ = place(parsed, outcome.pages[0].text, supplied, source_url, index)
    return read or supplied


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
    reasons: list[str] | None = None,
) -> tuple[Document, list[Inspection]]:
    parsed = outcome.parsed
    document = _store(
        outcome,
        parsed,
        authority=authority,
        reasons=reasons,
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
        for position, item in enumerate(parsed.inspections):
            inspection = match_or_create_inspection(authority, item, published_on, parsed)
            # One statement where add() makes two (it looks for the link first). The link is
            # made here, item by item, as a later item's report may absorb a placeholder an
            # earlier item made, taking its links along.
            Inspection.documents.through.objects.bulk_create(
                [Inspection.documents.through(inspection=inspection, document=document)],
                ignore_conflicts=True,
            )
            # Before the first item nothing of this new document is stored to look for.
            _write_judgements(
                inspection, item, document, parsed.kind, user=user, fresh=position == 0
            )
            findings = []
            for finding in item.findings:
                order += 1
                findings.append(
                    new_finding(finding, inspection=inspection, document=document, order=order)
                )
            create_with_history(findings, Finding, user=history_user(user))
            inspections.append(inspection)
    except Exception:
        document.file.delete(save=False)
        raise
    transaction.on_commit(lambda: after_commit(document))
    return document, inspections


def _store(
    outcome: ParseOutcome,
    parsed: ParsedDocument,
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
        text_length=sum(len(page.text) for page in outcome.pages),
        status=Document.Status.NEEDS_REVIEW if reasons else Document.Status.PARSED,
        review_reasons=list(reasons or []),
        found_by=dict(parsed.found_by),
        parser=outcome.parser if outcome.ok else "",
        parser_version=outcome.parser_version if outcome.ok else None,
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


def unplaced(outcome: ParseOutcome) -> ParsedDocument:
    """What is known of a readable document no parser could read: its first line as a title."""
    lines = (line.strip() for page in outcome.pages for line in page.text.splitlines())
    title = next((line for line in lines if line), "")
    return ParsedDocument(kind=DocumentKind.OTHER, authority_name="", title=title[:200])


def not_recognised(outcome: ParseOutcome) -> str:
    return (
        f"not read: {outcome.error}; if it is an Ofsted report, a visit letter or a "
        f"committee paper, choose what it is (“Read it as”) and it is read again"
    )


def authority_not_found(parsed: ParsedDocument, first_page: str, index: NameIndex) -> str:
    """Why no authority was settled, with the names page 1 gives, for the reviewer."""
    named = f"it names {parsed.authority_name!r}" if parsed.authority_name else "it names none"
    codes = list(index.resolve_all(parsed.authority_name)) if parsed.authority_name else []
    codes += [code for code, _score in index.rank_in_text(first_page) if code not in codes]
    names = Authority.objects.filter(ons_code__in=codes[:5]).in_bulk(field_name="ons_code")
    candidates = ", ".join(names[code].name for code in codes[:5] if code in names)
    return (
        f"authority not found on page 1 ({named}); "
        + (f"candidates: {candidates}; " if candidates else "")
        + "choose the authority and it is read again"
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


def default_title(parsed: ParsedDocument, authority: Authority | None) -> str:
    kind = DocumentKind(parsed.kind).label
    when = parsed.document_date or parsed.published_on or first_date(parsed)
    return f"{authority.name if authority else 'Authority not yet known'}: {kind}" + (
        f", {when:%-d %B %Y}" if when else ""
    )


def _write_judgements(
    inspection, item: ParsedInspection, document, kind: str, *, user=None, fresh=False
) -> None:
    """The item's judgements the inspection does not hold from this document already
    (``fresh``: it holds none, the document is new)."""
    source = judgement_source(kind, item)
    seen = (
        set()
        if fresh
        else set(
            Judgement.objects.filter(inspection=inspection, source_document=document).values_list(
                "area", flat=True
            )
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

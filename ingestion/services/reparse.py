"""Re-parsing a stored document with the current parsers and writing only what changed:
every field staff edited keeps their value, rows staff added stay, findings staff removed
stay removed, and the run lists each change and each kept edit."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from simple_history.utils import bulk_create_with_history

from findings.models import Finding
from inspections.models import Document, DocumentPage, IngestRun, Inspection, Judgement

from ..pipeline import ParseOutcome, parse_bytes, parse_pages, sha256_of
from ..types import Page, ParsedFinding, ParsedInspection, about_authority
from .authorities import authority_index, resolve_authority
from .common import IngestResult, history_user, read_limits
from .events import match_or_create_inspection
from .ingest import after_commit, authority_not_found, default_title, not_recognised, record_run
from .records import (
    create_with_history,
    judgement_source,
    loose_text,
    new_finding,
    new_judgement,
    normal_text,
)
from .staff import EDITABLE_FIELDS


@dataclass
class ChangeLog:
    """What a re-parse changed, and the staff edits it kept instead of the parser's value."""

    changed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)

    def change(self, line: str) -> None:
        self.changed.append(line)

    def keep(self, line: str) -> None:
        self.kept.append(line)


def reparse_document(*, document: Document, user=None) -> IngestResult:
    """Run the current parsers over a stored document again and write what changed.

    The input is the stored file, re-extracted (the judgement tables need its layout), or
    the stored pages' text where the file is gone. Every field staff edited keeps their
    value, rows staff added stay, and findings staff removed stay removed. The IngestRun
    lists what changed and which edits were kept. A parser that now fails changes nothing.

    A document kept for review because its authority could not be told is extracted once
    staff have chosen the authority (or the resolver now finds it); until then it stays
    waiting, with its reasons.
    """
    document = Document.objects.get(pk=document.pk)  # staff may have changed it meanwhile
    outcome = stored_input(document)
    result = IngestResult(
        IngestRun.Outcome.FAILED, document.sha256, document=document, parse=outcome
    )
    log = ChangeLog()
    if outcome.ok and document.authority is None:
        name_index, authorities = authority_index()
        first_page = outcome.pages[0].text if outcome.pages else ""
        document.authority = resolve_authority(outcome.parsed, first_page, name_index, authorities)
        if document.authority is None:
            result.outcome = IngestRun.Outcome.NEEDS_REVIEW
            result.reasons = [
                authority_not_found(outcome.parsed, first_page, name_index),
                *(p for p in outcome.parsed.problems if not about_authority(p)),
            ]
            _still_waiting(document, result.reasons, user)
    if outcome.ok and document.authority is not None:
        try:
            with transaction.atomic():
                # A document may be one of two renditions of a report (renditions builds
                # on this module, hence imported here).
                from .renditions import reconcile_renditions

                holder = reconcile_renditions(document, outcome, log, user=user)
                transaction.on_commit(lambda: after_commit(holder))
        except IntegrityError as exc:
            result.error = f"the database refused the re-parse ({exc})"
            log = ChangeLog()
        else:
            result.outcome = (
                IngestRun.Outcome.UPDATED if log.changed else IngestRun.Outcome.UNCHANGED
            )
            result.reasons = [p for p in outcome.parsed.problems if not about_authority(p)]
            if document.status == Document.Status.NEEDS_REVIEW:
                result.outcome = IngestRun.Outcome.NEEDS_REVIEW
            result.inspections = list(document.inspections.all())
    elif not outcome.ok:
        result.error = outcome.error
        unplaced = not document.parser or "parser" in document.edited_fields
        if document.status == Document.Status.NEEDS_REVIEW and unplaced:
            # Still unplaced (the parser staff chose cannot read it either): say so.
            _still_waiting(document, [not_recognised(outcome)], user)
    filename = document.original_filename or document.file.name
    record_run(result, filename, user, dry_run=False)
    result.run.action = IngestRun.Action.REPARSE
    result.run.changes, result.run.kept_edits = log.changed, log.kept
    result.run.save(update_fields=["action", "changes", "kept_edits"])
    return result


def stored_input(document: Document) -> ParseOutcome:
    filename = document.original_filename or document.file.name
    data = b""
    if document.file:
        try:
            with document.file.open("rb") as handle:
                data = handle.read()
        except OSError:
            data = b""
    # The parser staff chose, for a document no parser recognised by itself.
    parser = document.parser if "parser" in document.edited_fields else ""
    if data and sha256_of(data) == document.sha256:
        return parse_bytes(
            data, filename=filename, sha256=document.sha256, parser=parser, **read_limits()
        )
    pages = tuple(Page(number=p.number, text=p.text) for p in document.pages.all())
    if not pages:
        return ParseOutcome(document.sha256, filename, error="neither the file nor its pages")
    return parse_pages(
        pages,
        sha256=document.sha256,
        filename=filename,
        media_type=document.media_type,
        parser=parser,
    )


def _still_waiting(document: Document, reasons: list[str], user) -> None:
    """A document that still cannot be extracted keeps waiting, with today's reasons."""
    if document.review_reasons != reasons:
        document.review_reasons = reasons
        document._history_user = history_user(user)
        document._change_reason = "still waits for review"
        document.save(update_fields=["review_reasons", "updated_at"])


def reconcile(document: Document, outcome: ParseOutcome, log: ChangeLog, *, user=None) -> None:
    """Bring the stored rows of ``document`` into line with a new parse, edits winning."""
    reconcile_document(document, outcome, log, user=user)
    _reconcile_records(document, outcome, log, user=user)


def reconcile_document(
    document: Document, outcome: ParseOutcome, log: ChangeLog, *, user=None
) -> None:
    """The document's own fields and pages, from a new parse, edits winning."""
    parsed = outcome.parsed
    reason = f"re-parsed by {outcome.parser} v{outcome.parser_version}"
    label = "Document"

    # The document's own fields.
    values = {
        "kind": parsed.kind,
        "document_date": parsed.document_date,
        "committee": parsed.committee[:200],
        "title": (parsed.title or default_title(parsed, document.authority))[:300],
    }
    if parsed.published_on:
        values["published_on"] = parsed.published_on
    for name, value in values.items():
        _assign(document, name, value, label, log)
    document.parser, document.parser_version = outcome.parser, outcome.parser_version
    document.found_by = dict(parsed.found_by)
    document.error = ""
    if document.status == Document.Status.NEEDS_REVIEW:
        # Extracted after review: what staff answered settled the reasons it waited for; it
        # waits on only for fields this parse still cannot read (staff complete them, then
        # publish). A document already reviewed never goes back to waiting: a re-parse's
        # problems are listed in its run.
        problems = [p for p in parsed.problems if not about_authority(p)]  # it has one now
        settled = [r for r in document.review_reasons if r not in problems]
        if settled:
            log.change("Extracted after review: " + "; ".join(settled))
        document.review_reasons = problems
        if not problems:
            document.status = Document.Status.PARSED
    else:
        document.status = Document.Status.PARSED
    document.media_type = outcome.media_type or document.media_type
    document.page_count = len(outcome.pages)
    document.text_length = sum(len(page.text) for page in outcome.pages)
    document._history_user = history_user(user)
    document._change_reason = reason
    document.save()
    _reconcile_pages(document, outcome.pages, log)


def _reconcile_records(document: Document, outcome: ParseOutcome, log: ChangeLog, *, user=None):
    """The inspections, judgements and findings of ``document``, from a new parse."""
    parsed = outcome.parsed
    reason = f"re-parsed by {outcome.parser} v{outcome.parser_version}"
    # The inspections it speaks of, matched exactly as ingestion matches them.
    authority = document.authority
    published_on = document.published_on
    linked = tuple(document.inspections.all())
    before = {i.pk: _snapshot(i) for i in linked}
    items: list[tuple[Inspection, ParsedInspection]] = []
    for item in parsed.inspections:
        unpaired = tuple(i for i in linked if i.pk not in {done.pk for done, _ in items})
        inspection = match_or_create_inspection(
            authority, item, published_on, parsed, linked=unpaired
        )
        inspection.documents.add(document)
        items.append((inspection, item))
        if inspection.pk not in before:
            log.change(f"Inspection added: {inspection}")
        else:
            after = _snapshot(inspection)
            for name, old in before[inspection.pk].items():
                if after[name] != old:
                    log.change(
                        f"Inspection {inspection}: {name} {_show(old)} → {_show(after[name])}"
                    )

    _reconcile_judgements(document, parsed.kind, items, user, reason, log)
    _reconcile_findings(document, items, user, reason, log)

    # Inspections this document no longer speaks of lose the link, and go if nothing else
    # holds them.
    kept_ids = {inspection.pk for inspection, _ in items}
    for inspection in Inspection.objects.filter(pk__in=set(before) - kept_ids):
        if inspection.judgements.filter(source_document=document).exists() or (
            inspection.findings.filter(document=document).exists()
        ):
            continue  # staff's own rows still hold it to this document
        inspection.documents.remove(document)
        log.change(f"Inspection no longer linked: {inspection}")
        if not (
            inspection.edited_fields
            or inspection.documents.exists()
            or inspection.judgements.exists()
            or inspection.findings.exists()
        ):
            inspection.delete()


def _assign(instance, name: str, value, label: str, log: ChangeLog) -> bool:
    """Set ``name`` unless staff edited it; note the change, or the edit that was kept."""
    old = getattr(instance, name)
    if old == value:
        return False
    if name in instance.edited_fields:
        log.keep(f"Kept staff's {name} of {label}: {_show(old)} (parser: {_show(value)})")
        return False
    setattr(instance, name, value)
    log.change(f"{label}: {name} {_show(old)} → {_show(value)}")
    return True


def _assign_inspection(finding: Finding, inspection: Inspection, label, log: ChangeLog) -> bool:
    """``_assign`` for the finding's inspection, compared by key (no query per finding)."""
    if finding.inspection_id == inspection.pk:
        return False
    if "inspection" in finding.edited_fields:
        log.keep(f"Kept staff's inspection of {label}")
        return False
    finding.inspection = inspection
    log.change(f"{label}: moved to {inspection}")
    return True


def _show(value) -> str:
    if isinstance(value, str):
        short = value if len(value) <= 60 else value[:57] + "…"
        return f"“{short}”"
    return str(value) if value is not None else "(none)"


def _snapshot(inspection: Inspection) -> dict:
    return {name: getattr(inspection, name) for name in EDITABLE_FIELDS[Inspection]}


def _reconcile_pages(document: Document, pages: tuple[Page, ...], log: ChangeLog) -> None:
    stored = {p.number: p for p in document.pages.all()}
    new = []
    for page in pages:
        row = stored.pop(page.number, None)
        if row is None:
            new.append(DocumentPage(document=document, number=page.number, text=page.text))
        elif row.text != page.text:
            row.text = page.text
            row.save(update_fields=["text"])
            log.change(f"Page {page.number}: text re-extracted")
    DocumentPage.objects.bulk_create(new)
    if new:
        log.change(f"Pages added: {', '.join(str(p.number) for p in new)}")
    if stored:
        DocumentPage.objects.filter(pk__in=[p.pk for p in stored.values()]).delete()
        log.change(f"Pages removed: {', '.join(map(str, sorted(stored)))}")


def _reconcile_judgements(document, kind, items, user, reason, log: ChangeLog) -> None:
    existing = {(j.inspection_id, j.area): j for j in document.judgements.all()}
    new, seen = [], set()
    for inspection, item in items:
        source = judgement_source(kind, item)
        for parsed in item.judgements:
            key = (inspection.pk, parsed.area)
            if key in seen:
                continue
            seen.add(key)
            judgement = existing.pop(key, None)
            if judgement is None:
                new.append(
                    new_judgement(parsed, inspection=inspection, document=document, source=source)
                )
                log.change(f"Judgement added: {parsed.area} {parsed.grade}")
                continue
            label = f"judgement {judgement.area}"
            changed = [
                _assign(judgement, "grade", parsed.grade, label, log),
                _assign(judgement, "page", parsed.page, label, log),
                _assign(judgement, "source", source, label, log),
            ]
            if any(changed):
                judgement._history_user = history_user(user)
                judgement._change_reason = reason
                judgement.save()
    bulk_create_with_history(
        new, Judgement, default_user=history_user(user), default_change_reason=reason
    )
    for judgement in existing.values():
        _remove_unless_staffs(
            judgement, f"judgement {judgement.area} {judgement.grade}", user, reason, log
        )


def _reconcile_findings(document, items, user, reason, log: ChangeLog) -> None:
    wanted: list[tuple[Inspection, ParsedFinding, int]] = []
    order = 0
    for inspection, item in items:
        for parsed in item.findings:
            order += 1
            wanted.append((inspection, parsed, order))
    existing = list(document.findings.all())
    pairs, unmatched_parsed, unmatched_existing = _pair_findings(existing, wanted)

    for finding, (inspection, parsed, position) in pairs:
        label = f"finding {_show(finding.text)}"
        changed = [
            _assign_inspection(finding, inspection, label, log),
            _assign(finding, "kind", parsed.kind, label, log),
            _assign(finding, "section", parsed.section[:300], label, log),
            _assign(finding, "number", parsed.number, label, log),
            _assign(finding, "page", parsed.page, label, log),
            _assign(finding, "text", parsed.text, label, log),
        ]
        if finding.order != position:
            finding.order = position
            changed.append(True)
        if any(changed):
            finding._history_user = history_user(user)
            finding._change_reason = reason
            finding.save()

    removed = {loose_text(entry.get("text", "")) for entry in document.removed_findings}
    new = []
    for inspection, parsed, position in unmatched_parsed:
        if loose_text(parsed.text) in removed:
            log.keep(f"Kept staff's removal of finding {_show(parsed.text)}")
            continue
        new.append(new_finding(parsed, inspection=inspection, document=document, order=position))
        log.change(f"Finding added: {_show(parsed.text)}")
    create_with_history(new, Finding, user=history_user(user), reason=reason)
    for finding in unmatched_existing:
        _remove_unless_staffs(finding, f"finding {_show(finding.text)}", user, reason, log)


def _remove_unless_staffs(row, label: str, user, reason: str, log: ChangeLog) -> None:
    """Delete a row the new parse no longer gives, unless staff edited or made it."""
    if row.edited_fields:
        log.keep(f"Kept staff's {label}")
        return
    row._history_user = history_user(user)
    row._change_reason = reason
    row.delete()
    log.change(f"{label[:1].upper()}{label[1:]} removed")


#: Below this similarity two versions of a finding's text are different findings.
SAME_FINDING_RATIO = 0.6


def _pair_findings(existing: list[Finding], wanted: list):
    """Pair stored findings with a new parse's: the same text first, then the same words;
    then the same place in the document (kind, section, number); then the most similar text
    of the same kind.

    Returns the pairs, the parsed findings nobody matched, and the stored findings nobody
    matched.
    """
    import difflib

    free = list(existing)
    pairs, rest = [], list(wanted)
    # The same text, then the same words (another rendition of the document, or another
    # extraction of it, may lose or change apostrophes and punctuation).
    for key in (normal_text, loose_text):
        by_text: dict[str, list[Finding]] = {}
        for finding in free:
            by_text.setdefault(key(finding.text), []).append(finding)
        unpaired = []
        for entry in rest:
            candidates = by_text.get(key(entry[1].text))
            if candidates:
                finding = candidates.pop(0)
                free.remove(finding)
                pairs.append((finding, entry))
            else:
                unpaired.append(entry)
        rest = unpaired

    unplaced = []
    for entry in rest:
        parsed = entry[1]
        place = (parsed.kind, parsed.section[:300], parsed.number)
        finding = next(
            (
                f
                for f in free
                if parsed.number is not None and (f.kind, f.section, f.number) == place
            ),
            None,
        )
        if finding is None:
            unplaced.append(entry)
        else:
            free.remove(finding)
            pairs.append((finding, entry))

    scored = []
    for index, entry in enumerate(unplaced):
        for finding in free:
            if finding.kind != entry[1].kind and "kind" not in finding.edited_fields:
                continue
            matcher = difflib.SequenceMatcher(None, finding.text, entry[1].text, autojunk=False)
            if matcher.quick_ratio() < SAME_FINDING_RATIO:
                continue
            ratio = matcher.ratio()
            if ratio >= SAME_FINDING_RATIO:
                scored.append((-ratio, index, finding.pk, finding))
    taken_entries, taken_findings = set(), set()
    for _, index, pk, finding in sorted(scored, key=lambda row: row[:3]):
        if index in taken_entries or pk in taken_findings:
            continue
        taken_entries.add(index)
        taken_findings.add(pk)
        pairs.append((finding, unplaced[index]))
    unmatched_parsed = [e for i, e in enumerate(unplaced) if i not in taken_entries]
    unmatched_existing = [f for f in free if f.pk not in taken_findings]
    return pairs, unmatched_parsed, unmatched_existing

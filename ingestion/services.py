"""Writes that touch several models: ingesting one document into the database.

``ingest_document`` is the one code path for the ``ingest`` command and the admin upload:
parse (pure), resolve the authority, then one transaction writes Document, pages,
Inspections, Judgements and Findings — all of it or none of it.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from simple_history.utils import bulk_create_with_history

from authorities.models import Authority
from authorities.resolver import NameIndex
from findings.models import Finding
from inspections.codes import DocumentKind, Framework, JudgementArea
from inspections.models import Document, DocumentPage, IngestRun, Inspection, Judgement

from .pipeline import ParseOutcome, parse_bytes, parse_pages, sha256_of
from .types import Page, ParsedDocument, ParsedFinding, ParsedInspection

log = logging.getLogger(__name__)

#: Frameworks that may name the same event: a recap's guess (sif) meets the report (re-inspection).
#: The longest an Ofsted report has taken to be published after its visit ends.
PUBLICATION_DELAY = datetime.timedelta(days=365)

#: The frameworks of the authority's own full inspections, one of which a vague recap ("the
#: previous inspection of children's services in 2018") may mean: its framework is a guess
#: from the year, and 2013 and 2018 each saw two frameworks.
AUTHORITY_FRAMEWORKS = (
    Framework.PRE_SIF,
    Framework.SIF,
    Framework.SIF_REINSPECTION,
    Framework.LSCB_REVIEW,
    Framework.ILACS_STANDARD,
    Framework.ILACS_SHORT,
)

FRAMEWORK_FAMILIES = {
    Framework.SIF: "sif",
    Framework.SIF_REINSPECTION: "sif",
    Framework.LSCB_REVIEW: "sif",
    Framework.ILACS_STANDARD: "ilacs",
    Framework.ILACS_SHORT: "ilacs",
}


@dataclass
class IngestResult:
    outcome: str  # IngestRun.Outcome value
    sha256: str
    document: Document | None = None
    error: str = ""
    parse: ParseOutcome | None = None
    inspections: list[Inspection] = field(default_factory=list)
    run: IngestRun | None = None


def read_limits() -> dict[str, int]:
    """Every limit on reading one file, from settings (``extract()``'s keyword arguments)."""
    return {
        "max_bytes": settings.INGEST_MAX_BYTES,
        "max_pages": settings.INGEST_MAX_PAGES,
        "max_chars_per_page": settings.INGEST_MAX_CHARS_PER_PAGE,
        "max_chars": settings.INGEST_MAX_CHARS,
        "max_read_memory_mb": settings.INGEST_READ_MEMORY_MB,
        "max_read_seconds": settings.INGEST_READ_SECONDS,
    }


def authority_index() -> tuple[NameIndex, dict[str, Authority]]:
    """A name index over every authority's names and aliases, and authorities by ONS code."""
    authorities = {a.ons_code: a for a in Authority.objects.prefetch_related("aliases")}
    pairs = []
    for authority in authorities.values():
        pairs.append((authority.name, authority.ons_code))
        if authority.official_name:
            pairs.append((authority.official_name, authority.ons_code))
        pairs.extend((alias.name, authority.ons_code) for alias in authority.aliases.all())
    return NameIndex(pairs), authorities


def resolve_authority(
    parsed: ParsedDocument, first_page: str, index: NameIndex, authorities: dict[str, Authority]
) -> Authority | None:
    """The authority a document is about, from the name it writes (then its first page).

    Where a name fits several authorities (an old and a new Dorset), the one that existed at
    the document's date wins.
    """
    codes = index.resolve_all(parsed.authority_name) if parsed.authority_name else ()
    if not codes:
        for text in (parsed.authority_name, first_page):
            code = index.find_in_text(text) if text else None
            if code:
                codes = (code,)
                break
    candidates = [authorities[c] for c in codes if c in authorities]
    if len(candidates) > 1:
        when = parsed.document_date or _first_date(parsed)
        if when:
            existing = [a for a in candidates if a.abolished_on is None or a.abolished_on > when]
            started = [
                a for a in existing if not a.predecessors.exists() or _started_before(a, when)
            ]
            candidates = started or existing
    return candidates[0] if len(candidates) == 1 else None


def _started_before(authority: Authority, when: datetime.date) -> bool:
    """A successor authority exists from the day its predecessors were abolished."""
    dates = [p.abolished_on for p in authority.predecessors.all() if p.abolished_on]
    return not dates or min(dates) <= when


def _first_date(parsed: ParsedDocument) -> datetime.date | None:
    for inspection in parsed.inspections:
        if not inspection.is_recap and inspection.start_date:
            return inspection.start_date
    return parsed.published_on


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
    if existing is not None and existing.status == Document.Status.PARSED:
        result = IngestResult(IngestRun.Outcome.UNCHANGED, digest, document=existing)
        return _record(result, filename, user, dry_run)

    if outcome is None:
        outcome = parse_bytes(data, filename=filename, sha256=digest, **read_limits())
    result = IngestResult(IngestRun.Outcome.FAILED, digest, parse=outcome, error=outcome.error)
    if not outcome.ok:
        return _record(result, filename, user, dry_run)

    parsed = outcome.parsed
    name_index, authorities = index or authority_index()
    authority = resolve_authority(parsed, outcome.pages[0].text, name_index, authorities)
    if authority is None:
        result.error = (
            f"could not tell which authority the document is about "
            f"(it names {parsed.authority_name!r})"
        )
        return _record(result, filename, user, dry_run)
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
                document, inspections = _write(
                    outcome,
                    authority=authority,
                    filename=filename,
                    data=data,
                    published_on=parsed.published_on or published_on,
                    source_url=source_url,
                    publish=publish,
                    replacing=existing,
                    user=user,
                )
    except IntegrityError as exc:
        result.error = f"the database refused the document ({exc})"
        return _record(result, filename, user, dry_run)
    if stored is not None:  # the same bytes, stored by another ingest while this one parsed
        result.outcome, result.document, result.error = IngestRun.Outcome.UNCHANGED, stored, ""
        return _record(result, filename, user, dry_run)
    result.outcome = IngestRun.Outcome.UPDATED if existing else IngestRun.Outcome.CREATED
    result.document = document
    result.inspections = inspections
    return _record(result, filename, user, dry_run)


def _record(result: IngestResult, filename: str, user, dry_run: bool) -> IngestResult:
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
        warnings=list(outcome.parsed.warnings) if outcome and outcome.parsed else [],
        error=result.error,
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
    if replacing is not None:
        replacing.delete()  # a failed or pending earlier attempt at the same bytes
    document = Document(
        kind=parsed.kind,
        authority=authority,
        title=(parsed.title or _default_title(parsed, authority))[:300],
        document_date=parsed.document_date,
        published_on=published_on,
        source_url=source_url,
        committee=parsed.committee[:200],
        original_filename=filename.rsplit("/", 1)[-1][:255],
        media_type=outcome.media_type,
        sha256=outcome.sha256,
        page_count=len(outcome.pages),
        status=Document.Status.PARSED,
        parser=outcome.parser,
        parser_version=outcome.parser_version,
        is_published=publish,
    )
    document._history_user = _history_user(user)
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
        inspections = []
        order = 0
        for item in parsed.inspections:
            inspection = _match_or_create_inspection(authority, item, published_on, parsed)
            inspection.documents.add(document)
            _write_judgements(inspection, item, document, parsed.kind, user=user)
            findings = []
            for finding in item.findings:
                order += 1
                findings.append(
                    Finding(
                        inspection=inspection,
                        document=document,
                        page=finding.page,
                        kind=finding.kind,
                        section=finding.section[:300],
                        number=finding.number,
                        order=order,
                        text=finding.text,
                    )
                )
            bulk_create_with_history(findings, Finding, default_user=_history_user(user))
            inspections.append(inspection)
    except Exception:
        document.file.delete(save=False)
        raise
    transaction.on_commit(lambda: _after_commit(document))
    return document, inspections


def _holds(storage, name: str, sha256: str) -> bool:
    """Whether ``name`` is stored already and holds exactly the bytes of ``sha256``."""
    if not storage.exists(name):
        return False
    with storage.open(name, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest() == sha256


def _after_commit(document: Document) -> None:
    """Work that follows a new document: tag its findings with themes and recompute the
    suggested follow-ups of its authority (findings.services; never fails the ingest)."""
    from findings.services import refresh_for_document

    refresh_for_document(document)


def _default_title(parsed: ParsedDocument, authority: Authority) -> str:
    kind = DocumentKind(parsed.kind).label
    when = parsed.document_date or parsed.published_on or _first_date(parsed)
    return f"{authority.name}: {kind}" + (f", {when:%-d %B %Y}" if when else "")


def _match_or_create_inspection(
    authority: Authority,
    item: ParsedInspection,
    published_on,
    parsed: ParsedDocument,
    linked: tuple[Inspection, ...] = (),
) -> Inspection:
    """The Inspection this item speaks of, matched on authority, framework family and dates.

    A report (not a recap) turns a matching placeholder into the real event and fills in its
    fields; a recap never overwrites what a report wrote. ``linked`` are the inspections the
    document already speaks of (a re-parse): an item whose dates could not be read, which
    matching by dates cannot find, is the linked inspection of its framework with the same
    (missing) dates, not a new one each time.
    """
    # A recap's own words may date the report it recaps; the recapping document's publication
    # date is never that report's.
    stated_published_on = (
        item.published_on if item.is_recap else (item.published_on or published_on)
    )
    match = find_inspection(
        authority,
        EventKey(
            item.framework,
            item.start_date,
            item.end_date,
            stated_published_on,
            item.date_precision,
            item.is_recap,
            item.theme,
            frozenset(j.area for j in item.judgements),
        ),
    )
    if match is None:
        match = next(
            (
                inspection
                for inspection in linked
                if inspection.framework == item.framework
                and inspection.is_placeholder == item.is_recap
                and (inspection.start_date, inspection.end_date)
                == (item.start_date, item.end_date)
            ),
            None,
        )
    if match is None:
        return Inspection.objects.create(
            authority=authority,
            framework=item.framework,
            start_date=item.start_date,
            end_date=item.end_date,
            date_precision=item.date_precision,
            published_on=stated_published_on,
            lead_inspector=item.lead_inspector[:150],
            theme=item.theme[:300],
            visit_number=item.visit_number,
            is_placeholder=item.is_recap,
        )
    staff_values = {name: getattr(match, name) for name in match.edited_fields}
    if not item.is_recap and match.is_placeholder:
        match.framework = item.framework
        match.start_date = item.start_date
        match.end_date = item.end_date
        match.date_precision = item.date_precision
        match.is_placeholder = False
    if item.is_recap:
        match.published_on = match.published_on or stated_published_on
        if match.is_placeholder:
            _refine_dates(match, item.start_date, item.end_date, item.date_precision)
    else:
        match.published_on = stated_published_on or match.published_on
        match.lead_inspector = match.lead_inspector or item.lead_inspector[:150]
        match.theme = match.theme or item.theme[:300]
        match.visit_number = match.visit_number or item.visit_number
    for name, value in staff_values.items():  # what staff corrected by hand wins
        setattr(match, name, value)
    match.save()
    if not item.is_recap:
        _absorb_placeholders(match)
    return match


_PRECISION_RANK = {"day": 0, "month": 1, "year": 2}


def _refine_dates(placeholder: Inspection, start, end, precision: str) -> None:
    """Give a placeholder the most precise dates any source has given it (the earlier start
    between equally precise ones), whatever order the sources arrive in."""
    if start is None:
        return
    current = (
        _PRECISION_RANK.get(placeholder.date_precision, 3) if placeholder.start_date else 4,
        placeholder.start_date or datetime.date.max,
    )
    if (_PRECISION_RANK.get(precision, 3), start) < current:
        placeholder.start_date, placeholder.end_date = start, end
        placeholder.date_precision = precision


def _absorb_placeholders(inspection: Inspection) -> None:
    """Merge into a reported ``inspection`` every other placeholder that speaks of it.

    Recaps and official records made before the report arrived may have left more than one
    placeholder for the same event (one dated by the visit, one by the publication month);
    the report's dates now say which they were, so each one's judgements, findings and
    documents move across and the placeholder goes.
    """
    placeholders = Inspection.objects.filter(
        authority_id=inspection.authority_id,
        framework__in=_frameworks_to_search(_key_of(inspection)),
        is_placeholder=True,
    ).exclude(pk=inspection.pk)
    for placeholder in placeholders:
        # The placeholder's own best match, among the reported inspections, must be this one.
        key = replace(
            _key_of(placeholder),
            areas=frozenset(placeholder.judgements.values_list("area", flat=True)),
        )
        best = find_inspection(inspection.authority, key, exclude=placeholder)
        if best == inspection:
            _merge(placeholder, into=inspection)


def _merge(placeholder: Inspection, *, into: Inspection) -> None:
    """Move a placeholder's judgements, findings and documents to ``into``, then delete it.

    A judgement ``into`` already holds from the same source is the same statement twice.
    """
    held = {
        (area, document or source)
        for area, document, source in into.judgements.values_list(
            "area", "source_document_id", "source"
        )
    }
    for judgement in placeholder.judgements.all():
        if (judgement.area, judgement.source_document_id or judgement.source) in held:
            judgement.delete()
        else:
            judgement.inspection = into
            judgement.save(update_fields=["inspection"])
    placeholder.findings.update(inspection=into)
    into.documents.add(*placeholder.documents.all())
    placeholder.delete()


@dataclass(frozen=True)
class EventKey:
    """What is known of an event's timing, from any source, for matching it to an Inspection."""

    framework: str
    start_date: datetime.date | None
    end_date: datetime.date | None
    published_on: datetime.date | None = None
    date_precision: str = "day"
    is_recap: bool = False
    theme: str = ""
    areas: frozenset[str] = frozenset()

    def can_be(self, framework: str) -> bool:
        """Whether the grades this source gives fit an event of ``framework``: a standalone
        safeguarding board review grades the board alone."""
        if framework == Framework.LSCB_REVIEW:
            return self.areas <= {JudgementArea.LSCB}
        return True

    @property
    def vague(self) -> bool:
        """Known from a recap or paper to the month or year only: its framework is a guess."""
        return self.is_recap and self.date_precision != "day"

    def same_subject(self, theme: str) -> bool:
        """Whether an event of this theme can be the one described.

        A pre-2013 inspection of the fostering or adoption service is a different event from
        the safeguarding or looked-after inspection of the same months, so pre-2013 themes must
        agree. Visits' themes are worded differently by each source, so they are not compared.
        """
        return self.framework != Framework.PRE_SIF or self.theme == theme

    def window(self) -> tuple[datetime.date, datetime.date] | None:
        """The span in which the event happened, widened where the source is vague.

        A recap or a committee paper often gives the month a report was published rather
        than when the inspectors visited, so such windows reach back three months; an event
        whose publication date is known is spoken of by that date too, so its window runs
        from the visit to the publication; an event known only by its publication date
        happened in the five months before it.
        """
        if self.start_date:
            start, end = self.start_date, self.end_date or self.start_date
            if self.is_recap or self.date_precision != "day":
                start -= datetime.timedelta(days=92)
            if self.published_on and start <= self.published_on <= end + PUBLICATION_DELAY:
                end = max(end, self.published_on)
            return start, end
        if self.published_on:
            return self.published_on - datetime.timedelta(days=150), self.published_on
        return None


def _key_of(inspection: Inspection) -> EventKey:
    return EventKey(
        inspection.framework,
        inspection.start_date,
        inspection.end_date,
        inspection.published_on,
        inspection.date_precision,
        inspection.is_placeholder and inspection.date_precision != "day",
        inspection.theme,
    )


def find_inspection(
    authority: Authority, key: EventKey, *, exclude: Inspection | None = None
) -> Inspection | None:
    """The existing Inspection of ``authority`` that ``key`` describes, or None.

    Same framework family, overlapping windows, publication dates (where both are known)
    within a fortnight; an inspection whose own report is in wins over a placeholder made
    from a recap, then one of the same framework family, then the nearest in time. A vague
    key (a recap's month or year) or a vague placeholder may cross framework families.
    """
    window = key.window()
    if window is None:
        return None
    family = _family(key.framework)
    best, best_distance = None, None
    candidates = Inspection.objects.filter(
        authority=authority, framework__in=_frameworks_to_search(key)
    )
    if exclude is not None:
        candidates = candidates.exclude(pk=exclude.pk)
    for candidate in candidates:
        candidate_key = _key_of(candidate)
        if _family(candidate.framework) != family and not (key.vague or candidate_key.vague):
            continue
        other = candidate_key.window()
        if other is None or other[0] > window[1] or window[0] > other[1]:
            continue
        if not (key.same_subject(candidate.theme) and key.can_be(candidate.framework)):
            continue
        if (
            key.published_on
            and candidate.published_on
            and abs((key.published_on - candidate.published_on).days) > 14
        ):
            continue
        distance = (
            candidate.is_placeholder,
            _family(candidate.framework) != family,
            abs((_middle(window) - _middle(other)).days),
        )
        if best_distance is None or distance < best_distance:
            best, best_distance = candidate, distance
    return best


def _family(framework: str) -> str:
    return FRAMEWORK_FAMILIES.get(framework, framework)


def _frameworks_to_search(key: EventKey) -> list[str]:
    """The frameworks an event described by ``key`` may have been recorded under."""
    if key.framework in AUTHORITY_FRAMEWORKS:
        return list(AUTHORITY_FRAMEWORKS)  # vague keys and placeholders may cross families
    return [key.framework]


def _middle(window: tuple[datetime.date, datetime.date]) -> datetime.date:
    return window[0] + (window[1] - window[0]) / 2


def _write_judgements(
    inspection, item: ParsedInspection, document, kind: str, *, user=None
) -> None:
    source = _judgement_source(kind, item)
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
            Judgement(
                inspection=inspection,
                area=judgement.area,
                grade=judgement.grade,
                source=source,
                source_document=document,
                page=judgement.page,
            )
        )
    bulk_create_with_history(new, Judgement, default_user=_history_user(user))


def _judgement_source(kind: str, item: ParsedInspection) -> str:
    if kind == DocumentKind.COMMITTEE_PAPER:
        return Judgement.Source.COMMITTEE_PAPER
    if item.is_recap:
        return Judgement.Source.RECAP
    return Judgement.Source.REPORT


@dataclass
class OfficialImportResult:
    inspections_created: int = 0
    inspections_matched: int = 0
    judgements_written: int = 0
    unresolved: list[str] = field(default_factory=list)


def import_official_outcomes(records) -> OfficialImportResult:
    """Attach Ofsted's official outcomes to the Inspections reports create (or will create).

    Matched by authority, framework family and dates; an event no report describes yet becomes
    a placeholder Inspection that a later report merges into. Idempotent: re-running rewrites
    the same official judgements. Parsing never consults these.
    """
    name_index, authorities = authority_index()
    result = OfficialImportResult()
    new: dict[tuple[int, str], Judgement] = {}
    with transaction.atomic():
        for record in records:
            authority = _official_authority(record, name_index, authorities)
            if authority is None:
                result.unresolved.append(f"{record.row}: {record.authority_name!r}")
                continue
            key = EventKey(record.framework, record.start_date, None, record.published_on)
            inspection = find_inspection(authority, key)
            if inspection is None:
                inspection = Inspection.objects.create(
                    authority=authority,
                    framework=record.framework,
                    start_date=record.start_date,
                    published_on=record.published_on,
                    theme=record.theme[:300],
                    is_placeholder=True,
                )
                result.inspections_created += 1
            else:
                result.inspections_matched += 1
                changed = False
                if not inspection.published_on and record.published_on:
                    inspection.published_on, changed = record.published_on, True
                if not inspection.theme and record.theme:
                    inspection.theme, changed = record.theme[:300], True
                if inspection.is_placeholder and record.start_date:
                    before = (inspection.start_date, inspection.date_precision)
                    _refine_dates(inspection, record.start_date, None, "day")
                    changed = changed or before != (
                        inspection.start_date,
                        inspection.date_precision,
                    )
                if changed:
                    inspection.save()
            existing = {
                judgement.area: judgement
                for judgement in inspection.judgements.filter(
                    source=Judgement.Source.OFFICIAL_STATISTICS, source_document=None
                )
            }
            for area, grade in record.judgements.items():
                judgement = existing.get(area)
                if judgement is None and (inspection.pk, area) in new:
                    new[inspection.pk, area].grade = grade  # listed again: the later wins
                elif judgement is None:
                    new[inspection.pk, area] = Judgement(
                        inspection=inspection,
                        area=area,
                        grade=grade,
                        source=Judgement.Source.OFFICIAL_STATISTICS,
                    )
                elif judgement.grade != grade:
                    judgement.grade = grade
                    judgement.save(update_fields=["grade"])
                result.judgements_written += 1
        # New grades are written together, with their history (one insert each, not a
        # round trip per grade): most of an import's work on a first run.
        bulk_create_with_history(list(new.values()), Judgement)
    return result


def _official_authority(record, name_index: NameIndex, authorities) -> Authority | None:
    if record.ons_code in authorities:
        return authorities[record.ons_code]
    candidates = [authorities[c] for c in name_index.resolve_all(record.authority_name)]
    if len(candidates) > 1:
        # The 2023 publication lists abolished authorities in a table of their own.
        wanted = Authority.Status.FORMER if record.former else Authority.Status.CURRENT
        candidates = [a for a in candidates if a.status == wanted] or candidates
    return candidates[0] if len(candidates) == 1 else None


@dataclass(frozen=True)
class GradeConflict:
    inspection: Inspection
    area: str
    judgements: tuple[Judgement, ...]


def grade_conflicts(authority: Authority | None = None) -> list[GradeConflict]:
    """Every inspection area where sources state different grades, with all their sources."""
    judgements = Judgement.objects.select_related(
        "inspection__authority", "source_document"
    ).order_by("inspection__authority__name", "inspection__start_date", "area")
    if authority is not None:
        judgements = judgements.filter(inspection__authority=authority)
    grouped: dict[tuple[int, str], list[Judgement]] = {}
    for judgement in judgements:
        grouped.setdefault((judgement.inspection_id, judgement.area), []).append(judgement)
    return [
        GradeConflict(group[0].inspection, area, tuple(group))
        for (_, area), group in grouped.items()
        if len({j.grade for j in group}) > 1
    ]


# Staff review: the edits staff make by hand, publishing, and re-parsing that keeps them.

#: The fields staff may correct on the review screen. A field staff changed is listed in the
#: row's ``edited_fields``, and re-parsing leaves it as staff left it.
EDITABLE_FIELDS = {
    Document: (
        "kind",
        "authority",
        "title",
        "document_date",
        "published_on",
        "source_url",
        "committee",
    ),
    Inspection: (
        "authority",
        "framework",
        "start_date",
        "end_date",
        "date_precision",
        "published_on",
        "lead_inspector",
        "theme",
        "visit_number",
        "is_placeholder",
    ),
    Judgement: ("inspection", "area", "grade", "source", "source_document", "page"),
    Finding: ("inspection", "document", "page", "kind", "section", "number", "text"),
}


def note_edits(instance, changed, *, created: bool = False) -> None:
    """Record on ``instance`` (unsaved) which of its fields staff changed by hand.

    A row staff created is theirs whole: every editable field counts as edited, so a
    re-parse never changes or removes it.
    """
    editable = EDITABLE_FIELDS[type(instance)]
    names = set(editable) if created else set(changed) & set(editable)
    instance.edited_fields = sorted(set(instance.edited_fields) | names)


def note_removed_finding(finding: Finding) -> None:
    """Remember that staff removed ``finding`` from its document, so a re-parse does not
    bring it back."""
    document = Document.objects.get(pk=finding.document_id)
    document.removed_findings = [*document.removed_findings, _finding_key(finding)]
    document.save(update_fields=["removed_findings", "updated_at"])


def set_published(*, documents, published: bool, user=None) -> int:
    """Publish (or withdraw) documents; returns how many changed. Each change is recorded
    in the document's history."""
    changed = 0
    with transaction.atomic():
        for document in documents:
            if document.is_published == published:
                continue
            document.is_published = published
            document._history_user = _history_user(user)
            document.save(update_fields=["is_published", "updated_at"])
            changed += 1
    return changed


def _history_user(user):
    return user if user is not None and user.is_authenticated else None


def reparse_document(*, document: Document, user=None) -> IngestResult:
    """Run the current parsers over a stored document again and write what changed.

    The input is the stored file, re-extracted (the judgement tables need its layout), or
    the stored pages' text where the file is gone. Every field staff edited keeps their
    value, rows staff added stay, and findings staff removed stay removed. The IngestRun
    lists what changed and which edits were kept. A parser that now fails changes nothing.
    """
    document = Document.objects.get(pk=document.pk)  # staff may have changed it meanwhile
    outcome = _reparse_input(document)
    result = IngestResult(
        IngestRun.Outcome.FAILED, document.sha256, document=document, parse=outcome
    )
    changes: list[str] = []
    if outcome.ok:
        try:
            with transaction.atomic():
                changes = _reconcile(document, outcome, user=user)
                transaction.on_commit(lambda: _after_commit(document))
        except IntegrityError as exc:
            result.error = f"the database refused the re-parse ({exc})"
        else:
            changed = any(not line.startswith("Kept") for line in changes)
            result.outcome = IngestRun.Outcome.UPDATED if changed else IngestRun.Outcome.UNCHANGED
            result.inspections = list(document.inspections.all())
    else:
        result.error = outcome.error
    filename = document.original_filename or document.file.name
    _record(result, filename, user, dry_run=False)
    result.run.action = IngestRun.Action.REPARSE
    result.run.changes = changes
    result.run.save(update_fields=["action", "changes"])
    return result


def _reparse_input(document: Document) -> ParseOutcome:
    filename = document.original_filename or document.file.name
    data = b""
    if document.file:
        try:
            with document.file.open("rb") as handle:
                data = handle.read()
        except OSError:
            data = b""
    if data and sha256_of(data) == document.sha256:
        return parse_bytes(data, filename=filename, sha256=document.sha256, **read_limits())
    pages = tuple(Page(number=p.number, text=p.text) for p in document.pages.all())
    if not pages:
        return ParseOutcome(document.sha256, filename, error="neither the file nor its pages")
    return parse_pages(
        pages, sha256=document.sha256, filename=filename, media_type=document.media_type
    )


def _reconcile(document: Document, outcome: ParseOutcome, *, user=None) -> list[str]:
    """Bring the stored rows of ``document`` into line with a new parse, edits winning."""
    parsed = outcome.parsed
    reason = f"re-parsed by {outcome.parser} v{outcome.parser_version}"
    changes: list[str] = []
    label = "Document"

    # The document's own fields.
    values = {
        "kind": parsed.kind,
        "document_date": parsed.document_date,
        "committee": parsed.committee[:200],
        "title": (parsed.title or _default_title(parsed, document.authority))[:300],
    }
    if parsed.published_on:
        values["published_on"] = parsed.published_on
    for name, value in values.items():
        _assign(document, name, value, label, changes)
    document.parser, document.parser_version = outcome.parser, outcome.parser_version
    document.status, document.error = Document.Status.PARSED, ""
    document.media_type = outcome.media_type or document.media_type
    document.page_count = len(outcome.pages)
    document._history_user = _history_user(user)
    document._change_reason = reason
    document.save()
    changes.extend(_reconcile_pages(document, outcome.pages))

    # The inspections it speaks of, matched exactly as ingestion matches them.
    authority = document.authority
    published_on = document.published_on
    linked = tuple(document.inspections.all())
    before = {i.pk: _snapshot(i) for i in linked}
    items: list[tuple[Inspection, ParsedInspection]] = []
    for item in parsed.inspections:
        unpaired = tuple(i for i in linked if i.pk not in {done.pk for done, _ in items})
        inspection = _match_or_create_inspection(
            authority, item, published_on, parsed, linked=unpaired
        )
        inspection.documents.add(document)
        items.append((inspection, item))
        if inspection.pk not in before:
            changes.append(f"Inspection added: {inspection}")
        else:
            after = _snapshot(inspection)
            for name, old in before[inspection.pk].items():
                if after[name] != old:
                    changes.append(
                        f"Inspection {inspection}: {name} {_show(old)} → {_show(after[name])}"
                    )

    changes.extend(_reconcile_judgements(document, parsed.kind, items, user, reason))
    changes.extend(_reconcile_findings(document, items, user, reason))

    # Inspections this document no longer speaks of lose the link, and go if nothing else
    # holds them.
    kept_ids = {inspection.pk for inspection, _ in items}
    for inspection in Inspection.objects.filter(pk__in=set(before) - kept_ids):
        if inspection.judgements.filter(source_document=document).exists() or (
            inspection.findings.filter(document=document).exists()
        ):
            continue  # staff's own rows still hold it to this document
        inspection.documents.remove(document)
        changes.append(f"Inspection no longer linked: {inspection}")
        if not (
            inspection.edited_fields
            or inspection.documents.exists()
            or inspection.judgements.exists()
            or inspection.findings.exists()
        ):
            inspection.delete()
    return changes


def _assign(instance, name: str, value, label: str, changes: list[str]) -> bool:
    """Set ``name`` unless staff edited it; note the change, or the edit that was kept."""
    old = getattr(instance, name)
    if old == value:
        return False
    if name in instance.edited_fields:
        changes.append(f"Kept staff's {name} of {label}: {_show(old)} (parser: {_show(value)})")
        return False
    setattr(instance, name, value)
    changes.append(f"{label}: {name} {_show(old)} → {_show(value)}")
    return True


def _assign_inspection(finding: Finding, inspection: Inspection, label, changes) -> bool:
    """``_assign`` for the finding's inspection, compared by key (no query per finding)."""
    if finding.inspection_id == inspection.pk:
        return False
    if "inspection" in finding.edited_fields:
        changes.append(f"Kept staff's inspection of {label}")
        return False
    finding.inspection = inspection
    changes.append(f"{label}: moved to {inspection}")
    return True


def _show(value) -> str:
    if isinstance(value, str):
        short = value if len(value) <= 60 else value[:57] + "…"
        return f"“{short}”"
    return str(value) if value is not None else "(none)"


def _snapshot(inspection: Inspection) -> dict:
    return {name: getattr(inspection, name) for name in EDITABLE_FIELDS[Inspection]}


def _reconcile_pages(document: Document, pages: tuple[Page, ...]) -> list[str]:
    stored = {p.number: p for p in document.pages.all()}
    changes, new = [], []
    for page in pages:
        row = stored.pop(page.number, None)
        if row is None:
            new.append(DocumentPage(document=document, number=page.number, text=page.text))
        elif row.text != page.text:
            row.text = page.text
            row.save(update_fields=["text"])
            changes.append(f"Page {page.number}: text re-extracted")
    DocumentPage.objects.bulk_create(new)
    if new:
        changes.append(f"Pages added: {', '.join(str(p.number) for p in new)}")
    if stored:
        DocumentPage.objects.filter(pk__in=[p.pk for p in stored.values()]).delete()
        changes.append(f"Pages removed: {', '.join(map(str, sorted(stored)))}")
    return changes


def _reconcile_judgements(document, kind, items, user, reason) -> list[str]:
    existing = {(j.inspection_id, j.area): j for j in document.judgements.all()}
    changes, new, seen = [], [], set()
    for inspection, item in items:
        source = _judgement_source(kind, item)
        for parsed in item.judgements:
            key = (inspection.pk, parsed.area)
            if key in seen:
                continue
            seen.add(key)
            judgement = existing.pop(key, None)
            if judgement is None:
                new.append(
                    Judgement(
                        inspection=inspection,
                        area=parsed.area,
                        grade=parsed.grade,
                        source=source,
                        source_document=document,
                        page=parsed.page,
                    )
                )
                changes.append(f"Judgement added: {parsed.area} {parsed.grade}")
                continue
            label = f"judgement {judgement.area}"
            changed = [
                _assign(judgement, "grade", parsed.grade, label, changes),
                _assign(judgement, "page", parsed.page, label, changes),
                _assign(judgement, "source", source, label, changes),
            ]
            if any(changed):
                judgement._history_user = _history_user(user)
                judgement._change_reason = reason
                judgement.save()
    bulk_create_with_history(
        new, Judgement, default_user=_history_user(user), default_change_reason=reason
    )
    for judgement in existing.values():
        if judgement.edited_fields:
            changes.append(f"Kept staff's judgement {judgement.area} {judgement.grade}")
            continue
        judgement._history_user = _history_user(user)
        judgement._change_reason = reason
        judgement.delete()
        changes.append(f"Judgement removed: {judgement.area} {judgement.grade}")
    return changes


def _reconcile_findings(document, items, user, reason) -> list[str]:
    wanted: list[tuple[Inspection, ParsedFinding, int]] = []
    order = 0
    for inspection, item in items:
        for parsed in item.findings:
            order += 1
            wanted.append((inspection, parsed, order))
    existing = list(document.findings.all())
    pairs, unmatched_parsed, unmatched_existing = _pair_findings(existing, wanted)

    changes: list[str] = []
    for finding, (inspection, parsed, position) in pairs:
        label = f"finding {_show(finding.text)}"
        changed = [
            _assign_inspection(finding, inspection, label, changes),
            _assign(finding, "kind", parsed.kind, label, changes),
            _assign(finding, "section", parsed.section[:300], label, changes),
            _assign(finding, "number", parsed.number, label, changes),
            _assign(finding, "page", parsed.page, label, changes),
            _assign(finding, "text", parsed.text, label, changes),
        ]
        if finding.order != position:
            finding.order = position
            changed.append(True)
        if any(changed):
            finding._history_user = _history_user(user)
            finding._change_reason = reason
            finding.save()

    removed = [_normal(entry.get("text", "")) for entry in document.removed_findings]
    new = []
    for inspection, parsed, position in unmatched_parsed:
        if _normal(parsed.text) in removed:
            changes.append(f"Kept staff's removal of finding {_show(parsed.text)}")
            continue
        new.append(
            Finding(
                inspection=inspection,
                document=document,
                page=parsed.page,
                kind=parsed.kind,
                section=parsed.section[:300],
                number=parsed.number,
                order=position,
                text=parsed.text,
            )
        )
        changes.append(f"Finding added: {_show(parsed.text)}")
    bulk_create_with_history(
        new, Finding, default_user=_history_user(user), default_change_reason=reason
    )
    for finding in unmatched_existing:
        if finding.edited_fields:
            changes.append(f"Kept staff's finding {_show(finding.text)}")
            continue
        finding._history_user = _history_user(user)
        finding._change_reason = reason
        finding.delete()
        changes.append(f"Finding removed: {_show(finding.text)}")
    return changes


#: Below this similarity two versions of a finding's text are different findings.
SAME_FINDING_RATIO = 0.6


def _pair_findings(existing: list[Finding], wanted: list):
    """Pair stored findings with a new parse's: the same text first; then the same place in
    the document (kind, section, number); then the most similar text of the same kind.

    Returns the pairs, the parsed findings nobody matched, and the stored findings nobody
    matched.
    """
    import difflib

    free = list(existing)
    pairs, rest = [], []
    by_text: dict[str, list[Finding]] = {}
    for finding in free:
        by_text.setdefault(_normal(finding.text), []).append(finding)
    for entry in wanted:
        candidates = by_text.get(_normal(entry[1].text))
        if candidates:
            finding = candidates.pop(0)
            free.remove(finding)
            pairs.append((finding, entry))
        else:
            rest.append(entry)

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


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


def _finding_key(finding: Finding) -> dict:
    return {
        "kind": finding.kind,
        "section": finding.section,
        "number": finding.number,
        "text": finding.text,
    }

"""Ofsted's official statistics as Judgements on the Inspections that reports create (or
will create): matched by authority, framework family and dates."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from authorities.models import Authority
from authorities.resolver import NameIndex
from inspections.models import Inspection, Judgement
from ofsted_kb.cache import data_changed

from .authorities import authority_index
from .events import EventKey, find_inspection, refine_dates


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
                    refine_dates(inspection, record.start_date, None, "day")
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
        # A bulk insert sends no signal: say the grades changed, or cached pages stay stale.
        data_changed()
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

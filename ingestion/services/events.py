"""Which Inspection a document's item speaks of: matched on authority, framework family and
dates, so a report, the letters and papers that recap it and the official statistics all
meet on one event; placeholders made from recaps merge into the report's event.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace

from authorities.models import Authority
from inspections.codes import AUTHORITY_FRAMEWORKS, FRAMEWORK_FAMILIES, Framework, JudgementArea
from inspections.models import Inspection

from ..types import ParsedDocument, ParsedInspection

#: The longest an Ofsted report has taken to be published after its visit ends.
PUBLICATION_DELAY = datetime.timedelta(days=365)


def match_or_create_inspection(
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
            refine_dates(match, item.start_date, item.end_date, item.date_precision)
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


def refine_dates(placeholder: Inspection, start, end, precision: str) -> None:
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

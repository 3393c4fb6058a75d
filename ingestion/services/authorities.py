"""Which authority a document is about: the names it writes, matched against every
authority's names and aliases, and the date where a name fits an old and a new authority."""

from __future__ import annotations

import datetime

from authorities.models import Authority
from authorities.resolver import NameIndex

from ..types import ParsedDocument


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
        when = parsed.document_date or first_date(parsed)
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


def first_date(parsed: ParsedDocument) -> datetime.date | None:
    for inspection in parsed.inspections:
        if not inspection.is_recap and inspection.start_date:
            return inspection.start_date
    return parsed.published_on

"""Load the project's authority reference files (fixtures/*.csv) into the database.

Used by a data migration, so that every English authority exists after ``migrate``, and by
``manage.py load_authorities`` to apply a corrected reference file. Idempotent: it updates
rows by ONS code and never deletes.
"""

from __future__ import annotations

import csv
import datetime
from pathlib import Path

from .resolver import normalise

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _rows(name: str, fixtures: Path):
    with (fixtures / name).open(newline="", encoding="utf-8") as handle:
        yield from csv.DictReader(handle)


def _codes(value: str) -> list[str]:
    return [code.strip() for code in value.split(";") if code.strip()]


def load_reference(Authority, AuthorityAlias, StatisticalNeighbour, fixtures: Path = FIXTURES):
    """Create or update every authority, alias and neighbour link; return the counts.

    Takes the model classes as arguments so a migration can pass its historical models.
    """
    rows = list(_rows("authorities.csv", fixtures))
    by_code = {}
    for row in rows:
        authority, _ = Authority.objects.update_or_create(
            ons_code=row["ons_code"],
            defaults={
                "name": row["name"],
                "official_name": row["official_name"],
                "slug": row["slug"],
                "previous_ons_codes": row["previous_ons_codes"],
                "la_number": int(row["la_number"]) if row["la_number"] else None,
                "ofsted_urn": int(row["ofsted_urn"]) if row["ofsted_urn"] else None,
                "region": row["region"],
                "kind": row["kind"],
                "status": row["status"],
                "abolished_on": (
                    datetime.date.fromisoformat(row["abolished_on"])
                    if row["abolished_on"]
                    else None
                ),
            },
        )
        by_code[authority.ons_code] = authority
    for row in rows:
        successors = [by_code[code] for code in _codes(row["successor_ons_codes"])]
        by_code[row["ons_code"]].successors.set(successors)

    existing = set(AuthorityAlias.objects.values_list("authority__ons_code", "normalised"))
    new_aliases = []
    for row in _rows("authority_aliases.csv", fixtures):
        key = (row["ons_code"], normalise(row["alias"]))
        if key in existing or not key[1]:
            continue
        existing.add(key)
        new_aliases.append(
            AuthorityAlias(
                authority=by_code[row["ons_code"]], name=row["alias"], normalised=key[1]
            )
        )
    AuthorityAlias.objects.bulk_create(new_aliases)

    StatisticalNeighbour.objects.filter(authority__in=by_code.values()).delete()
    StatisticalNeighbour.objects.bulk_create(
        StatisticalNeighbour(
            authority=by_code[row["ons_code"]],
            neighbour=by_code[row["neighbour_ons_code"]],
            rank=int(row["rank"]),
        )
        for row in _rows("statistical_neighbours.csv", fixtures)
    )
    return {
        "authorities": len(by_code),
        "aliases": len(new_aliases),
        "neighbours": StatisticalNeighbour.objects.count(),
    }

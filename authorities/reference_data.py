"""Build the authority reference files (fixtures/authorities.csv, authority_aliases.csv,
statistical_neighbours.csv) from Ofsted's, DfE's and data-to-insight's published data.

The 153 current authorities come from Ofsted's outcomes as at 31 March 2025, their Ofsted URNs
and DfE LA numbers from the data-to-insight lookup. The former ones are the five abolished since
Ofsted's records begin in 2009 (``FORMER``): Bournemouth, Poole and the old Dorset county (2019),
Northamptonshire (2021) and Cumbria (2023). The build checks them against the 2025 "No longer
exists" status and against every name in the 2023 publication, including its table of abolished
authorities. No URN is published for Bournemouth or the old Dorset, so theirs are blank.

One row per area: where an area kept its boundaries but got a new ONS code, the row carries the
new code and the old ones go in ``previous_ons_codes`` (``PREVIOUS_CODES``). Ofsted's 2025 data
still uses Barnsley's and Sheffield's old codes; they are mapped the same way. The old Dorset is
a separate, former row: the new Dorset lost Christchurch to BCP, so it is not the same area.

Long because each published source needs its own reading and cross-checks, and the facts the
build corrects by hand (``FORMER``, ``PREVIOUS_CODES``) are kept beside the code that uses them.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ofsted_kb.ods import read_sheet, records

from .resolver import NameIndex, normalise

OUTCOMES_2025 = "LA_Inspection_Outcomes_as_at_31_March_2025.ods"
HISTORY_2023 = "Childrens_social_care_in_England_2023_underlying_data.ods"
LOOKUP = "ofsted_provider_lookup.csv"
NEIGHBOURS = "New_Statistical_Neighbour_Groupings_April_2021.csv"

AUTHORITY_COLUMNS = [
    "ons_code",
    "la_number",
    "ofsted_urn",
    "name",
    "slug",
    "region",
    "kind",
    "status",
    "successor_ons_codes",
    "previous_ons_codes",
    "abolished_on",
    "official_name",
]

REGIONS = {
    "east midlands": "east_midlands",
    "east of england": "east_of_england",
    "london": "london",
    "north east, yorkshire and the humber": "north_east_yorkshire_humber",
    "north west": "north_west",
    "south east": "south_east",
    "south west": "south_west",
    "west midlands": "west_midlands",
}

# The ONS code's entity type says what kind of council it is.
KIND_BY_PREFIX = {
    "E10": "county",
    "E06": "unitary",
    "E08": "metropolitan",
    "E09": "london_borough",
}
OTHER_KIND = {"E09000001", "E06000053"}  # City of London, Isles of Scilly

# New code -> the codes the same area had before.
PREVIOUS_CODES = {
    "E06000057": ("E06000048",),  # Northumberland: 2013 boundary correction with Gateshead
    "E08000037": ("E08000020",),  # Gateshead: the same correction
    "E08000038": ("E08000016",),  # Barnsley: boundary correction with Sheffield
    "E08000039": ("E08000019",),  # Sheffield: the same correction
    "E06000060": ("E10000002",),  # Buckinghamshire: county to unitary, 1 April 2020
    "E06000065": ("E10000023",),  # North Yorkshire: county to unitary, 1 April 2023
    "E06000066": ("E10000027",),  # Somerset: county to unitary, 1 April 2023
}


@dataclass(frozen=True)
class Former:
    name: str
    la_number: int  # as in the DfE 2021 groupings' "(Pre LG)" rows and the lookup
    abolished_on: str
    successors: tuple[str, ...]


FORMER = {
    "E06000028": Former("Bournemouth", 837, "2019-04-01", ("E06000058",)),
    "E06000029": Former("Poole", 836, "2019-04-01", ("E06000058",)),
    # Christchurch, a district of the old county, went to BCP; the rest to the new Dorset.
    "E10000009": Former("Dorset", 835, "2019-04-01", ("E06000059", "E06000058")),
    "E10000021": Former("Northamptonshire", 928, "2021-04-01", ("E06000061", "E06000062")),
    "E10000006": Former("Cumbria", 909, "2023-04-01", ("E06000063", "E06000064")),
}

# Official names that are not "<name> County Council" (counties), "London Borough of <name>"
# (London) or "<name> Council" (the rest).
OFFICIAL_NAMES = {
    "City of London": "City of London Corporation",
    "Greenwich": "Royal Borough of Greenwich",
    "Kensington and Chelsea": "Royal Borough of Kensington and Chelsea",
    "Kingston upon Thames": "Royal Borough of Kingston upon Thames",
    "Westminster": "Westminster City Council",
    "Barnsley": "Barnsley Metropolitan Borough Council",
    "Birmingham": "Birmingham City Council",
    "Bradford": "City of Bradford Metropolitan District Council",
    "Calderdale": "Calderdale Metropolitan Borough Council",
    "Coventry": "Coventry City Council",
    "Doncaster": "City of Doncaster Council",
    "Dudley": "Dudley Metropolitan Borough Council",
    "Knowsley": "Knowsley Metropolitan Borough Council",
    "Leeds": "Leeds City Council",
    "Liverpool": "Liverpool City Council",
    "Manchester": "Manchester City Council",
    "Newcastle upon Tyne": "Newcastle City Council",
    "Rochdale": "Rochdale Borough Council",
    "Rotherham": "Rotherham Metropolitan Borough Council",
    "Salford": "Salford City Council",
    "Sandwell": "Sandwell Metropolitan Borough Council",
    "Sheffield": "Sheffield City Council",
    "Solihull": "Solihull Metropolitan Borough Council",
    "St Helens": "St Helens Borough Council",
    "Stockport": "Stockport Metropolitan Borough Council",
    "Sunderland": "Sunderland City Council",
    "Tameside": "Tameside Metropolitan Borough Council",
    "Wolverhampton": "City of Wolverhampton Council",
    "Bedford": "Bedford Borough Council",
    "Blackburn with Darwen": "Blackburn with Darwen Borough Council",
    "Bournemouth": "Bournemouth Borough Council",
    "Brighton and Hove": "Brighton and Hove City Council",
    "Bristol": "Bristol City Council",
    "Darlington": "Darlington Borough Council",
    "Derby": "Derby City Council",
    "Durham": "Durham County Council",
    "Halton": "Halton Borough Council",
    "Hartlepool": "Hartlepool Borough Council",
    "Isles of Scilly": "Council of the Isles of Scilly",
    "Kingston upon Hull": "Hull City Council",
    "Leicester": "Leicester City Council",
    "Luton": "Luton Borough Council",
    "Milton Keynes": "Milton Keynes City Council",
    "Northumberland": "Northumberland County Council",
    "Nottingham": "Nottingham City Council",
    "Peterborough": "Peterborough City Council",
    "Plymouth": "Plymouth City Council",
    "Poole": "Borough of Poole",
    "Portsmouth": "Portsmouth City Council",
    "Reading": "Reading Borough Council",
    "Redcar and Cleveland": "Redcar and Cleveland Borough Council",
    "Rutland": "Rutland County Council",
    "Slough": "Slough Borough Council",
    "Southampton": "Southampton City Council",
    "Southend-on-Sea": "Southend-on-Sea City Council",
    "Stockton-on-Tees": "Stockton-on-Tees Borough Council",
    "Stoke-on-Trent": "Stoke-on-Trent City Council",
    "Swindon": "Swindon Borough Council",
    "Warrington": "Warrington Borough Council",
    "Windsor and Maidenhead": "Royal Borough of Windsor and Maidenhead",
    "Wokingham": "Wokingham Borough Council",
    "York": "City of York Council",
}

# Further forms documents use for current authorities: other council styles, short forms,
# and the trusts and companies that run children's services for a council.
ALIASES = {
    "Bath and North East Somerset": ("B&NES",),
    "Birmingham": ("Birmingham Children's Trust",),
    "Bournemouth, Christchurch and Poole": ("BCP", "BCP Council"),
    "Bradford": (
        "Bradford Children and Families Trust",
        "Bradford Metropolitan District Council",
        "City of Bradford",
    ),
    "Bristol": ("City of Bristol",),
    "Buckinghamshire": ("Buckinghamshire County Council",),
    "City of London": ("Corporation of London",),
    "Doncaster": (
        "Doncaster Metropolitan Borough Council",
        "Doncaster Children's Services Trust",
        "Doncaster Children's Trust",
        "City of Doncaster",
    ),
    "Durham": ("County Durham",),
    "East Riding of Yorkshire": ("East Riding",),
    "Gateshead": ("Gateshead Metropolitan Borough Council",),
    "Greenwich": ("London Borough of Greenwich",),  # royal only since 2012
    "Hammersmith and Fulham": ("LBHF",),
    "Herefordshire": ("County of Herefordshire",),
    "Isles of Scilly": ("Isles of Scilly Council",),
    "Kensington and Chelsea": ("RBKC",),
    "Kent": ("KCC",),
    "Kingston upon Hull": (
        "Hull",
        "Kingston upon Hull City Council",
        "City of Kingston upon Hull",
    ),
    "Kingston upon Thames": ("Kingston", "Achieving for Children"),
    "Leeds": ("Leeds City",),
    "Newcastle upon Tyne": ("Newcastle", "Newcastle upon Tyne City Council"),
    "North Northamptonshire": ("Northamptonshire Children's Trust",),
    "North Yorkshire": ("North Yorkshire County Council",),
    "Reading": ("Brighter Futures for Children",),
    "Richmond upon Thames": ("Richmond", "Achieving for Children"),
    "Sandwell": ("Sandwell Children's Trust",),
    "Sefton": ("Sefton Metropolitan Borough Council",),
    "Slough": (
        "Slough Children First",
        "Slough Children's Services Trust",
        "Slough Children's Trust",
    ),
    "Somerset": ("Somerset County Council",),
    "Southend-on-Sea": ("Southend", "Southend-on-Sea Borough Council"),
    "St Helens": ("Saint Helens",),
    "Sunderland": ("Together for Children", "Together for Children Sunderland"),
    "Wakefield": (
        "City of Wakefield Metropolitan District Council",
        "Wakefield Metropolitan District Council",
    ),
    "Walsall": ("Walsall Metropolitan Borough Council",),
    "West Northamptonshire": ("Northamptonshire Children's Trust",),
    "Westminster": ("City of Westminster",),
    "Windsor and Maidenhead": ("RBWM", "Achieving for Children"),
    "Wirral": ("Metropolitan Borough of Wirral",),
    "Wolverhampton": ("Wolverhampton City Council",),
    "Worcestershire": ("Worcestershire Children First",),
}

# Normalised forms that rightly mean more than one authority: a company or trust serving
# several councils, and a county name reused by its successor.
SHARED_FORMS = {"achieving for children", "northamptonshire childrens trust", "dorset"}


@dataclass
class AuthorityFacts:
    ons_code: str
    name: str
    region: str
    la_number: int | None = None
    ofsted_urn: int | None = None
    status: str = "current"
    abolished_on: str = ""
    successors: tuple[str, ...] = ()
    spellings: set[str] = field(default_factory=set)  # as the official data writes the name

    @property
    def kind(self) -> str:
        if self.ons_code in OTHER_KIND:
            return "other"
        return KIND_BY_PREFIX[self.ons_code[:3]]

    @property
    def official_name(self) -> str:
        if self.name in OFFICIAL_NAMES:
            return OFFICIAL_NAMES[self.name]
        if self.kind == "county":
            return f"{self.name} County Council"
        if self.kind == "london_borough":
            return f"London Borough of {self.name}"
        return f"{self.name} Council"


# ---------------------------------------------------------------------------------------------
# Building the authorities


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def _current_code(code: str) -> str:
    for new, old in PREVIOUS_CODES.items():
        if code in old:
            return new
    return code


def _short_name(ofsted_name: str) -> str:
    return ofsted_name.replace(" & ", " and ")


def _authorities(data_dir: Path) -> dict[str, AuthorityFacts]:
    """Current authorities from Ofsted's 2025 data, former ones from ``FORMER``, with the
    lookup's URNs and LA numbers and every spelling of their names in the official data."""
    outcomes = data_dir / OUTCOMES_2025
    latest = list(records(read_sheet(outcomes, "Inspections_as_at_31_March"), 2))
    history = list(records(read_sheet(outcomes, "ILACS_inspection_history"), 2))
    in_year = list(records(read_sheet(outcomes, "In-year_inspections"), 2))

    authorities: dict[str, AuthorityFacts] = {}
    for record in latest:
        code = _current_code(record["Local authority area code"])
        authorities[code] = AuthorityFacts(
            ons_code=code,
            name=_short_name(record["Local authority name"]),
            region=REGIONS[record["Ofsted region"].casefold()],
        )
    for code, former in FORMER.items():
        authorities[code] = AuthorityFacts(
            ons_code=code,
            name=former.name,
            region="",  # from Ofsted's records below
            la_number=former.la_number,
            status="former",
            abolished_on=former.abolished_on,
            successors=former.successors,
        )

    for record in latest + history + in_year:
        authority = authorities[_current_code(record["Local authority area code"])]
        authority.spellings.add(record["Local authority name"])
        if record.get("Local authority status") == "No longer exists":
            if authority.status != "former":
                raise ValueError(f"{authority.name}: Ofsted says it no longer exists")
            authority.region = REGIONS[record["Ofsted region"].casefold()]
    for row in _read_csv(data_dir / LOOKUP):
        authority = authorities[_current_code(row["la_code_new"])]
        authority.ofsted_urn = int(row["urn"])
        authority.la_number = int(row["la_code"])
        authority.spellings.update({row["local_authority_ons_name"], row["utla23nm"]})
    return authorities


def _history_2023(data_dir: Path) -> dict:
    """The 2023 publication's two tables: authorities as at March 2023, and abolished ones."""
    rows = read_sheet(data_dir / HISTORY_2023, "LA_inspections_2009-2023")
    second = next(i for i, row in enumerate(rows) if i > 4 and "Local authority name" in row)
    return {"current": list(records(rows, 4)), "former": list(records(rows, second))}


def _check_history(authorities: dict[str, AuthorityFacts], history: dict) -> None:
    """Every authority in Ofsted's records since 2009 must be here; takes the former ones'
    regions from the table of abolished authorities where the 2025 data has none."""
    index = NameIndex(
        (form, a.ons_code)
        for a in authorities.values()
        for form in (a.name, a.official_name, *a.spellings)
    )
    for table, rows in history.items():
        for record in rows:
            name = record["Local authority name"]
            found = [authorities[c] for c in index.resolve_all(name)]
            if table == "former":
                found = [a for a in found if a.status == "former"]
            if not found:
                raise ValueError(f"{name!r} ({table} table of the 2023 data) is not known")
            if len(found) == 1:
                found[0].spellings.add(name)
                found[0].region = found[0].region or REGIONS[record["LA region"].casefold()]
    missing = [a.name for a in authorities.values() if not a.region]
    if missing:
        raise ValueError(f"no region for {', '.join(missing)}")


def _check_complete(authorities: dict[str, AuthorityFacts]) -> None:
    names = {a.name for a in authorities.values() if a.status == "current"}
    unknown = (OFFICIAL_NAMES.keys() | ALIASES.keys()) - names - {f.name for f in FORMER.values()}
    if unknown:
        raise ValueError(f"names in OFFICIAL_NAMES or ALIASES that match no authority: {unknown}")
    for authority in authorities.values():
        if authority.status == "current" and not (authority.la_number and authority.ofsted_urn):
            raise ValueError(f"{authority.name} has no LA number or URN in the lookup")
        if any(code not in authorities for code in authority.successors):
            raise ValueError(f"{authority.name} has an unknown successor")


def _slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", normalise(text)).strip("-")


def _slugs(authorities: list[AuthorityFacts]) -> dict[str, str]:
    """Slugs from names; a former authority sharing a current one's name takes its council's
    name ("dorset-county-council")."""
    slugs: dict[str, str] = {}
    for authority in sorted(authorities, key=lambda a: a.status != "current"):
        slug = _slugify(authority.name)
        if slug in slugs.values():
            slug = _slugify(authority.official_name)
        if slug in slugs.values():
            raise ValueError(f"slug {slug!r} is not unique")
        slugs[authority.ons_code] = slug
    return slugs


# ---------------------------------------------------------------------------------------------
# Aliases and neighbours


def _alias_candidates(authority: AuthorityFacts) -> Iterator[str]:
    yield from sorted(authority.spellings)
    for form in (authority.name, authority.official_name):
        if " and " in form:
            yield form.replace(" and ", " & ")
    if authority.kind != "county":
        yield f"{authority.name} Council"
    if authority.status == "current":
        yield from ALIASES.get(authority.name, ())


def _aliases(authorities: list[AuthorityFacts]) -> list[tuple[str, str]]:
    """(ONS code, alias) rows: no alias repeats the authority's name or official name, and no
    two of an authority's aliases normalise alike."""
    rows = []
    for authority in authorities:
        own = {authority.name.casefold(), authority.official_name.casefold()}
        seen: set[str] = set()
        for alias in _alias_candidates(authority):
            alias = " ".join(alias.split())
            key = normalise(alias)
            if not key or alias.casefold() in own or key in seen:
                continue
            seen.add(key)
            rows.append((authority.ons_code, alias))
    return rows


def _check_shared_forms(authorities: list[AuthorityFacts], aliases: list[tuple[str, str]]) -> None:
    codes: dict[str, set[str]] = {}
    pairs = [(a.name, a.ons_code) for a in authorities]
    pairs += [(a.official_name, a.ons_code) for a in authorities] + [(n, c) for c, n in aliases]
    for name, code in pairs:
        codes.setdefault(normalise(name), set()).add(code)
    shared = {key for key, found in codes.items() if len(found) > 1}
    if shared - SHARED_FORMS:
        raise ValueError(f"names shared by several authorities: {sorted(shared - SHARED_FORMS)}")


def _groupings(data_dir: Path) -> list[dict[str, str]]:
    """The DfE 2021 groupings' rows (a blank row separates the abolished authorities)."""
    return [row for row in _read_csv(data_dir / NEIGHBOURS) if row["LA num"].strip()]


def _neighbours(data_dir: Path, authorities: list[AuthorityFacts]) -> list[tuple[str, str, int]]:
    """(authority, neighbour, rank) from the DfE 2021 groupings, LA numbers mapped to ONS."""
    by_number = {a.la_number: a.ons_code for a in authorities}
    return [
        (by_number[int(row["LA num"])], by_number[int(row[f"SN{rank}"])], rank)
        for row in _groupings(data_dir)
        for rank in range(1, 11)
    ]


def _neighbour_spellings(data_dir: Path, authorities: dict[str, AuthorityFacts]) -> None:
    by_number = {a.la_number: a for a in authorities.values()}
    for row in _groupings(data_dir):
        by_number[int(row["LA num"])].spellings.add(row["LA Name"])


# ---------------------------------------------------------------------------------------------
# Writing


def _write(path: Path, header: list[str], rows: Iterable[Iterable]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def _authority_row(authority: AuthorityFacts, slug: str) -> list:
    return [
        authority.ons_code,
        authority.la_number or "",
        authority.ofsted_urn or "",
        authority.name,
        slug,
        authority.region,
        authority.kind,
        authority.status,
        ";".join(authority.successors),
        ";".join(PREVIOUS_CODES.get(authority.ons_code, ())),
        authority.abolished_on,
        authority.official_name,
    ]


def build(data_dir: Path, out_dir: Path) -> dict[str, int]:
    """Read the official data in ``data_dir`` and write the three reference CSVs to
    ``out_dir``; return how many rows of each were written."""
    by_code = _authorities(data_dir)
    _neighbour_spellings(data_dir, by_code)
    _check_history(by_code, _history_2023(data_dir))
    _check_complete(by_code)

    authorities = sorted(by_code.values(), key=lambda a: (a.name, a.status))
    current = sum(a.status == "current" for a in authorities)
    if current != 153:
        raise ValueError(f"{current} current authorities, not 153")
    slugs = _slugs(authorities)
    aliases = _aliases(authorities)
    _check_shared_forms(authorities, aliases)
    neighbours = _neighbours(data_dir, authorities)

    out_dir.mkdir(parents=True, exist_ok=True)
    _write(
        out_dir / "authorities.csv",
        AUTHORITY_COLUMNS,
        (_authority_row(a, slugs[a.ons_code]) for a in authorities),
    )
    _write(out_dir / "authority_aliases.csv", ["ons_code", "alias"], aliases)
    _write(
        out_dir / "statistical_neighbours.csv",
        ["ons_code", "neighbour_ons_code", "rank"],
        neighbours,
    )
    return {
        "current": current,
        "former": len(authorities) - current,
        "aliases": len(aliases),
        "neighbours": len(neighbours),
    }

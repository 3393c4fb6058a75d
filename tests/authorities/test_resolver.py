"""The name resolver and the authority reference files, checked against the real documents."""

import csv
from functools import cache
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from authorities.resolver import NameIndex, normalise
from tests.corpus import CORPUS, PDFS, SEEDS, requires_corpus

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"

REGIONS = {
    "east_midlands",
    "east_of_england",
    "london",
    "north_east_yorkshire_humber",
    "north_west",
    "south_east",
    "south_west",
    "west_midlands",
}
KINDS = {"county", "unitary", "metropolitan", "london_borough", "other"}
# Forms that rightly mean several authorities: a company serving three councils, a trust
# serving two, and the county name the new Dorset reused.
SHARED_FORMS = {"achieving for children", "northamptonshire childrens trust", "dorset"}


def _read(name: str) -> list[dict[str, str]]:
    with (FIXTURES / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


AUTHORITIES = _read("authorities.csv")
ALIASES = _read("authority_aliases.csv")
NEIGHBOURS = _read("statistical_neighbours.csv")
CODE = {row["slug"]: row["ons_code"] for row in AUTHORITIES}


@pytest.fixture(scope="module")
def index() -> NameIndex:
    return NameIndex.from_fixtures(FIXTURES)


# --- normalisation ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Kent County Council", "kent county council"),
        ("  KENT   county\n council ", "kent county council"),
        ("Kent\u00a0County\u00a0Council", "kent county council"),
        ("Telford & Wrekin", "telford and wrekin"),
        ("Bournemouth, Christchurch & Poole", "bournemouth christchurch and poole"),
        ("Children\u2019s services", "childrens services"),
        ("Children's services", "childrens services"),
        ("The Royal Borough of Kensington and Chelsea", "royal borough of kensington and chelsea"),
        ("St. Helens", "st helens"),
        ("Stoke-on-Trent", "stoke on trent"),
        ("Kingston Upon Hull, City of", "kingston upon hull city of"),
        ("Dorset (Pre LG)", "dorset pre lg"),
        ("Südwest", "sudwest"),
        ("", ""),
    ],
)
def test_normalise(name, expected):
    assert normalise(name) == expected


# --- resolve ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Kent", "kent"),
        ("kent", "kent"),
        ("Kent local authority", "kent"),
        ("Kent children\u2019s services", "kent"),
        ("the London Borough of Haringey", "haringey"),
        ("Bristol, City of", "bristol"),
        ("City of Bristol", "bristol"),
        ("Telford & Wrekin Council", "telford-and-wrekin"),
        ("St. Helens Borough Council", "st-helens"),
        ("Hull", "kingston-upon-hull"),
        ("Together for Children", "sunderland"),
        ("Buckinghamshire County Council", "buckinghamshire"),
        ("North Yorkshire County Council", "north-yorkshire"),
        ("Dorset Council", "dorset"),
        ("Dorset County Council", "dorset-county-council"),
        ("Bournemouth", "bournemouth"),
        ("Bournemouth (Pre LG)", "bournemouth"),
        ("City of London", "city-of-london"),
        ("Westmorland & Furness Council", "westmorland-and-furness"),
    ],
)
def test_resolve(index, name, slug):
    assert index.resolve(name) == CODE[slug]


@pytest.mark.parametrize("name", ["Achieving for Children", "ACHIEVING FOR CHILDREN"])
def test_achieving_for_children_is_ambiguous(index, name):
    assert index.resolve(name) is None
    assert set(index.resolve_all(name)) == {
        CODE["kingston-upon-thames"],
        CODE["richmond-upon-thames"],
        CODE["windsor-and-maidenhead"],
    }
    assert index.find_in_text(f"A letter to {name} about its services") is None


def test_northamptonshire_childrens_trust_serves_both_successors(index):
    assert set(index.resolve_all("Northamptonshire Children\u2019s Trust")) == {
        CODE["north-northamptonshire"],
        CODE["west-northamptonshire"],
    }


def test_dorset_alone_means_the_old_or_the_new_county(index):
    assert set(index.resolve_all("Dorset")) == {CODE["dorset"], CODE["dorset-county-council"]}
    assert index.resolve("Dorset") is None


@pytest.mark.parametrize("name", ["", "Ofsted", "Kent and Medway", "Sussex", "Northamptonshire C"])
def test_unknown_names_resolve_to_nothing(index, name):
    assert index.resolve(name) is None


# --- find_in_text -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        (
            "Inspection of looked after children services Kent County Council "
            "Inspection dates: 8 \u2013 12 July 2013",
            "kent",
        ),
        ("Focused visit to Kent children\u2019s services", "kent"),
        ("Children\u2019s services in Kent are good", "kent"),
        ("London Borough of Haringey", "haringey"),
        (
            "Inspection of Bournemouth, Christchurch and Poole local authority "
            "children\u2019s services",
            "bournemouth-christchurch-and-poole",
        ),
        # The longer name wins over the shorter one inside it.
        (
            "Focused visit to North Northamptonshire children\u2019s services",
            "north-northamptonshire",
        ),
        ("Inspection of West Sussex County Council", "west-sussex"),
        ("Bath and North East Somerset Council", "bath-and-north-east-somerset"),
        ("North Somerset", "north-somerset"),
        ("East Riding of Yorkshire", "east-riding-of-yorkshire"),
        ("Kensington and Chelsea", "kensington-and-chelsea"),
        # The subject outweighs names in passing.
        (
            "Inspection of Cumberland local authority children\u2019s services. Cumberland and "
            "Westmorland and Furness came into being on 1 April 2023; before then Cumbria.",
            "cumberland",
        ),
        (
            "The MASH serves Hammersmith and Fulham, Kensington and Chelsea and Westminster. "
            "Focused visit to Kensington and Chelsea local authority children\u2019s services",
            "kensington-and-chelsea",
        ),
        # "reading" is a word, "Reading" a borough.
        ("Inspectors found reading the files useful in Slough", "slough"),
        ("inspection of kent county council", "kent"),
    ],
)
def test_find_in_text(index, text, slug):
    assert index.find_in_text(text) == CODE[slug]


@pytest.mark.parametrize("text", ["", "This letter summarises the findings.", "Sussex"])
def test_find_in_text_without_a_name(index, text):
    assert index.find_in_text(text) is None


def test_find_in_text_ties_are_not_guessed(index):
    assert index.find_in_text("Leeds and Bradford") is None


# --- every name form on the real documents' first pages ---------------------------------------


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Kent County Council", "kent"),
        ("Kent county council", "kent"),
        ("KCC", "kent"),
        ("Kent County Council local authority children\u2019s services", "kent"),
        ("Kent Safeguarding Children Board", "kent"),
        ("Royal Borough of Kensington and Chelsea", "kensington-and-chelsea"),
        (
            "Kensington and Chelsea local authority children\u2019s services",
            "kensington-and-chelsea",
        ),
        ("RBKC", "kensington-and-chelsea"),
        ("Westminster City Council", "westminster"),
        ("London Borough of Hammersmith and Fulham", "hammersmith-and-fulham"),
        ("Bournemouth, Christchurch and Poole Council", "bournemouth-christchurch-and-poole"),
        ("Bournemouth, Christchurch and Poole", "bournemouth-christchurch-and-poole"),
        ("BCP", "bournemouth-christchurch-and-poole"),
        ("North Northamptonshire Council", "north-northamptonshire"),
        ("North Northamptonshire local authority", "north-northamptonshire"),
        ("West Northamptonshire County Council", "west-northamptonshire"),
        ("Northamptonshire County Council", "northamptonshire"),
        ("Cumbria County Council", "cumbria"),
        ("Cumberland local authority children\u2019s services", "cumberland"),
        ("Norfolk County Council", "norfolk"),
        ("Norfolk Council", "norfolk"),
        ("Norfolk Safeguarding Children Board", "norfolk"),
        ("Birmingham City Council", "birmingham"),
        ("Birmingham Children\u2019s Trust", "birmingham"),
        ("Blackpool Council", "blackpool"),
        ("Blackpool Borough Council", "blackpool"),
        ("Blackpool Local Safeguarding Partnership", "blackpool"),
        ("City of Bradford Metropolitan District Council", "bradford"),
        ("City of Bradford Metropolitan Borough Council", "bradford"),
        ("Bradford local authority children\u2019s services", "bradford"),
        ("Bradford Children and Families Trust", "bradford"),
        ("Cornwall Council", "cornwall"),
        ("Doncaster Council", "doncaster"),
        ("Doncaster Metropolitan Borough Council", "doncaster"),
        ("City of Doncaster Council", "doncaster"),
        ("Doncaster Children\u2019s Services Trust", "doncaster"),
        ("Doncaster Children\u2019s Trust", "doncaster"),
        ("Leeds City Council", "leeds"),
        ("Leeds City local authority children\u2019s services", "leeds"),
        ("Leeds Local Safeguarding Partnership", "leeds"),
        ("Lincolnshire County Council", "lincolnshire"),
        ("London Borough of Hackney", "hackney"),
        ("Hackney Council", "hackney"),
        ("London Borough of Haringey", "haringey"),
        ("Haringey Council", "haringey"),
        ("Haringey local authority children\u2019s services", "haringey"),
        ("Northumberland County Council", "northumberland"),
        ("Northumberland Safeguarding Children Board", "northumberland"),
        ("Sandwell Metropolitan Borough Council", "sandwell"),
        ("Sandwell Borough Council", "sandwell"),
        ("Sandwell Council", "sandwell"),
        ("Sandwell Children\u2019s Trust", "sandwell"),
        ("Slough Borough Council", "slough"),
        ("Slough Children First", "slough"),
        ("Slough Children\u2019s Trust", "slough"),
        ("Slough Children\u2019s Services Trust", "slough"),
        ("Somerset County Council", "somerset"),
        ("Somerset Council", "somerset"),
        ("Somerset Local Safeguarding Partnership", "somerset"),
        ("Surrey County Council", "surrey"),
        ("Surrey Safeguarding Children Board", "surrey"),
        ("Surrey Local Safeguarding Partnership", "surrey"),
    ],
)
def test_corpus_name_forms_resolve(index, name, slug):
    assert index.resolve(name) == CODE[slug]


@cache
def _manifest() -> dict[str, dict[str, str]]:
    with (CORPUS / "MANIFEST.csv").open(newline="", encoding="utf-8") as handle:
        return {row["file"]: row for row in csv.DictReader(handle)}


def _first_pages(path: Path, count: int = 2) -> str:
    pdf = pdfium.PdfDocument(path)
    try:
        return "\n".join(
            pdf[i].get_textpage().get_text_range() for i in range(min(count, len(pdf)))
        )
    finally:
        pdf.close()


PDF_NAMES = sorted(p.name for p in PDFS.glob("*.pdf")) if CORPUS.is_dir() else ["(no corpus)"]


@requires_corpus
@pytest.mark.parametrize("file_name", PDF_NAMES)
def test_find_in_text_names_each_corpus_pdfs_authority(index, file_name):
    path = PDFS / file_name
    if not path.read_bytes()[:1024].lstrip().startswith(b"%PDF"):
        pytest.skip("not a PDF (an HTML page saved with a .pdf name)")
    entry = _manifest()[file_name]
    urn_codes = {row["ofsted_urn"]: row["ons_code"] for row in AUTHORITIES}
    expected = urn_codes[entry["ofsted_urn"]]
    assert index.resolve(entry["authority"]) == expected
    assert index.find_in_text(_first_pages(path)) == expected


@requires_corpus
@pytest.mark.parametrize(
    ("prefix", "slug"),
    [
        ("000_", "kent"),
        ("001_", "kent"),
        ("002_", "kent"),
        ("003_", "kent"),
        ("004_", "kensington-and-chelsea"),
    ],
)
def test_find_in_text_names_each_seed_texts_authority(index, prefix, slug):
    (path,) = SEEDS.glob(f"{prefix}*.txt")
    assert index.find_in_text(path.read_text(encoding="utf-8")) == CODE[slug]


# --- the reference files ----------------------------------------------------------------------


def test_153_current_authorities_and_the_former_ones():
    statuses = [row["status"] for row in AUTHORITIES]
    assert statuses.count("current") == 153
    assert set(statuses) == {"current", "former"}
    former = {row["name"] for row in AUTHORITIES if row["status"] == "former"}
    assert {"Northamptonshire", "Cumbria", "Bournemouth", "Poole", "Dorset"} <= former


def test_codes_and_slugs_are_unique_and_well_formed():
    codes = [row["ons_code"] for row in AUTHORITIES]
    previous = [c for row in AUTHORITIES for c in row["previous_ons_codes"].split(";") if c]
    assert len(set(codes + previous)) == len(codes) + len(previous)
    slugs = [row["slug"] for row in AUTHORITIES]
    assert len(set(slugs)) == len(slugs)
    for row in AUTHORITIES:
        assert row["ons_code"].startswith("E") and len(row["ons_code"]) == 9
        assert row["slug"] == row["slug"].lower() and " " not in row["slug"]
        assert row["region"] in REGIONS, row
        assert row["kind"] in KINDS, row
        assert row["name"] and row["official_name"], row


def test_current_authorities_have_dfe_numbers_and_urns():
    current = [row for row in AUTHORITIES if row["status"] == "current"]
    numbers = [row["la_number"] for row in current]
    assert all(len(n) == 3 and n.isdigit() for n in numbers)
    assert len(set(numbers)) == len(numbers)
    assert all(row["ofsted_urn"].isdigit() for row in current)


def test_former_authorities_have_dates_and_existing_successors():
    codes = {row["ons_code"] for row in AUTHORITIES}
    for row in AUTHORITIES:
        successors = [c for c in row["successor_ons_codes"].split(";") if c]
        if row["status"] == "former":
            assert successors and row["abolished_on"], row
            assert set(successors) <= codes
        else:
            assert not successors and not row["abolished_on"], row


def test_aliases_point_at_authorities_and_clash_only_where_shared():
    codes = {row["ons_code"] for row in AUTHORITIES}
    assert {row["ons_code"] for row in ALIASES} <= codes
    per_authority = [(row["ons_code"], normalise(row["alias"])) for row in ALIASES]
    assert len(set(per_authority)) == len(per_authority)
    meanings: dict[str, set[str]] = {}
    forms = [(row["name"], row["ons_code"]) for row in AUTHORITIES]
    forms += [(row["official_name"], row["ons_code"]) for row in AUTHORITIES]
    forms += [(row["alias"], row["ons_code"]) for row in ALIASES]
    for form, code in forms:
        meanings.setdefault(normalise(form), set()).add(code)
    assert {form for form, found in meanings.items() if len(found) > 1} == SHARED_FORMS


def test_statistical_neighbours_are_ten_ranked_known_authorities():
    codes = {row["ons_code"] for row in AUTHORITIES}
    ranks: dict[str, list[int]] = {}
    for row in NEIGHBOURS:
        assert row["ons_code"] != row["neighbour_ons_code"]
        assert {row["ons_code"], row["neighbour_ons_code"]} <= codes
        ranks.setdefault(row["ons_code"], []).append(int(row["rank"]))
    assert all(sorted(found) == list(range(1, 11)) for found in ranks.values())
    assert len(ranks[CODE["kent"]]) == 10


@pytest.mark.parametrize(
    ("host", "name"),
    [
        ("democracy.kent.gov.uk", "Kent"),
        ("www.eastsussex.gov.uk", "East Sussex"),
        ("moderngov.bcpcouncil.gov.uk", "Bournemouth, Christchurch and Poole"),
        ("www.lbbd.gov.uk", "Barking and Dagenham"),
        ("committees.brighton-hove.gov.uk", "Brighton and Hove"),
        ("WWW.LEEDS.GOV.UK:443", "Leeds"),
        ("reports.ofsted.gov.uk", None),
        ("www.gov.uk", None),
        ("kent.example.com", None),
    ],
)
def test_a_councils_web_address_names_the_council(host, name):
    index = NameIndex.from_fixtures(FIXTURES)
    code = index.resolve_host(host)
    expected = index.resolve(name) if name else None
    assert code == expected and (name is None or code is not None)

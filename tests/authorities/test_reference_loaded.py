"""After ``migrate``, every English authority is in the database with its facts and links."""

import pytest

from authorities.models import Authority, StatisticalNeighbour

pytestmark = pytest.mark.django_db


def test_all_current_authorities_with_unique_ons_codes():
    current = Authority.objects.current()
    assert current.count() == 153
    codes = list(current.values_list("ons_code", flat=True))
    assert len(set(codes)) == len(codes)
    assert not current.filter(la_number__isnull=True).exists()


def test_former_authorities_link_to_their_successors():
    northamptonshire = Authority.objects.get(name="Northamptonshire")
    assert not northamptonshire.is_current
    assert {a.name for a in northamptonshire.successors.all()} == {
        "North Northamptonshire",
        "West Northamptonshire",
    }
    bcp = Authority.objects.get(slug="bournemouth-christchurch-and-poole")
    assert {"Bournemouth", "Poole"} <= {a.name for a in bcp.predecessors.all()}
    cumbria = Authority.objects.get(name="Cumbria")
    assert {a.name for a in cumbria.successors.all()} == {
        "Cumberland",
        "Westmorland and Furness",
    }


def test_kent_has_its_codes_region_and_aliases():
    kent = Authority.objects.get(slug="kent")
    assert (kent.ons_code, kent.la_number, kent.ofsted_urn) == ("E10000016", 886, 80476)
    assert kent.region == "south_east"
    assert kent.kind == Authority.Kind.COUNTY
    assert kent.aliases.filter(name="Kent County Council").exists() or (
        kent.official_name == "Kent County Council"
    )


def test_statistical_neighbours_are_ten_ranked_authorities():
    kent = Authority.objects.get(slug="kent")
    ranks = list(
        StatisticalNeighbour.objects.filter(authority=kent).values_list("rank", flat=True)
    )
    assert ranks == list(range(1, 11))

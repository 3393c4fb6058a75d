"""Querysets compiled once a process (``ofsted_kb.prepared``) read what the queryset itself
reads, for every id, with select_related, annotations, values_list and any number of ids."""

import datetime

import pytest
from django.db.models import Count, F
from django.db.models.functions import Coalesce

from findings.models import Finding
from inspections.models import Inspection
from ofsted_kb.prepared import Prepared
from tests.factories import AuthorityFactory, FindingFactory, InspectionFactory

pytestmark = pytest.mark.django_db


def inspections_of(authority_id):
    return (
        Inspection.objects.filter(authority=authority_id)
        .select_related("authority")
        .annotate(when=Coalesce("start_date", "published_on"))
        .order_by(F("when").desc(nulls_last=True), "pk")
    )


@pytest.fixture
def two_authorities():
    first, second = AuthorityFactory(), AuthorityFactory()
    for authority, years in ((first, (2015, 2019, 2023)), (second, (2012, 2021))):
        for year in years:
            inspection = InspectionFactory(
                authority=authority,
                start_date=datetime.date(year, 3, 1),
                end_date=datetime.date(year, 3, 12),
            )
            FindingFactory.create_batch(year % 3 + 1, inspection=inspection)
    InspectionFactory(
        authority=second, start_date=None, end_date=None, published_on=datetime.date(2024, 1, 5)
    )
    return first, second


def describe(inspection):
    return (inspection.pk, inspection.when, inspection.authority.name)


def test_each_id_reads_what_the_queryset_reads(two_authorities, django_assert_num_queries):
    prepared = Prepared(Inspection, inspections_of)
    for authority in (*two_authorities, *two_authorities):
        with django_assert_num_queries(1):  # the authority came with each inspection
            got = [describe(i) for i in prepared.fetch(authority.pk)]
        assert got == [describe(i) for i in inspections_of(authority.pk)]
        assert got  # both authorities have inspections
    assert prepared.fetch(-5) == []
    assert prepared.fetch(2**70) == []  # an address made up to overflow the column


def test_a_made_up_inspection_address_is_not_found(client):
    assert client.get("/inspections/99999999999999999999999/").status_code == 404
    assert client.get("/authorities/no-such-place/").status_code == 404


def test_the_query_is_built_and_compiled_once(two_authorities):
    built = []

    def build(authority_id):
        built.append(authority_id)
        return inspections_of(authority_id)

    prepared = Prepared(Inspection, build)
    first, second = two_authorities
    assert len(prepared.fetch(first.pk)) == 3
    assert len(prepared.fetch(second.pk)) == 3
    assert len(built) == 1 and built[0] not in (first.pk, second.pk)


def test_values_list_with_an_aggregate(two_authorities):
    def counts(authority_id):
        return (
            Finding.objects.filter(inspection__authority=authority_id)
            .order_by()
            .values_list("inspection_id")
            .annotate(count=Count("pk"))
        )

    prepared = Prepared(Finding, counts)
    for authority in two_authorities:
        assert sorted(prepared.fetch(authority.pk)) == sorted(counts(authority.pk))


def test_any_number_of_ids(two_authorities):
    def of_inspections(*ids):
        return Finding.objects.filter(inspection__in=ids).order_by("pk")

    prepared = Prepared(Finding, of_inspections)
    inspections = list(Inspection.objects.order_by("pk").values_list("pk", flat=True))
    for chosen in (inspections[:1], inspections[1:4], inspections[:3], inspections):
        expected = list(of_inspections(*chosen))
        assert expected
        assert prepared.fetch_any(chosen, slots=4) == expected
    assert prepared.fetch_any([], slots=4) == []


def test_a_query_that_leaves_out_an_id_is_refused():
    prepared = Prepared(Inspection, lambda authority_id: Inspection.objects.all())
    with pytest.raises(ValueError, match="does not use ids"):
        prepared.fetch(1)


def test_a_query_of_another_model_is_refused():
    prepared = Prepared(Finding, inspections_of)
    with pytest.raises(TypeError, match="not"):
        prepared.fetch(1)

"""The authorities list: latest grades per area, filters, sorting, former authorities."""

import datetime

import pytest
from django.urls import reverse

from authorities.models import Authority
from inspections.codes import Grade, JudgementArea
from inspections.models import Judgement
from tests.factories import AuthorityFactory, InspectionFactory, JudgementFactory

pytestmark = pytest.mark.django_db

URL = reverse("authorities:authority-list")


def names(response):
    return [authority.name for authority, _ in response.context["rows"]]


def test_each_authority_shows_its_latest_grade_per_area(client, history):
    response = client.get(URL, {"q": "Riverton"})
    assert names(response) == ["Riverton"]
    (_, cells) = response.context["rows"][0]
    assert cells[0].heading == "Overall effectiveness"
    assert cells[0].judgement.grade == Grade.GOOD
    html = response.content.decode()
    assert 'class="grade grade--good">Good</span>' in html  # a word and a colour


@pytest.mark.parametrize(
    ("grade", "expected"),
    [("good", True), ("inadequate", False), ("none", False), ("outstanding", False)],
)
def test_filter_by_latest_overall_grade(client, history, grade, expected):
    response = client.get(URL, {"overall": grade, "q": "Riverton"})
    assert ("Riverton" in names(response)) is expected


def test_requires_improvement_includes_the_old_adequate(client):
    authority = AuthorityFactory(name="Oldgrade")
    JudgementFactory(
        inspection=InspectionFactory(
            authority=authority, start_date=datetime.date(2011, 2, 1), end_date=None
        ),
        grade=Grade.ADEQUATE,
    )
    response = client.get(URL, {"overall": "requires_improvement", "q": "Oldgrade"})
    assert names(response) == ["Oldgrade"]


def test_never_graded_authorities_are_found_as_not_graded(client):
    AuthorityFactory(name="Ungraded")
    response = client.get(URL, {"overall": "none", "q": "Ungraded"})
    assert names(response) == ["Ungraded"]


def test_filters_by_region_kind_and_status(client, history):
    AuthorityFactory(name="Gone", status=Authority.Status.FORMER, region="north_west")
    response = client.get(URL, {"region": "north_west", "status": "former", "q": "Gone"})
    assert names(response) == ["Gone"]
    response = client.get(URL, {"kind": "county", "q": "Riverton"})
    assert names(response) == ["Riverton"]
    response = client.get(URL, {"kind": "london_borough", "q": "Riverton"})
    assert names(response) == []


def test_sorting_by_latest_overall_grade_best_first(client, crowd):
    response = client.get(URL, {"q": "Crowdshire", "ordering": "overall"})
    ranks = [cells[0].judgement.rank for _, cells in response.context["rows"]]
    assert ranks == sorted(ranks)
    response = client.get(URL, {"q": "Crowdshire", "ordering": "-overall"})
    ranks = [cells[0].judgement.rank for _, cells in response.context["rows"]]
    assert ranks == sorted(ranks, reverse=True)


def test_a_former_authority_links_to_its_successors(client):
    old = AuthorityFactory(name="Oldshire", status=Authority.Status.FORMER)
    new = AuthorityFactory(name="Newshire")
    old.successors.add(new)
    html = client.get(URL, {"q": "Oldshire"}).content.decode()
    assert f'now <a href="{new.get_absolute_url()}">Newshire</a>' in html


def test_the_official_statistics_grade_counts_when_no_report_exists(client):
    authority = AuthorityFactory(name="Statsonly")
    JudgementFactory(
        inspection=InspectionFactory(authority=authority),
        area=JudgementArea.OVERALL_EFFECTIVENESS,
        grade=Grade.INADEQUATE,
        source=Judgement.Source.OFFICIAL_STATISTICS,
        source_document=None,
    )
    response = client.get(URL, {"overall": "inadequate", "q": "Statsonly"})
    assert names(response) == ["Statsonly"]


def test_list_queries_do_not_grow_with_authorities(client, crowd, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        response = client.get(URL, {"ordering": "-overall"})
    assert len(response.context["rows"]) >= 20


def test_names_in_the_rows_are_escaped(client):
    """The rows are written in Python (website/rows.py): a name is text, never markup."""
    former = AuthorityFactory(
        name='Old <script>alert("x")</script> & Co', status=Authority.Status.FORMER
    )
    successor = AuthorityFactory(name="New <b>Town</b>")
    former.successors.add(successor)
    html = client.get(reverse("authorities:authority-list")).content.decode()
    assert "<script>alert" not in html and "<b>Town" not in html
    assert "Old &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co</a>" in html
    assert f'former, now <a href="{successor.get_absolute_url()}">New &lt;b&gt;Town' in html

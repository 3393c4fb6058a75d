"""The long tail: the findings-list addresses the benchmark draws, and the list's index
(findings/listindex.py) answering each of them exactly as the FindingFilter does."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.http import QueryDict

from findings import listindex
from findings.filters import FindingFilter, finding_queryset
from findings.listindex import FindingIndex
from findings.models import Finding
from findings.views import kind_counts
from perf.longtail import draw_finding_lists, draw_searches
from perf.open_data import real_values

pytestmark = pytest.mark.django_db


def test_the_drawn_addresses_are_distinct_and_use_every_filter(nation, client):
    values = real_values()
    urls = draw_finding_lists(values, 150, seed=1)
    assert len(urls) == len(set(urls)) == 150
    asked = {name for url in urls for name in parse_qs(urlsplit(url).query)}
    assert set(FindingFilter.base_filters) | {"page"} <= asked
    assert draw_finding_lists(values, 150, seed=1) == urls  # the same seed, the same draw
    searches = draw_searches(values, 60, seed=1)
    assert len(set(searches)) == 60
    for url in urls[:20] + searches[:10]:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize(
    "few",
    [
        pytest.param(listindex.FEW, id="words among the other filters' findings, by id"),
        pytest.param(0, id="words among the kinds chosen, or among all"),
    ],
)
def test_the_index_answers_every_drawn_combination_as_the_filterset_does(nation, monkeypatch, few):
    """The same findings in the same order, and the same counts by kind, for each drawn
    filter combination; every filter is used by combinations that match something, so no
    filter's comparison is empty."""
    monkeypatch.setattr(listindex, "FEW", few)
    index = FindingIndex()
    urls = draw_finding_lists(real_values(), 150, seed=2)
    # The draw picks among every authority, most of them without findings here.
    authorities = Finding.objects.values_list("inspection__authority__slug", flat=True)
    urls += [
        f"/findings/?authority={slug}&kind=asked_to_improve&date_from=2015-01-01"
        for slug in sorted(set(authorities) - {None})
    ]
    matched: set[str] = set()
    for url in urls:
        params = QueryDict(urlsplit(url).query, mutable=True)
        params.pop("page", None)
        filterset = FindingFilter(params, queryset=finding_queryset())
        assert filterset.is_valid(), url
        selection = index.select(filterset.form.cleaned_data)
        expected = list(filterset.qs.values_list("pk", flat=True))
        assert selection.ids.tolist() == expected, url
        assert selection.kind_counts == kind_counts(filterset.qs), url
        if expected:
            matched |= set(params)
    # Every filter is among the combinations that matched something.
    assert matched == set(FindingFilter.base_filters)


def test_the_api_counts_each_drawn_combination_as_the_page_does(nation, client):
    """The API's findings total comes from the same index: equal to the page's count."""
    for url in draw_finding_lists(real_values(), 25, seed=4):
        query = QueryDict(urlsplit(url).query, mutable=True)
        query.pop("page", None)
        page = client.get(f"/findings/?{query.urlencode()}")
        api = client.get(f"/api/v1/findings/?{query.urlencode()}")
        assert api.status_code == 200, url
        assert api.json()["count"] == page.context["paginator"].count, url


def test_words_looked_for_among_all_findings_are_kept_for_the_next_page(
    nation, monkeypatch, django_assert_num_queries
):
    """Paging through a list filtered by common words scans every finding's text once."""
    monkeypatch.setattr(listindex, "FEW", 0)
    index = FindingIndex()
    word = real_values().words[0]
    first = index.select({"q": word})
    with django_assert_num_queries(0):
        again = index.select({"q": word, "date_from": None})
    assert again.ids.tolist() == first.ids.tolist()
    with django_assert_num_queries(1):  # other kinds: another scan
        index.select({"q": word, "kind": ["recommendation"]})

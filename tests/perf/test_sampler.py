"""perf's one URL sampler: the benchmark measures its pages, the load drills request them all."""

import pytest

from perf.benchmark import PAGES, sample_urls
from perf.loadtest import site_paths

pytestmark = pytest.mark.django_db


def test_every_page_the_benchmark_measures_is_sampled_and_answers(nation, client):
    urls = sample_urls(per_page=3)
    assert {page for page, _ in PAGES} <= set(urls)
    assert urls["document"], "the load drills request documents too"
    for page, found in urls.items():
        assert found, page
        for url in found:
            assert client.get(url).status_code == 200, url


def test_the_drills_request_every_sampled_url(nation):
    urls = sample_urls(per_page=3)
    assert site_paths(3) == [url for found in urls.values() for url in found]

"""Rows for the benchmark tests: a small synthetic nation beside one real authority."""

import pytest

from perf import synthetic
from tests.factories import DocumentPageFactory, FindingFactory, ThemeFactory
from tests.website.conftest import crowd, history  # noqa: F401 (fixtures the tests here reuse)

#: Three synthetic authorities: every kind of document, in seconds.
SMALL = 0.02


@pytest.fixture
def real(db):
    """One real authority's finding, with its document and a page."""
    theme = ThemeFactory(slug="care-leavers", name="Care leavers")
    finding = FindingFactory(
        text="Personal advisers keep in touch with care leavers in Realtown.", page=1
    )
    finding.themes.add(theme)
    DocumentPageFactory(
        document=finding.document, number=1, text="Care leavers in Realtown are well supported."
    )
    return finding


@pytest.fixture
def nation(db):
    """The synthetic authorities and their histories at SMALL scale, seed 1."""
    synthetic.generate(scale=SMALL, seed=1)
    return synthetic.synthetic_authorities()

"""Links reversed once per URL name are the links reverse() gives, whatever the prefix."""

import pytest
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix

from ofsted_kb import links
from tests.factories import AuthorityFactory, FindingFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("prefix", ["/", "/kb/"])
def test_each_models_link_is_what_reverse_gives(prefix):
    set_script_prefix(prefix)
    try:
        authority = AuthorityFactory(slug="east-riding_of-yorkshire-2")
        finding = FindingFactory(inspection__authority=authority)
        expected = {
            authority.get_absolute_url(): reverse(
                "authorities:authority-detail", kwargs={"slug": authority.slug}
            ),
            finding.get_absolute_url(): reverse(
                "findings:finding-detail", kwargs={"pk": finding.pk}
            ),
            finding.document.get_absolute_url(): reverse(
                "inspections:document-detail", kwargs={"pk": finding.document.pk}
            ),
            finding.inspection.get_absolute_url(): reverse(
                "inspections:inspection-detail", kwargs={"pk": finding.inspection.pk}
            ),
        }
        for fast, slow in expected.items():
            assert fast == slow
            assert fast.startswith(prefix)
    finally:
        clear_script_prefix()


def test_a_url_that_takes_no_argument_is_refused():
    with pytest.raises(NoReverseMatch):
        links.url("findings:finding-list", 1)

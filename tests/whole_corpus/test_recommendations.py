"""Every recommendation read from the corpus asks for something, by its form: a section whose
heading was lost must not pass its narrative off as recommendations (no database)."""

from ingestion.parsers._recommendations import Form, form_of
from inspections.codes import FindingKind
from tests.corpus import SEEDS, parsed_corpus


def _recommendations():
    for path, outcome in parsed_corpus():
        if outcome.parsed is None:
            continue
        for inspection in outcome.parsed.inspections:
            for finding in inspection.findings:
                if finding.kind == FindingKind.RECOMMENDATION:
                    yield path, finding


def test_every_recommendation_asks_for_something():
    found = list(_recommendations())
    assert len(found) > 1300
    # A poor text copy (the Kent 2017 seed) lost the first line of some: their form cannot
    # be told, but none may state rather than ask.
    not_asking = [
        (path.name, finding.page, finding.number, finding.text[:80])
        for path, finding in found
        if form_of(finding.text) is not Form.REQUEST
        and not (path.parent == SEEDS and form_of(finding.text) is Form.UNKNOWN)
    ]
    assert not_asking == []

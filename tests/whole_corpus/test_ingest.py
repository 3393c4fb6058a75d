"""The whole dev corpus ingests: every real PDF but the HTML page, one event per inspection."""

from collections import Counter

import pytest

from ingestion.services import grade_conflicts
from inspections.models import Document, Inspection

pytestmark = pytest.mark.django_db

HTML_PAGE = "d2i-ilacs__80429_birmingham__children's services inspection - 19 october 2012.pdf"


def test_every_pdf_ingests_and_the_html_page_is_refused(corpus_db):
    failed = {name: r.error for name, r in corpus_db.items() if r.outcome == "failed"}
    assert set(failed) == {HTML_PAGE}, failed
    assert "HTML page" in failed[HTML_PAGE]
    assert Document.objects.count() == len(corpus_db) - 1


def test_each_document_is_about_the_authority_the_manifest_names(corpus_db):
    import csv

    from tests.corpus import CORPUS

    with (CORPUS / "MANIFEST.csv").open(newline="", encoding="utf-8") as handle:
        urns = {row["file"]: int(row["ofsted_urn"]) for row in csv.DictReader(handle)}
    wrong = {}
    for name, result in corpus_db.items():
        if result.document is None or name not in urns:
            continue
        if result.document.authority.ofsted_urn != urns[name]:
            wrong[name] = result.document.authority.name
    assert not wrong


def test_no_duplicate_inspections(corpus_db):
    keys = Counter(
        Inspection.objects.filter(is_placeholder=False).values_list(
            "authority_id", "framework", "start_date"
        )
    )
    assert [key for key, n in keys.items() if n > 1] == []


def test_grade_conflicts_name_both_sources(corpus_db):
    for conflict in grade_conflicts():
        assert len(conflict.judgements) >= 2
        assert len({j.grade for j in conflict.judgements}) > 1


def test_no_finding_keeps_a_fonts_private_bullet_glyph(corpus_db):
    """Wingdings and Symbol bullets arrive as private-use characters (U+F02D, U+F0B7...): they
    start list items, never stay in a finding's text."""
    import re

    from findings.models import Finding

    glyph = re.compile("[\ue000-\uf8ff]")
    kept = [
        text[:80] for text in Finding.objects.values_list("text", flat=True) if glyph.search(text)
    ]
    assert kept == []

"""The ``ingest`` command's manifest: what documents do not state themselves (publication
date, source), read from a CSV such as the corpus's own MANIFEST.csv, as it is."""

import csv

import pytest
from django.core.management import call_command

from ingestion.management.commands.ingest import source_url
from inspections.models import Document
from tests.corpus import CORPUS, manifest_rows, pdf_path, requires_corpus

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("given", "url"),
    [
        (
            "https://reports.ofsted.gov.uk/provider/44/80431",
            "https://reports.ofsted.gov.uk/provider/44/80431",
        ),
        (
            "JT-39/ofsted-ilacs-scrape-tool:"
            "export_data/inspection_reports/80431_blackpool/a b.pdf",
            "https://github.com/JT-39/ofsted-ilacs-scrape-tool/blob/HEAD/"
            "export_data/inspection_reports/80431_blackpool/a%20b.pdf",
        ),
        ("somewhere on a shared drive", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_a_source_becomes_a_url_or_nothing(given, url):
    assert source_url(given) == url


@requires_corpus
def test_the_corpus_manifest_is_read_as_it_is(tmp_path):
    """Two real ILACS reports (which print no publication date) get the listing date and a
    link to where the file came from."""
    rows = [r for r in manifest_rows() if r["listing_label"] == "children's services inspection"]
    rows = [r for r in rows if r["listing_date"] >= "2019"][:2]
    folder = tmp_path / "batch"
    folder.mkdir()
    for row in rows:
        (folder / row["file"]).symlink_to(pdf_path(row["file"].removesuffix(".pdf")))
    call_command("ingest", str(folder), "--manifest", str(CORPUS / "MANIFEST.csv"), "--jobs", "1")
    for row in rows:
        document = Document.objects.get(original_filename=row["file"])
        assert document.published_on.isoformat() == row["listing_date"]
        repo = row["source"].split(":", 1)[0]
        assert document.source_url.startswith(f"https://github.com/{repo}/blob/HEAD/")
        assert document.source_url.endswith(".pdf")


def test_a_manifest_without_a_file_column_is_refused(tmp_path):
    manifest = tmp_path / "manifest.csv"
    with manifest.open("w", newline="") as handle:
        csv.writer(handle).writerows([["name", "listing_date"], ["a.pdf", "2020-01-01"]])
    (tmp_path / "a.txt").write_text("hello")
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="cannot read the manifest"):
        call_command("ingest", str(tmp_path / "a.txt"), "--manifest", str(manifest))

"""``manage.py measure_extraction`` on a few real corpus files and a manifest that lists some of
them wrongly on purpose: the figures it prints are the real ones."""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command

from perf.extraction import FIRST_20, named_groups, split_groups
from tests.corpus import CORPUS, manifest_rows, pdf_path, requires_corpus

pytestmark = pytest.mark.django_db

BARNET_2019 = "barnet__children's services inspection - 01 july 2019"
BARNET_VISIT = "barnet__children's services focused visit - 02 august 2021"
KENT_VISIT = "kent__children's services focused visit - 08 february 2019"
HTML_PAGE = "birmingham__children's services inspection - 19 october 2012"


def _batch(tmp_path):
    """Four real files and a note no parser reads, with a manifest that lists the Kent letter
    as Barnet's and the Barnet letter as a JTAI."""
    folder = tmp_path / "pdf"
    folder.mkdir()
    rows = {row["file"]: row for row in manifest_rows()}
    listed = []
    for fragment in (BARNET_2019, BARNET_VISIT, KENT_VISIT, HTML_PAGE):
        path = pdf_path(fragment)
        (folder / path.name).symlink_to(path)
        listed.append(dict(rows[path.name]))
    barnet = listed[0]
    listed[1]["listing_label"] = "joint area child protection inspection"
    listed[2].update(authority=barnet["authority"], ofsted_urn=barnet["ofsted_urn"])
    (folder / "note.txt").write_text("Notes of a meeting.\n\nWe met and talked about lunch.\n")
    listed.append({**barnet, "file": "note.txt"})
    with (tmp_path / "MANIFEST.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(barnet))
        writer.writeheader()
        writer.writerows(listed)
    return folder


@requires_corpus
def test_the_figures_are_the_real_ones(tmp_path):
    out = io.StringIO()
    call_command(
        "measure_extraction",
        str(_batch(tmp_path)),
        "--data-dir",
        str(CORPUS / "data"),
        "--groups",
        "all",
        "--jobs",
        "1",
        "--json",
        stdout=out,
    )
    figures = json.loads(out.getvalue())["all"]
    assert figures["members"] == ["barnet", "birmingham"]
    assert (figures["documents"], figures["ingested without review"]) == (5, 3)
    assert (figures["kept for review"], figures["refused"]) == (1, 1)
    [review] = figures["kept for review files"]
    assert review["file"] == "note.txt" and "not read" in review["why"]
    [refused] = figures["refused files"]
    assert "birmingham" in refused["file"] and "HTML page" in refused["why"]

    # Barnet's report and visit are Barnet's; the Kent letter, listed as Barnet's, is not.
    assert (figures["authority right"], figures["authority wrong"]) == (2, 1)
    assert figures["authority not placed"] == 2  # the note and the HTML page
    [wrong] = figures["authority wrong files"]
    assert "kent" in wrong["file"] and wrong["why"] == "read as Kent, listed as Barnet"
    # The letter listed as a JTAI is a focused visit.
    assert (figures["kind right"], figures["kind wrong"], figures["kind not read"]) == (2, 1, 2)
    [wrong] = figures["kind wrong files"]
    assert BARNET_VISIT in wrong["file"] and wrong["why"].startswith("read as focused_visit")

    # Barnet's 2019 ILACS report, graded in four areas, found its official record and agrees.
    ilacs = figures["eras"]["ILACS"]
    assert (ilacs["reports"], ilacs["with official record"]) == (1, 1)
    assert ilacs["grades compared"] == ilacs["agreeing"] == 4
    assert figures["eras"]["SIF"]["reports"] == figures["eras"]["pre-2013"]["reports"] == 0
    # The three readable Ofsted documents each report one event, dated, with its inspector.
    assert figures["events reported"] == 3
    assert figures["events without visit dates"] == figures["events without lead inspector"] == 0
    assert figures["findings"]["recommendations"] == 0
    assert figures["findings"]["areas for improvement"] > 0


@requires_corpus
def test_the_table_names_each_group(tmp_path):
    out = io.StringIO()
    folder = _batch(tmp_path)
    args = ["--data-dir", str(CORPUS / "data"), "--split", "3", "--jobs", "1"]
    call_command("measure_extraction", str(folder), *args, stdout=out)
    text = out.getvalue()
    assert "half A (seed 3)" in text and "half B" in text
    assert "kept for review files (1):\n  note.txt: not read" in text


def test_the_first_20_and_the_rest_split_the_authorities():
    authorities = {name.lower() for name in FIRST_20} | {"barnet", "york"}
    groups = named_groups(authorities, ["first20", "rest"])
    assert groups["rest"] == {"barnet", "york"}
    assert len(groups["first20"]) == 20
    halves = split_groups(authorities, 7)
    assert halves == split_groups(authorities, 7)
    first, second = halves.values()
    assert (len(first), len(second), first & second) == (11, 11, set())


def test_a_database_not_named_for_a_benchmark_is_refused(settings, monkeypatch):
    from django.db import connection

    monkeypatch.setitem(connection.settings_dict, "NAME", "/tmp/ofsted.sqlite3")
    monkeypatch.setattr(connection, "vendor", "sqlite")
    with pytest.raises(CommandError, match="not named for a benchmark"):
        call_command("measure_extraction", "/nowhere")

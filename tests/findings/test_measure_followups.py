"""manage.py measure_followups on a small real slice: two Ealing reports, ingested as the site
ingests them, judged by the labelled set's own rows for them, and by a copy that says wrong."""

import csv
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import TestCase

from findings.measurement import PAIRS, RECALL
from ingestion.services import ingest_document
from tests.corpus import pdf_path

pytestmark = [pytest.mark.django_db, pytest.mark.corpus]

SLICE = (
    "80493_ealing__children's services inspection - 26 august 2016",
    "80493_ealing__children's services inspection - 19 december 2019",
)


@pytest.fixture
def ealing():
    """The 2016 and 2019 Ealing reports, their follow-ups suggested as after an upload."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        documents = [
            ingest_document(
                data=pdf_path(fragment).read_bytes(), filename=pdf_path(fragment).name
            ).document
            for fragment in SLICE
        ]
    return {document.sha256 for document in documents}


def labels_between(shas, tmp_path, *, link=None, starts=""):
    """The labelled pairs between the ingested documents (of the recommendation whose key
    ``starts`` so, and their judgement replaced by ``link``, if given), written where the
    command can read them."""
    with PAIRS.open(newline="", encoding="utf-8") as handle:
        rows = [
            row
            for row in csv.DictReader(handle)
            if row["rec_sha256"] in shas
            and row["later_sha256"] in shas
            and row["rec_key"].startswith(starts)
        ]
    for row in rows:
        if link:
            row["link"], row["status"] = link, ""
    path = tmp_path / "labels.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path, rows


def measure(labels, recall=RECALL):
    out = StringIO()
    call_command("measure_followups", "--labels", str(labels), "--recall", str(recall), stdout=out)
    return out.getvalue()


def test_the_private_fostering_link_is_right_with_its_status(ealing, tmp_path):
    path, rows = labels_between(ealing, tmp_path, starts="strengthen the oversight of")
    assert [(row["link"], row["status"]) for row in rows] == [("right", "recurring")]
    block = measure(path).split(f"== {rows[0]['part']}:")[1]
    assert "not found" not in block
    assert "top link: right 1/1 (100%)" in block
    assert "top link's status right where it is right: 1/1 (100%)" in block
    rules = measure(path).split(f"== {rows[0]['part']}: the status rules on every labelled pair:")
    assert rules[1].startswith(" right where the link is right 1/1 (100%)")


def test_a_pair_labelled_wrong_counts_as_wrong(ealing, tmp_path):
    path, rows = labels_between(ealing, tmp_path, link="wrong")
    output = measure(path)
    total = output.split("== all:")[1]
    judged = re.search(r"top link: right 0/(\d+) .*wrong (\d+)/\d+ .*\(unjudged (\d+)\)", total)
    # Every top link the labels speak of is wrong; the others are unjudged, not right.
    assert judged and int(judged[1]) == int(judged[2]) >= 1
    recommendations = len({(r["rec_sha256"], r["rec_key"]) for r in rows})
    assert int(judged[2]) + int(judged[3]) <= recommendations
    assert "status right where that link is right: -" in total

"""``manage.py load_demo``: the README's demo data, loaded twice without change."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from inspections.models import Document, Inspection, Judgement
from tests.corpus import CORPUS, requires_corpus

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Document.objects.count(),
        Inspection.objects.count(),
        Judgement.objects.count(),
        Judgement.history.count(),  # a second load records no change that did not happen
    )


def test_without_official_data_only_the_seeds_load_and_it_says_so(tmp_path):
    out = io.StringIO()
    call_command("load_demo", official_data=tmp_path / "absent", stdout=out)
    assert Document.objects.count() == 5
    assert not Judgement.objects.filter(source=Judgement.Source.OFFICIAL_STATISTICS).exists()
    assert "Official statistics not found" in out.getvalue()


@requires_corpus
def test_the_demo_adds_every_authoritys_official_grades_and_is_idempotent():
    call_command("load_demo", official_data=CORPUS / "data", stdout=io.StringIO())
    first = _counts()
    out = io.StringIO()
    call_command("load_demo", official_data=CORPUS / "data", stdout=out)
    assert _counts() == first
    assert "0 new" in out.getvalue()
    # Every current authority has a grade history, not only the seeds' two.
    graded = set(
        Judgement.objects.filter(source=Judgement.Source.OFFICIAL_STATISTICS).values_list(
            "inspection__authority__slug", flat=True
        )
    )
    assert len(graded) >= 150
    # The seeds' Kent 2017 report and the official record are one inspection.
    kent_sif = Inspection.objects.get(authority__slug="kent", framework="sif")
    assert set(kent_sif.judgements.values_list("source", flat=True)) >= {
        "report",
        "official_statistics",
    }


def test_without_the_publications_the_shipped_reference_gives_every_authoritys_grades():
    """A fresh clone has no ../shared: the demo's national picture comes from the reference
    file the project ships, and is the same as from the publications."""
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "Official statistics (official_outcomes.csv): 699 records" in out.getvalue()
    graded = set(
        Judgement.objects.filter(source=Judgement.Source.OFFICIAL_STATISTICS).values_list(
            "inspection__authority__slug", flat=True
        )
    )
    assert len(graded) >= 150
    first = _counts()
    call_command("load_demo", stdout=io.StringIO())
    assert _counts() == first


@requires_corpus
def test_the_shipped_reference_is_what_the_publications_say(tmp_path):
    from ingestion.official_statistics import read_all, read_reference

    built = tmp_path / "official_outcomes.csv"
    call_command(
        "build_outcomes_reference", data_dir=CORPUS / "data", out=built, stdout=io.StringIO()
    )
    shipped = Path(settings.BASE_DIR) / "fixtures" / "official_outcomes.csv"
    assert built.read_bytes() == shipped.read_bytes()
    # And it reads back as the very records the publications give.
    assert read_reference(shipped) == read_all(CORPUS / "data")

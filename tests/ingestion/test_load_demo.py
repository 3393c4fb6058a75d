"""``manage.py load_demo``: the README's demo data, loaded twice without change."""

import io

import pytest
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

"""manage.py tag_findings and suggest_followups: recompute, keep staff decisions, refuse
nonsense with one line."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from findings.models import Finding, FollowUp
from inspections.codes import FindingKind
from tests.factories import (
    AuthorityFactory,
    DocumentFactory,
    FindingFactory,
    FollowUpFactory,
    InspectionFactory,
)

pytestmark = pytest.mark.django_db


def recommendation_and_its_echo(slug):
    """An authority with a 2017 recommendation on return home interviews and the 2020 area
    for improvement that names it again: (authority, inspection, the 2020 document)."""
    authority = AuthorityFactory(slug=slug)
    old = DocumentFactory(authority=authority, document_date=datetime.date(2017, 6, 1))
    new = DocumentFactory(authority=authority, document_date=datetime.date(2020, 3, 1))
    inspection = InspectionFactory(authority=authority)
    FindingFactory(
        inspection=inspection,
        document=old,
        text="Improve the timeliness of return home interviews for children who go missing.",
    )
    FindingFactory(
        inspection=inspection,
        document=new,
        kind=FindingKind.AREA_FOR_IMPROVEMENT,
        text="The timeliness of return home interviews when children go missing.",
    )
    return authority, inspection, new


@pytest.fixture
def authority():
    """A 2017 recommendation on return home interviews and a 2020 letter that names them."""
    authority, inspection, new = recommendation_and_its_echo("fenshire")
    for n, text in enumerate(
        (
            "Foster carers are well trained.",
            "Adoption is timely.",
            "Care leavers have pathway plans.",
            "Leaders know the service.",
        )
    ):
        FindingFactory(
            inspection=inspection, document=new, kind=FindingKind.FINDING, text=text, order=100 + n
        )
    return authority


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_tag_then_suggest_then_keep_what_staff_decided(authority):
    assert "6 finding(s) tagged" in run("tag_findings", "--authority", "fenshire")
    output = run("suggest_followups", "--authority", "fenshire")
    assert "1 suggested link(s) were written" in output
    link = FollowUp.objects.get()
    assert link.status == FollowUp.Status.RECURRING
    assert link.reasons["themes"] == ["missing-children"]
    link.origin, link.status = FollowUp.Origin.CONFIRMED, FollowUp.Status.NO_PROGRESS
    link.save()
    assert "1 kept as staff reviewed them" in run("suggest_followups")
    assert FollowUp.objects.get() == link
    link.refresh_from_db()
    assert (link.origin, link.status) == ("confirmed", "no_progress")


def test_a_dry_run_writes_nothing(authority):
    run("tag_findings")
    output = run("suggest_followups", "--dry-run")
    assert "1 suggested link(s) would be written" in output
    assert not FollowUp.objects.exists()


def test_an_unknown_authority_is_one_clear_line():
    with pytest.raises(CommandError, match="no authority has the slug 'atlantis'"):
        call_command("suggest_followups", "--authority", "atlantis")
    with pytest.raises(CommandError, match="no authority has the slug 'atlantis'"):
        call_command("tag_findings", "--authority", "atlantis")
    assert not Finding.themes.through.objects.exists()


def test_a_new_document_gets_its_links_when_it_is_ingested(
    authority, django_capture_on_commit_callbacks
):
    from ingestion.services.ingest import after_commit

    letter = DocumentFactory(authority=authority, document_date=datetime.date(2023, 1, 1))
    FindingFactory(
        inspection=None,
        document=letter,
        kind=FindingKind.FINDING,
        text="Return home interviews for children who go missing are now timely.",
    )
    after_commit(letter)
    # Both the 2017 recommendation and the 2020 area for improvement hear of it.
    made = FollowUp.objects.filter(evidence_document=letter)
    assert {link.recommendation.document.document_date.year for link in made} == {2017, 2020}
    assert {link.status for link in made} == {FollowUp.Status.PROGRESS}
    assert made[0].evidence.themes.filter(slug="missing-children").exists()


def test_staff_decisions_export_as_labelled_pairs_the_measurement_reads(authority, tmp_path):
    """Confirmed links become right pairs with staff's status, rejected ones wrong pairs, in
    the labelled set's columns and keys, so measure_followups and retraining read them."""
    from findings import measurement

    run("tag_findings")
    run("suggest_followups")
    confirmed = FollowUp.objects.get()
    confirmed.origin, confirmed.status = FollowUp.Origin.CONFIRMED, FollowUp.Status.PROGRESS
    confirmed.save()
    rejected = FollowUpFactory(
        recommendation=confirmed.recommendation,
        evidence=Finding.objects.get(text="Adoption is timely."),
        origin=FollowUp.Origin.REJECTED,
        status=FollowUp.Status.NOTED,
    )
    path = tmp_path / "staff.csv"
    err = StringIO()
    call_command("export_followup_labels", "--output", str(path), stderr=err)
    assert "2 staff decision(s) written" in err.getvalue()
    labels = measurement.read_labels(path)
    assert [(label.link, label.status, label.found_by) for label in labels] == [
        ("right", "progress", "staff"),
        ("wrong", "", "staff"),
    ]
    recommendation = confirmed.recommendation
    key = "improve the timeliness of return home"
    assert labels[0].recommendation == measurement.Passage(
        recommendation.document.sha256, recommendation.page, key
    )
    assert labels[1].later.matches(
        rejected.evidence_document.sha256, rejected.evidence_page, rejected.passage
    )
    assert {label.part for label in labels} == {measurement.part_of("fenshire")}
    figures = measurement.measure(labels, {})["all"]
    assert figures.top["right"] == 1  # the confirmed link is the top one: judged right


@pytest.mark.django_db(transaction=True)
def test_several_processes_write_what_one_writes():
    """``--jobs 2`` shares the authorities between two processes, each with a connection of
    its own, and writes the same links as one process."""
    if connection.vendor != "postgresql":
        pytest.skip(
            "several processes run on PostgreSQL only (SQLite's test database is in this "
            "process's memory; SQLite runs one by default): run with DATABASE_URL=postgres://... "
            "as CI does"
        )
    for slug in ("fenshire", "marshton", "dalebury"):
        recommendation_and_its_echo(slug)
    run("tag_findings")

    def links():
        return sorted(
            FollowUp.objects.values_list("recommendation_id", "evidence_id", "status", "score")
        )

    alone = run("suggest_followups", "--jobs", "1")
    one = links()
    assert len(one) == 3
    FollowUp.objects.all().delete()
    shared = run("suggest_followups", "--jobs", "2")
    assert links() == one
    assert sorted(shared.splitlines()) == sorted(alone.splitlines())
    assert "3 suggested link(s) were written for 3 authorities." in shared

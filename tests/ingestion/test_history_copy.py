"""Findings' "created" history rows copied by the database (``create_with_history``) are the
rows simple-history's ``bulk_create_with_history`` writes: every tracked field, the type,
the user and the reason."""

import pytest
from django.contrib.auth import get_user_model
from simple_history.utils import bulk_create_with_history

from findings.models import Finding
from ingestion.services.records import create_with_history
from tests.factories import DocumentFactory, InspectionFactory

pytestmark = pytest.mark.django_db

SKIPPED = {"history_id", "history_date", "id"}


def findings(inspection, document, label):
    texts = [f"{label}: it's <b>clear</b> that", "'=1+1", "naïve — “quoted”\nacross lines"]
    return [
        Finding(
            inspection=inspection,
            document=document,
            page=number,
            kind="recommendation" if number % 2 else "strength",
            section=f"Section {number}",
            number=number,
            order=number,
            text=text,
            edited_fields=["text"] if number == 2 else [],
        )
        for number, text in enumerate(texts, start=1)
    ]


def history_of(rows):
    created = dict(
        Finding.objects.filter(pk__in=[r.pk for r in rows]).values_list("pk", "created_at")
    )
    values = []
    for row in Finding.history.filter(id__in=[r.pk for r in rows]).order_by("id"):
        fields = {
            field.attname: getattr(row, field.attname)
            for field in row._meta.concrete_fields
            if field.attname not in SKIPPED
        }
        fields["text"] = fields["text"].split(": ", 1)[-1]
        fields["history_date"] = row.history_date is not None
        fields["created_at"] = fields["created_at"] == created[row.id]  # the row's own
        values.append(fields)
    return values


@pytest.mark.parametrize("reason", [None, "Re-parsed with parser 7"])
@pytest.mark.parametrize("staff", [False, True])
def test_the_copied_history_is_simple_historys(reason, staff):
    user = get_user_model().objects.create_user("editor") if staff else None
    inspection, document = InspectionFactory(), DocumentFactory()
    theirs = bulk_create_with_history(
        findings(inspection, document, "theirs"),
        Finding,
        default_user=user,
        default_change_reason=reason,
    )
    ours = create_with_history(
        findings(inspection, document, "ours"), Finding, user=user, reason=reason
    )
    assert all(finding.pk for finding in ours)
    expected = history_of(theirs)
    assert len(expected) == 3
    got = history_of(ours)
    assert got == expected
    assert all(row["created_at"] for row in got)
    assert {row["history_type"] for row in got} == {"+"}
    assert {row["history_user_id"] for row in got} == {user.pk if user else None}
    assert {row["history_change_reason"] for row in got} == {reason}


def test_nothing_to_write_writes_nothing():
    assert create_with_history([], Finding) == []
    assert Finding.history.count() == 0

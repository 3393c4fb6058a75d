"""The faster ways some pages and the CSV now do things give the same results as the slow ones:
the filter form's select, the CSV writer, the export's follow-up statuses, the findings count."""

import csv
import datetime
import io
import re

import pytest
from django import forms
from django.urls import reverse

from authorities.models import Authority
from findings.export import _follow_ups, csv_line
from findings.models import Finding, FollowUp
from ofsted_kb.widgets import QuickSelect
from tests.factories import AuthorityFactory, FindingFactory, FollowUpFactory

pytestmark = pytest.mark.django_db


class Form(forms.Form):
    plain = forms.ModelChoiceField(
        Authority.objects.order_by("name"), to_field_name="slug", required=False
    )
    quick = forms.ModelChoiceField(
        Authority.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        widget=QuickSelect,
    )


@pytest.mark.parametrize("chosen", [None, "b-and-q", "nowhere"])
def test_the_quick_select_writes_what_djangos_select_writes(chosen):
    AuthorityFactory(name='Oaks & "Elms"', slug="oaks")
    AuthorityFactory(name="B<and>Q", slug="b-and-q")
    data = {"plain": chosen, "quick": chosen} if chosen else {}
    form = Form(data=data or None)
    plain = str(form["plain"]).replace('"plain"', '"quick"').replace("id_plain", "id_quick")
    quick = str(form["quick"])
    # Django's template puts white space between options; the browser ignores it.
    assert quick == re.sub(r">\s+<", "><", plain)
    assert "B&lt;and&gt;Q" in quick and "Oaks &amp; &quot;Elms&quot;" in quick


def test_a_csv_line_is_what_the_csv_module_writes_with_every_field_quoted():
    fields = ["plain", 'a "quoted" word', "a, comma", "two\nlines", "", 12, "'=1+1"]
    expected = io.StringIO()
    csv.writer(expected, quoting=csv.QUOTE_ALL).writerow(fields)
    assert csv_line(fields) == expected.getvalue()
    assert next(csv.reader(io.StringIO(csv_line(fields)))) == [str(f) for f in fields]


def test_the_exports_follow_up_statuses_are_the_pages(django_capture_on_commit_callbacks):
    """Statuses and origins as ``with_follow_up_status`` gives them, over links that judge,
    that only note, that staff confirmed or rejected, on several dates."""
    judged_twice, only_noted, rejected_only, confirmed_tie = (FindingFactory() for _ in range(4))
    early, late = datetime.date(2020, 1, 1), datetime.date(2023, 1, 1)

    def link(recommendation, status, origin, date, score=0.9):
        FollowUpFactory(
            recommendation=recommendation,
            status=status,
            origin=origin,
            evidence_date=date,
            score=score,
        )

    link(judged_twice, "progress", "suggested", early)
    link(judged_twice, "resolved", "suggested", late)
    link(judged_twice, "noted", "confirmed", late)
    link(only_noted, "noted", "suggested", early)
    link(rejected_only, "resolved", "rejected", late)
    link(confirmed_tie, "no_progress", "suggested", late, score=0.95)
    link(confirmed_tie, "recurring", "confirmed", late, score=0.1)
    ids = [f.pk for f in (judged_twice, only_noted, rejected_only, confirmed_tie)]
    expected = {
        pk: (status, origin)
        for pk, status, origin in Finding.objects.filter(pk__in=ids)
        .with_follow_up_status()
        .values_list("pk", "follow_up_status", "follow_up_origin")
        if status is not None
    }
    assert _follow_ups(ids) == expected
    assert expected[judged_twice.pk] == ("resolved", "suggested")
    assert expected[only_noted.pk] == ("noted", "suggested")
    assert rejected_only.pk not in expected
    assert FollowUp.objects.filter(recommendation=rejected_only).exists()


@pytest.mark.parametrize("filters", [{}, {"kind": "strength"}, {"grade": "good"}])
def test_the_findings_count_is_the_sum_of_the_counts_by_kind(client, crowd, filters):
    response = client.get(reverse("findings:finding-list"), filters)
    counts = sum(count for _, _, count in response.context["kind_counts"])
    assert response.context["paginator"].count == counts > 0


def test_the_grade_filter_queries_do_not_grow_with_findings(
    client, crowd, django_assert_max_num_queries
):
    # With nothing cached (the tests' caches): the list's index of every finding (three
    # queries) and the national grades (read twice) are made in the request too.
    with django_assert_max_num_queries(10):
        response = client.get(reverse("findings:finding-list"), {"grade": "inadequate"})
    assert response.context["paginator"].count > 0


def test_postgresql_connections_compile_no_queries_just_in_time():
    """JIT compilation cost a second on findings-list queries that then ran in 100 ms (10x,
    follow-up filters): the site's connections turn it off."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's JIT only: run with DATABASE_URL=postgres://... as CI does")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"

"""The CSV export's PostgreSQL path (records made by one query and streamed with COPY) writes
exactly what the Python path writes, and a client that leaves early costs nothing."""

import datetime
import threading

import pytest
from django.db import connection
from django.test import RequestFactory

from findings import export
from findings.filters import FindingFilter, finding_queryset
from findings.models import Finding, FollowUp
from inspections.codes import FindingKind
from tests.factories import (
    DocumentFactory,
    FindingFactory,
    FollowUpFactory,
    InspectionFactory,
    ThemeFactory,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.postgres(
        reason="the COPY path runs only on PostgreSQL; SQLite exports through the Python path"
    ),
]

URLS = export.Urls(
    document=("http://testserver/documents/", "/"),
    finding=("http://testserver/findings/", "/"),
    inspection=("http://testserver/inspections/", "/"),
)


@pytest.fixture
def awkward(history):
    """Findings whose text and documents try every corner of the CSV format, with themes and
    follow-up links of every status and origin."""
    inspection = history.inspections[2]
    report = history.documents[1]
    texts = [
        'Said "no" twice, then "yes".',
        '=HYPERLINK("http://example.com")',
        "+1 more; -2 fewer; @mention",
        "\tTabbed start",
        "Line one\nline two\r\nline three",
        "A back\\slash and \\n that is not a newline, and \\\\ two",
        "Ünïcödé — dashes – and ‘quotes’",
        "@",
    ]
    sections = ['The "front door"', "=SUM(A1)", "", "", "", "", "", ""]
    findings = [
        FindingFactory(
            inspection=inspection, document=report, text=text, page=page, section=section
        )
        for text, page, section in zip(texts, [1, None, 0, 3, 4, 5, 6, 7], sections, strict=True)
    ]
    zebra, alpha, lower = (
        ThemeFactory(name="Zebra crossings"),
        ThemeFactory(name="Alpha"),
        ThemeFactory(name="alpha lower"),
    )
    findings[0].themes.add(zebra, alpha, lower)
    findings[1].themes.add(alpha)
    # A document with no title, no inspection and a quote in its file name.
    orphan = DocumentFactory(
        authority=history.authority, title="", original_filename='Minutes "final".pdf'
    )
    nameless = DocumentFactory(authority=history.authority, title="", original_filename="")
    findings.append(FindingFactory(inspection=None, document=orphan, kind=FindingKind.FINDING))
    findings.append(FindingFactory(inspection=None, document=nameless, page=None))
    later = InspectionFactory(
        authority=history.authority,
        start_date=datetime.date(2025, 1, 6),
        end_date=datetime.date(2025, 1, 17),
    )
    evidence_document = DocumentFactory(authority=history.authority)

    def link(recommendation, status, origin, day, score=None):
        evidence = FindingFactory(
            inspection=later, document=evidence_document, kind=FindingKind.FINDING
        )
        FollowUpFactory(
            recommendation=recommendation,
            evidence=evidence,
            status=status,
            origin=origin,
            evidence_date=datetime.date(2025, 1, day),
            score=score,
        )

    # Judged, then a newer note: the judgement stands.
    link(findings[0], FollowUp.Status.PROGRESS, FollowUp.Origin.SUGGESTED, 6)
    link(findings[0], FollowUp.Status.NOTED, FollowUp.Origin.CONFIRMED, 20)
    # Only noted.
    link(findings[1], FollowUp.Status.NOTED, FollowUp.Origin.SUGGESTED, 6)
    # Rejected by staff: as if no link.
    link(findings[2], FollowUp.Status.RESOLVED, FollowUp.Origin.REJECTED, 6)
    # Two judgements on one day: the confirmed one wins.
    link(findings[3], FollowUp.Status.RECURRING, FollowUp.Origin.SUGGESTED, 9)
    link(findings[3], FollowUp.Status.NO_PROGRESS, FollowUp.Origin.CONFIRMED, 9)
    # A newer suggestion too weak to show (it waits for staff review): as if no link, while
    # a trusted older one stands.
    link(findings[4], FollowUp.Status.RESOLVED, FollowUp.Origin.SUGGESTED, 5, score=0.95)
    link(findings[4], FollowUp.Status.RECURRING, FollowUp.Origin.SUGGESTED, 20, score=0.1)
    return findings


def both_ways(params=None, every_finding=False):
    request = RequestFactory().get("/findings.csv", params or {})
    filterset = FindingFilter(request.GET, queryset=finding_queryset(), request=request)
    assert filterset.is_valid()
    findings = filterset.qs
    python = "".join(export._python_lines(findings, URLS)).encode()
    postgres = b"".join(export._postgres_lines(findings, URLS, every_finding))
    return python, postgres


def test_every_finding_is_written_as_the_python_path_writes_it(awkward):
    python, postgres = both_ways(every_finding=True)
    assert python.count(b"\r\n") >= Finding.objects.count()
    assert postgres == python
    # The corners were really there to be got wrong.
    assert b'\'=HYPERLINK(""http://example.com"")' in postgres
    assert b'"Alpha; Zebra crossings; alpha lower"' in postgres
    assert b"Line one\nline two\r\nline three" in postgres
    assert b"\\\\ two" in postgres
    assert b'"Progress","suggested"' in postgres
    assert b'"No progress","confirmed"' in postgres
    assert b'"Resolved","suggested"' in postgres and b'"Recurring"' not in postgres
    assert b'"The ""front door"""' in postgres and b'"\'=SUM(A1)"' in postgres
    # A finding outside any inspection has no inspection URL.
    assert b'"http://testserver/inspections/' in postgres and b'","",""' in postgres


@pytest.mark.parametrize(
    "params",
    [
        {"kind": "recommendation"},
        {"follow_up": "noted"},
        {"q": "slash"},
        {"theme": "theme-0"},
        {"date_from": "2030-01-01"},
    ],
)
def test_a_filtered_set_is_written_as_the_python_path_writes_it(awkward, params):
    if "theme" in params:
        params = {"theme": awkward[0].themes.order_by("name").first().slug}
    python, postgres = both_ways(params)
    assert postgres == python


def test_a_client_that_leaves_early_cancels_the_query(awkward, monkeypatch):
    monkeypatch.setattr(export, "COPY_PIECE", 1)  # a piece a record
    lines = export._postgres_lines(finding_queryset(), URLS, True)
    first = next(lines)
    assert first.endswith(b"\r\n")
    lines.close()
    assert not any(thread.name == "copy-out" for thread in threading.enumerate())
    # The connection and the surrounding transaction are usable afterwards.
    assert Finding.objects.filter(pk=awkward[0].pk).exists()
    python, postgres = both_ways(every_finding=True)
    assert postgres == python


def test_a_failing_query_raises_in_the_reader(db):
    connection.ensure_connection()
    pieces = export.copy_out(connection.connection, "COPY (SELECT 1 / 0) TO STDOUT")
    with pytest.raises(Exception, match="division by zero"):
        list(pieces)

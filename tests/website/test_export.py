"""The findings CSV: the page's filtered set exactly, streamed, readable by a spreadsheet."""

import csv
import io

import pytest
from django.urls import reverse

from findings.export import COLUMNS
from tests.factories import DocumentFactory, FindingFactory

pytestmark = pytest.mark.django_db


def download(client, **params):
    response = client.get(reverse("findings:finding-csv"), params)
    assert response.status_code == 200
    assert response.streaming
    body = b"".join(response.streaming_content).decode("utf-8")
    return response, body


def rows_of(body):
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def test_the_file_is_utf8_with_a_bom_and_named_columns(client, history):
    response, body = download(client, authority="riverton")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="ofsted-findings-')
    rows = rows_of(body)
    assert tuple(rows[0]) == COLUMNS
    assert all(len(row) == len(COLUMNS) for row in rows)


@pytest.mark.parametrize(
    "params",
    [{"authority": "riverton"}, {"kind": "strength"}, {"grade": "good", "region": "north_west"}],
)
def test_the_rows_are_the_pages_findings(client, history, params):
    page = client.get(reverse("findings:finding-list"), params)
    _, body = download(client, **params)
    rows = rows_of(body)[1:]
    assert len(rows) == page.context["paginator"].count
    texts = {row[COLUMNS.index("text")] for row in rows}
    assert texts == {f.text for f in page.context["findings"]}


def test_a_row_carries_its_authority_inspection_and_source(client, history):
    finding = history.findings[2]
    _, body = download(client, authority="riverton", q="point 1", framework="ilacs_standard")
    (row,) = rows_of(body)[1:]
    record = dict(zip(COLUMNS, row, strict=True))
    assert record["authority"] == "Riverton"
    assert record["ONS code"] == history.authority.ons_code
    assert record["region"] == "North West"
    assert record["framework"] == "ILACS standard inspection"
    assert record["inspection start date"] == "2022-05-09"
    assert record["inspection end date"] == "2022-05-20"
    assert record["page"] == "2"
    assert record["kind"] == "Recommendation"
    assert record["page URL"] == f"http://testserver{finding.document.get_absolute_url()}#page-2"
    # The way back to the finding (its trail) and its inspection, and where it sits.
    assert record["finding ID"] == str(finding.pk)
    assert record["finding URL"] == f"http://testserver{finding.get_absolute_url()}"
    assert record["inspection URL"] == f"http://testserver{finding.inspection.get_absolute_url()}"
    assert record["section"] == finding.section
    published = finding.document.published_on
    assert record["published on"] == (published.isoformat() if published else "")


def test_every_column_is_explained(client):
    from findings.export import COLUMN_NOTES

    assert list(COLUMN_NOTES) == list(COLUMNS)
    page = client.get(reverse("findings:finding-list")).content.decode()
    for column in COLUMNS:
        assert f"<dt>{column}</dt>" in page


def test_a_formula_in_the_text_is_neutralised(client, history):
    FindingFactory(
        inspection=history.inspections[2],
        document=history.documents[1],
        text='=HYPERLINK("http://evil.example","click")',
    )
    _, body = download(client, q="HYPERLINK")
    (row,) = rows_of(body)[1:]
    assert row[COLUMNS.index("text")].startswith("'=HYPERLINK")


def test_drafts_are_never_exported(client, history):
    draft = DocumentFactory(authority=history.authority, is_published=False)
    FindingFactory(inspection=history.inspections[2], document=draft, text="Draft only text.")
    _, body = download(client)
    assert "Draft only text." not in body


def test_an_invalid_filter_exports_only_the_header(client, history):
    _, body = download(client, date_from="never")
    assert len(rows_of(body)) == 1


def test_export_queries_do_not_grow_with_rows(client, crowd, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        _, body = download(client, theme="care-leavers")
    assert len(rows_of(body)) == 121

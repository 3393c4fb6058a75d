"""The bulk downloads: the files' content (public rows only, every column explained, read back
the same), the /data/ page, the worker's rebuild, and the authorities list's own CSV."""

import csv
import io
import sqlite3
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse

from authorities.models import Authority, Region
from findings.models import Finding, FollowUp, Theme
from inspections.codes import Grade
from inspections.models import Document, Inspection, Judgement
from tests.factories import (
    AuthorityFactory,
    DocumentFactory,
    FindingFactory,
    FollowUpFactory,
    InspectionFactory,
    JudgementFactory,
    ThemeFactory,
)
from website import downloads

pytestmark = pytest.mark.django_db

DRAFT_WORDS = "A draft's words nobody may read yet."


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def data():
    """Published records, a draft with its records, and a second rendition of a report."""
    authority = AuthorityFactory(name="Riverton", slug="riverton")
    former = AuthorityFactory(name="Oldshire", status="former")
    former.successors.add(authority)
    inspection = InspectionFactory(authority=authority)
    report = DocumentFactory(authority=authority)
    inspection.documents.add(report)
    JudgementFactory(inspection=inspection, source_document=report, grade=Grade.GOOD)
    theme = ThemeFactory(slug="care-leavers", name="Care leavers")
    recommendation = FindingFactory(
        inspection=inspection, document=report, text="=SUM(A1) looks like a formula"
    )
    recommendation.themes.add(theme)
    later = FindingFactory(
        inspection=inspection, document=report, text="'Quoted' at the start, and a \"quote\""
    )
    FollowUpFactory(recommendation=recommendation, evidence=later)
    DocumentFactory(authority=authority, rendition_of=report, title="The same report, as text")
    # A draft: its document, an inspection known only from it, a grade and a finding.
    draft = DocumentFactory(authority=authority, is_published=False, title="Draft letter")
    hidden = InspectionFactory(authority=authority, framework="focused_visit")
    hidden.documents.add(draft)
    JudgementFactory(inspection=hidden, source_document=draft, grade=Grade.INADEQUATE)
    draft_finding = FindingFactory(inspection=hidden, document=draft, text=DRAFT_WORDS)
    draft_finding.themes.add(theme)
    FollowUpFactory(recommendation=recommendation, evidence=draft_finding)
    return {"report": report, "draft": draft, "inspection": inspection, "hidden": hidden}


def built_zip(media):
    return zipfile.ZipFile(media / downloads.FOLDER / downloads.ZIP_NAME)


def read_csv(archive, name):
    with archive.open(name) as raw:
        return list(csv.reader(io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")))


def typed(value: str, type_: str):
    """A CSV cell read back as the SQLite file holds it."""
    if type_ == "INTEGER":
        return int(value) if value else None
    if type_ == "REAL":
        return float(value) if value else None
    return downloads.read_cell(value)


def test_the_files_hold_published_records_only(media, data):
    call_command("build_downloads", stdout=io.StringIO())
    with built_zip(media) as archive:
        everything = "".join(archive.read(name).decode("utf-8-sig") for name in archive.namelist())
        documents = {row[0] for row in read_csv(archive, "documents.csv")[1:]}
        inspections = {row[0] for row in read_csv(archive, "inspections.csv")[1:]}
    assert DRAFT_WORDS not in everything
    assert "Draft letter" not in everything
    assert "The same report, as text" not in everything  # renditions are not listed again
    assert documents == {str(data["report"].pk)}
    assert inspections == {str(data["inspection"].pk)}
    db = sqlite3.connect(media / downloads.FOLDER / downloads.SQLITE_NAME)
    assert db.execute(
        "SELECT count(*) FROM findings WHERE text = ?", [DRAFT_WORDS]
    ).fetchone() == (0,)
    assert db.execute("SELECT count(*) FROM follow_ups").fetchone() == (1,)
    assert db.execute("SELECT count(*) FROM judgements").fetchone() == (1,)


def test_the_csv_files_read_back_as_the_same_rows_as_the_sqlite_file_and_the_site(media, data):
    downloads.build()
    db = sqlite3.connect(media / downloads.FOLDER / downloads.SQLITE_NAME)
    with built_zip(media) as archive:
        for table in downloads.TABLES:
            header, *rows = read_csv(archive, table.filename)
            assert header == [column.name for column in table.columns]
            from_csv = [
                tuple(typed(v, c.type) for v, c in zip(row, table.columns, strict=True))
                for row in rows
            ]
            names = ", ".join(f'"{column.name}"' for column in table.columns)
            from_sqlite = db.execute(f'SELECT {names} FROM "{table.name}"').fetchall()
            # An empty text and a missing one are both an empty cell.
            from_sqlite = [
                tuple(
                    "" if v is None and c.type == "TEXT" else v
                    for v, c in zip(row, table.columns, strict=True)
                )
                for row in from_sqlite
            ]
            fields = [column.field for column in table.columns]
            from_site = [
                tuple(
                    "" if v is None and c.type == "TEXT" else downloads._plain(v)
                    for v, c in zip(row, table.columns, strict=True)
                )
                for row in table.rows().order_by("pk").values_list(*fields)
            ]
            assert from_csv == from_sqlite == from_site, table.name
            assert len(rows) == table.rows().count()
    texts = {row[0] for row in db.execute("SELECT text FROM findings")}
    assert "=SUM(A1) looks like a formula" in texts
    assert "'Quoted' at the start, and a \"quote\"" in texts


def public_rows() -> dict[str, list[tuple]]:
    """Every row each file is made from, as the database holds it."""
    return {
        table.name: list(
            table.rows().order_by("pk").values_list(*[column.field for column in table.columns])
        )
        for table in downloads.TABLES
    }


def test_the_csv_files_load_into_an_empty_database_as_the_same_rows(media, data):
    downloads.build(media / "first")
    before = public_rows()
    assert all(before.values()), "every table has rows to carry"
    # The database emptied of every record, the draft's and the rendition's too.
    for model in (FollowUp, Finding, Judgement, Inspection):
        model.objects.all().delete()
    Document.objects.filter(rendition_of__isnull=False).delete()
    Document.objects.all().delete()
    Theme.objects.all().delete()
    Authority.objects.all().delete()
    assert not any(public_rows().values())

    loaded = downloads.load_csv(media / "first" / downloads.ZIP_NAME)

    assert loaded == {name: len(rows) for name, rows in before.items()}
    assert public_rows() == before
    # A build of the loaded database makes the same files, byte for byte (the README's build
    # time aside).
    downloads.build(media / "again")
    with (
        zipfile.ZipFile(media / "first" / downloads.ZIP_NAME) as first,
        zipfile.ZipFile(media / "again" / downloads.ZIP_NAME) as again,
    ):
        names = [name for name in first.namelist() if name != "README.md"]
        assert names == [name for name in again.namelist() if name != "README.md"]
        for name in names:
            assert first.read(name) == again.read(name), name
    # New records take new ids after the loaded ones.
    assert ThemeFactory().pk > max(pk for pk, *_ in before["themes"])


def test_loading_refuses_a_database_that_is_not_empty(media, data):
    downloads.build()
    with pytest.raises(ValueError, match="not empty"):
        downloads.load_csv(media / downloads.FOLDER / downloads.ZIP_NAME)


def test_the_sqlite_file_is_stamped_and_counts_as_the_site_does(media, data):
    built = downloads.build()
    db = sqlite3.connect(media / downloads.FOLDER / downloads.SQLITE_NAME)
    stamps = db.execute("SELECT DISTINCT built_at FROM build").fetchall()
    assert stamps == [(built.built_at.isoformat(),)]
    for table in downloads.TABLES:
        (count,) = db.execute(f'SELECT count(*) FROM "{table.name}"').fetchone()
        assert count == table.rows().count() == built.counts[table.name]
    assert db.execute("SELECT count(*) FROM findings").fetchone() == (
        Finding.objects.public().count(),
    )


def test_the_dictionary_explains_every_column_of_every_file(media, data):
    downloads.build()
    with built_zip(media) as archive:
        dictionary = read_csv(archive, "dictionary.csv")
        headers = {
            (name, column)
            for name in archive.namelist()
            if name.endswith(".csv") and name != "dictionary.csv"
            for column in read_csv(archive, name)[0]
        }
        readme = archive.read("README.md").decode()
    assert dictionary[0] == list(downloads.DICTIONARY_COLUMNS)
    explained = {(file, column) for file, column, _, note in dictionary[1:] if note}
    assert explained == headers
    assert "One of: outstanding (Outstanding)" in readme
    db = sqlite3.connect(media / downloads.FOLDER / downloads.SQLITE_NAME)
    for table in downloads.TABLES:
        columns = [row[1] for row in db.execute(f'PRAGMA table_info("{table.name}")')]
        assert {(table.filename, c) for c in columns} <= explained


def test_the_page_says_no_build_yet_without_failing(client, media):
    response = client.get(reverse("data:downloads"))
    assert response.status_code == 200
    assert "have not been built yet" in response.content.decode()
    assert client.get(reverse("data:file", args=[downloads.ZIP_NAME])).status_code == 404


def test_the_page_states_each_file_its_size_and_build_time(client, media, data):
    built = downloads.build()
    response = client.get(reverse("data:downloads"))
    html = response.content.decode()
    assert built.built_at.isoformat() in html
    for name in (downloads.ZIP_NAME, downloads.SQLITE_NAME):
        size = (media / downloads.FOLDER / name).stat().st_size
        assert f"{size / 1024:.1f}\xa0KB" in html  # filesizeformat's words
        assert reverse("data:file", args=[name]) in html
    for entry in downloads.dictionary():
        assert f"<code>{entry['column']}</code>" in html


def test_a_file_downloads_as_an_attachment_named_by_its_build_day(client, media, data):
    built = downloads.build()
    response = client.get(reverse("data:file", args=[downloads.ZIP_NAME]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    day = f"{built.built_at:%Y-%m-%d}"
    assert response["Content-Disposition"] == f'attachment; filename="ofsted-kb-csv-{day}.zip"'
    content = b"".join(response.streaming_content)
    assert zipfile.ZipFile(io.BytesIO(content)).testzip() is None
    assert client.get(reverse("data:file", args=["build.json"])).status_code == 404
    assert client.get("/data/..%2Fsecret").status_code == 404


def test_a_data_change_rebuilds_the_files_and_a_failure_never_fails_the_write(
    settings, media, django_capture_on_commit_callbacks, monkeypatch
):
    # No writes before in this test: a transaction's writes announce one change, at its commit.
    settings.DOWNLOADS_REBUILD = True
    with django_capture_on_commit_callbacks(execute=True):
        AuthorityFactory(name="Newtown")
    count = downloads.Authority.objects.count()
    assert downloads.published().counts["authorities"] == count

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(downloads, "build", broken)
    with django_capture_on_commit_callbacks(execute=True):
        AuthorityFactory(name="Latertown", slug="latertown")
    # The write stands; the last build stays on offer.
    assert downloads.Authority.objects.filter(slug="latertown").exists()
    assert downloads.published().counts["authorities"] == count


def test_no_rebuild_when_turned_off(media, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        AuthorityFactory(name="Newtown")
    assert downloads.published() is None


# -- The authorities list's CSV ---------------------------------------------------------------


def test_the_authorities_csv_is_the_filtered_table_as_shown(client, data):
    london = AuthorityFactory(name="Brent", region=Region.LONDON)
    JudgementFactory(inspection__authority=london, grade=Grade.OUTSTANDING)
    AuthorityFactory(name="Camden", region=Region.LONDON)
    query = {"region": "london", "ordering": "-overall"}
    page = client.get(reverse("authorities:authority-list"), query)
    response = client.get(reverse("authorities:authority-csv"), query)
    assert response["Content-Disposition"].startswith('attachment; filename="ofsted-authorities-')
    header, *rows = csv.reader(io.StringIO(response.content.decode("utf-8-sig")))
    shown = page.context["rows"]
    assert [row[0] for row in rows] == [authority.name for authority, _ in shown]
    assert header[7:10] == [
        "Overall effectiveness",
        "Overall effectiveness: inspection date",
        "Overall effectiveness: inspection URL",
    ]
    for row, (authority, cells) in zip(rows, shown, strict=True):
        assert row[1] == authority.slug
        assert row[7::3] == [cell.short_label for cell in cells]
    assert {row[0]: row[7] for row in rows}["Brent"] == "Outstanding"
    assert f'href="{reverse("authorities:authority-csv")}?region=london' in page.content.decode()


def test_the_authorities_csv_of_an_invalid_filter_is_empty(client, data):
    response = client.get(reverse("authorities:authority-csv"), {"overall": "bogus"})
    assert response.status_code == 200
    assert len(response.content.decode("utf-8-sig").splitlines()) == 1

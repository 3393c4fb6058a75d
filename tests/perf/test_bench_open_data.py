"""``manage.py bench_open_data``: many different real addresses of each API list, every one
answering, the same draw for the same seed, and its figures written to its own section of the
benchmarks document, the rest of it untouched."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import override_settings

from perf import open_data
from perf.benchmark_run import NOTES_BEGIN, NOTES_END

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def connection_kept():
    """The WSGI application closes the database connection after each request, which would
    end the test's transaction on PostgreSQL; Django's test client keeps it the same way."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


def test_the_draw_is_many_different_real_addresses_each_answering(nation):
    values = open_data.real_values()
    urls = open_data.draw_urls(values, per_endpoint=30, seed=3)
    assert urls == open_data.draw_urls(values, per_endpoint=30, seed=3)
    assert set(urls) == {endpoint for endpoint, _ in open_data.ENDPOINTS}
    for endpoint in ("authorities", "inspections", "documents", "findings", "follow-ups"):
        assert len(set(urls[endpoint])) == 30, endpoint
    assert len(urls["grades"]) == 30
    findings = " ".join(urls["findings"])
    for name in ("q=", "theme=", "kind=", "grade=", "follow_up=", "date_from=", "cursor="):
        assert name in findings, name
    small = {endpoint: addresses[:4] for endpoint, addresses in urls.items()}
    with override_settings(API_ANON_RATE="1000000/second"):
        timings = open_data.time_endpoints(get_wsgi_application(), small, rounds=1)
    assert [t.endpoint for t in timings] == [endpoint for endpoint, _ in open_data.ENDPOINTS]
    assert all(t.queries_max < 15 for t in timings)


def document(tmp_path: Path, notes: str) -> Path:
    path = tmp_path / "benchmarks.md"
    path.write_text(f"# Table\n\n{NOTES_BEGIN}\n{notes}\n{NOTES_END}\n\n## How\n")
    return path


def test_its_section_is_written_among_the_kept_notes_and_rewritten_alone(tmp_path):
    path = document(tmp_path, "Notes by hand.")
    first = f"{open_data.SECTION_BEGIN}\nfirst figures\n{open_data.SECTION_END}"
    open_data.write_section(path, first)
    text = path.read_text()
    assert text.index("Notes by hand.") < text.index("first figures") < text.index(NOTES_END)
    second = f"{open_data.SECTION_BEGIN}\nsecond figures\n{open_data.SECTION_END}"
    open_data.write_section(path, second)
    assert path.read_text() == text.replace("first figures", "second figures")


def test_the_command_measures_and_writes_its_section(nation, tmp_path, capsys):
    path = document(tmp_path, "Notes by hand.")
    # The bulk build runs in a child process, which cannot see a test's uncommitted rows.
    call_command(
        "bench_open_data",
        *("--per-endpoint", "3", "--rounds", "1", "--no-build", "--output", str(path)),
    )
    text = path.read_text()
    assert "Notes by hand." in text and "## How" in text
    assert "| Findings | 3 |" in text
    assert "Findings: median < 50 ms" in text
    assert "| Findings | 3 |" in capsys.readouterr().out


def test_the_command_refuses_an_empty_database(tmp_path):
    with pytest.raises(CommandError, match="no findings"):
        call_command("bench_open_data", "--no-write")

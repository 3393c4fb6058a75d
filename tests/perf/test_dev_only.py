"""The benchmark app is the developer's: the site's own settings never install it, no module of
the site imports it, and it writes synthetic rows only into a benchmark's own database."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from authorities.models import Authority
from perf import benchmark_run
from perf.guard import refusal
from tests.structure.test_layers import ALLOWED, ROOT, imports_of


@pytest.mark.parametrize(
    "settings_module", ["ofsted_kb.settings", "ofsted_kb.settings_production"]
)
def test_the_sites_own_settings_do_not_install_perf(settings_module):
    script = (
        "import django; django.setup(); from django.apps import apps; "
        "print(apps.is_installed('perf'))"
    )
    env = {
        "DJANGO_SETTINGS_MODULE": settings_module,
        "SECRET_KEY": "a-key-for-this-test-only",
        "ALLOWED_HOSTS": "example.org",
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert (result.returncode, result.stdout.strip()) == (0, "False"), result.stderr


def test_no_module_of_the_site_imports_perf():
    found = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for package in sorted(set(ALLOWED) - {"perf"})
        for path in sorted((ROOT / package).rglob("*.py"))
        for line, module in imports_of(path)
        if module.split(".")[0] == "perf"
    ]
    assert found == []


@pytest.mark.parametrize(
    ("vendor", "name"),
    [
        ("sqlite", "/tmp/ofsted-kb-bench.sqlite3"),  # make bench's
        ("sqlite", "file:memorydb_default?mode=memory&cache=shared"),  # the test runner's
        ("postgresql", "bench"),  # make bench's
        ("postgresql", "test_ofsted_kb"),  # the test runner's
    ],
)
def test_a_benchmarks_or_a_tests_database_is_accepted(vendor, name):
    assert refusal(vendor, name) is None


@pytest.mark.parametrize(
    ("vendor", "name", "reason"),
    [
        ("sqlite", str(Path(settings.BASE_DIR) / "db.sqlite3"), "the developer's database"),
        ("sqlite", "db.sqlite3", "the developer's database"),  # relative to manage.py's folder
        ("sqlite", "/srv/ofsted/site.sqlite3", "not named for a benchmark"),
        ("postgresql", "ofsted_kb", "not a benchmark's"),
        ("postgresql", "postgres", "not a benchmark's"),
        ("postgresql", "", "not a benchmark's"),
    ],
)
def test_any_other_database_is_refused(vendor, name, reason, monkeypatch):
    monkeypatch.chdir(settings.BASE_DIR)
    message = refusal(vendor, name) or ""
    assert reason in message
    assert "DJANGO_SETTINGS_MODULE=ofsted_kb.settings_bench" in message  # what to do instead


def developers_database() -> str:
    """What the connection's name would be with the developer's DATABASE_URL."""
    if connection.vendor == "sqlite":
        return str(Path(settings.BASE_DIR) / "db.sqlite3")
    return "ofsted_kb"


@pytest.mark.django_db
@pytest.mark.parametrize("arguments", [["--scale", "0.02"], ["--clear"]])
def test_generate_national_refuses_the_developers_database(arguments, monkeypatch):
    before = Authority.objects.count()
    # Only the name the guard reads changes: the test database stays connected, untouched.
    monkeypatch.setitem(connection.settings_dict, "NAME", developers_database())
    with pytest.raises(CommandError, match="only into a benchmark's own database"):
        call_command("generate_national", *arguments)
    monkeypatch.undo()
    assert Authority.objects.count() == before


def test_bench_site_refuses_the_developers_database_before_it_starts(tmp_path):
    developer = Path(settings.BASE_DIR) / "db.sqlite3"
    with pytest.raises(CommandError, match="the developer's database"):
        call_command(
            "bench_site",
            "--databases",
            f"sqlite=sqlite:///{developer}",
            "--output",
            str(tmp_path / "benchmarks.md"),
        )
    assert not (tmp_path / "benchmarks.md").exists()


def test_the_notes_written_by_hand_survive_a_run(tmp_path):
    document = ROOT / "docs" / "benchmarks.md"
    notes = benchmark_run.kept_notes(document)
    assert notes.startswith("## What the first figures showed")
    options = benchmark_run.Options(databases={})
    rewritten = tmp_path / "benchmarks.md"
    rewritten.write_text(benchmark_run.report([], options, "manage.py bench_site", notes))
    assert benchmark_run.kept_notes(rewritten) == notes
    assert benchmark_run.kept_notes(tmp_path / "none yet.md") == ""


def test_a_document_without_the_notes_lines_is_not_overwritten(tmp_path):
    document = tmp_path / "benchmarks.md"
    document.write_text("# Prose someone wrote\n")
    with pytest.raises(CommandError, match="no notes section"):
        call_command(
            "bench_site", "--databases", "x=sqlite:////tmp/x-bench.db", "--output", str(document)
        )
    assert document.read_text() == "# Prose someone wrote\n"

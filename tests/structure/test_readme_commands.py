"""Every command the README shows runs word for word, as a newcomer would type it, in a copy
of the checkout with ``../shared`` beside it (so the developer's own ``db.sqlite3`` and
``fixtures/`` are never touched).

``make run`` is started, asked for its home page and stopped; every ``manage.py`` command is
run as written and must succeed. ``make test`` and ``make test-fast`` are this suite itself and
``make bench`` is the benchmark (minutes at ten times the nation's size): CI runs the first,
and for those three the test checks only that ``make`` knows the target.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ON_POSTGRES
from tests.corpus import CORPUS

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.corpus,
    pytest.mark.skipif(
        ON_POSTGRES,
        reason="the README's commands run on SQLite, as on a fresh laptop; the SQLite run of the "
        "suite runs them once (twice at once would share port 8000)",
    ),
]

#: Targets that are the test suite or the benchmark: checked to exist, not run here.
NOT_RUN_HERE = {"make test", "make test-fast", "make bench"}


def readme_commands() -> list[str]:
    """Every whole command in the README: each line of a ``sh`` block, and each inline code
    span that is a command line (``DEBUG=1 ...``, ``make ...``)."""
    text = README.read_text(encoding="utf-8")
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", text, re.S):
        commands += [line.strip() for line in block.splitlines() if line.strip()]
    for span in re.findall(r"`([^`\n]+)`", text):
        if re.match(r"(DEBUG=1 \.venv/bin/python manage\.py |make )\S", span):
            commands.append(span)
    return list(dict.fromkeys(commands))


def test_the_readme_shows_its_two_commands_and_the_management_commands():
    commands = readme_commands()
    assert "make run" in commands and "make test" in commands
    assert any("manage.py ingest" in c for c in commands)
    assert any("manage.py createsuperuser" in c for c in commands)


@pytest.fixture(scope="module")
def checkout(tmp_path_factory) -> Path:
    """A copy of the checkout's files (tracked and new, not ignored) with ``../shared``
    beside it and the same virtual environment."""
    base = tmp_path_factory.mktemp("fresh")
    project = base / "project"
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for name in filter(None, (entry.decode() for entry in listed)):
        source = ROOT / name
        if source.is_file():
            target = project / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    (project / ".venv").symlink_to(ROOT / ".venv")
    (base / "shared").symlink_to(CORPUS.parent)
    return project


def _environment() -> dict[str, str]:
    """The shell a newcomer has: none of the test run's Django or database settings."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "SECRET_KEY", "DEBUG", "TEST_"))
    }
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def _run(command: str, cwd: Path, timeout: int = 900) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", "-c", command],
        cwd=cwd,
        env=_environment(),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def _port_free(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def test_every_readme_command_runs_as_written(checkout):
    commands = readme_commands()
    # First the one that sets everything up and serves the site.
    if not _port_free(8000):
        pytest.skip("port 8000 is in use on this machine: `make run` serves there")
    server = subprocess.Popen(
        ["bash", "-c", "make run"],
        cwd=checkout,
        env=_environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        home = _wait_for_home(server)
    finally:
        os.killpg(server.pid, signal.SIGINT)
        try:
            output = server.communicate(timeout=30)[0]
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            output = server.communicate()[0]
    assert home is not None, f"`make run` never served the home page:\n{output[-3000:]}"
    assert "The national picture" in home

    failures = {}
    for command in commands:
        if command == "make run":
            continue
        if command in NOT_RUN_HERE:
            target = command.removeprefix("make ")
            checked = _run(f"make -n {target}", checkout, timeout=60)
            if checked.returncode:
                failures[command] = checked.stderr
            continue
        done = _run(command, checkout)
        if "Traceback" in done.stderr or (done.returncode and not _as_documented(done)):
            failures[command] = (done.stdout + done.stderr)[-2000:]
    assert not failures, "\n\n".join(f"$ {c}\n{out}" for c, out in failures.items())

    # What they did: the corpus is in the newcomer's database, and rebuilding the authority
    # reference from the official statistics gives the files the project ships.
    for name in ("authorities.csv", "statistical_neighbours.csv", "official_outcomes.csv"):
        shipped = ROOT / "fixtures" / name
        if shipped.exists():
            assert (checkout / "fixtures" / name).read_bytes() == shipped.read_bytes(), name
    counted = _run(
        "DEBUG=1 .venv/bin/python manage.py shell -c "
        "'from inspections.models import Document; print(Document.objects.count())'",
        checkout,
    )
    assert int(counted.stdout.strip().splitlines()[-1]) > 300
    assert (checkout / "ingest.jsonl").stat().st_size > 0


def _as_documented(done: subprocess.CompletedProcess) -> bool:
    """An ingest of the corpus exits 1 as the README says it does when a file is refused:
    the corpus holds one bad file, the HTML page saved as ``.pdf``, refused with its reason."""
    refused = [line for line in done.stderr.splitlines() if ": " in line and ".pdf" in line]
    return (
        done.returncode == 1
        and "1 file(s) failed" in done.stderr
        and len(refused) == 1
        and "an HTML page saved with a .pdf name" in refused[0]
    )


def _wait_for_home(server: subprocess.Popen, seconds: int = 600) -> str | None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with urllib.request.urlopen("http://127.0.0.1:8000/", timeout=5) as response:
                return response.read().decode()
        except OSError:
            time.sleep(1)
    return None

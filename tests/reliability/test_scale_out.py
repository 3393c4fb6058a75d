"""Scale-out: two gunicorn instances and background workers sharing one PostgreSQL database and
one media folder, as docs/deploy.md runs the site on several servers.

A document uploaded through one instance and read by the worker shows at once on the other
instance's pages, though that instance had the page in its own cache; two workers draining
one queue read every upload exactly once. Everything runs as real processes, under the site's
own settings (the database cache holding the data's version, each process's page cache, the
database task queue), against a scratch database.
"""

from __future__ import annotations

import contextlib
import re
import subprocess
import sys
import time
from pathlib import Path

import psycopg2
import pytest
import requests

from perf.loadtest import gunicorn, server_env

from .conftest import BASE_DIR

pytestmark = [
    pytest.mark.postgres(
        reason="needs PostgreSQL: several servers and workers share one database, as deployed"
    ),
    pytest.mark.slow,
]

SEEDS = BASE_DIR / "fixtures" / "seeds"
#: Kensington and Chelsea's focused visit of August 2018; the other four seeds are Kent's.
LETTER = SEEDS / "004_b5220a7ea3de5648.txt"
AUTHORITY_PAGE = "/authorities/kensington-and-chelsea/"
PASSWORD = "a-long-scale-out-test-password"

EDITOR = """
from django.contrib.auth.models import Group, User
user = User.objects.create_user("editor", password="{password}", is_staff=True)
user.groups.add(Group.objects.get(name="Editors"))
"""


@pytest.fixture(scope="module")
def site(scratch_db):
    """The environment every process of the shared service runs with, and an editor."""
    env = server_env(scratch_db.url, MEDIA_ROOT=str(scratch_db.media))
    scratch_db.manage(
        "shell",
        "-v",
        "0",
        "-c",
        EDITOR.format(password=PASSWORD),
        DJANGO_SETTINGS_MODULE=env["DJANGO_SETTINGS_MODULE"],
        SECRET_KEY=env["SECRET_KEY"],
    )
    return env


@contextlib.contextmanager
def db_worker(env: dict[str, str], worker_id: str, log: Path):
    """``manage.py db_worker`` as production runs it; stopped (and waited for) on the way out."""
    output = log.open("wb")
    process = subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--no-reload",
            "--no-startup-delay",
            "--interval",
            "0.1",
            "--worker-id",
            worker_id,
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=output,
        stderr=subprocess.STDOUT,
    )
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        output.close()


def wait_for(condition, what: str, seconds: float = 90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def csrf_token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


class Staff:
    """An editor's browser on one instance: signs in through the admin's form and uploads
    through the real upload form, CSRF token and all."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.session = requests.Session()
        login = self.session.get(f"{base_url}/admin/login/", timeout=30)
        response = self.session.post(
            login.url,
            data={
                "csrfmiddlewaretoken": csrf_token(login.text),
                "username": "editor",
                "password": PASSWORD,
                "next": "/admin/",
            },
            timeout=60,
        )
        assert response.ok and "Log out" in response.text, response.text[:2000]

    def upload(self, path: Path) -> str:
        """Upload a file; returns the address of its progress page."""
        form = self.session.get(f"{self.base_url}/admin/inspections/document/upload/", timeout=30)
        response = self.session.post(
            form.url,
            data={
                "csrfmiddlewaretoken": csrf_token(form.text),
                "source_url": "",
                "published_on": "",
                "authority": "",
            },
            files={"file": (path.name, path.read_bytes(), "text/plain")},
            timeout=60,
        )
        assert re.search(r"/upload/\d+/$", response.url), response.text[:2000]
        return response.url

    def status(self, progress_url: str) -> tuple[str, str]:
        """The upload's status as its page shows it, and the page."""
        html = self.session.get(progress_url, timeout=30).text
        return re.search(r'class="upload-status" data-status="(\w+)"', html).group(1), html

    def wait_until_read(self, progress_url: str) -> str:
        """Until the worker is done with the upload; returns the page then."""
        status, html = wait_for(
            lambda: (found := self.status(progress_url))[0] in ("done", "failed") and found,
            "the worker to read the upload",
        )
        assert status == "done", html
        return html

    def publish(self, change_url: str) -> None:
        change = self.session.get(change_url, timeout=30)
        publish_url = re.search(r'action="([^"]+/publish/)"', change.text).group(1)
        response = self.session.post(
            f"{self.base_url}{publish_url}",
            data={"csrfmiddlewaretoken": csrf_token(change.text), "published": "1"},
            timeout=60,
        )
        assert response.ok and "Published" in response.text, response.text[:2000]


def public_get(url: str) -> requests.Response:
    """A page as the public gets it: no cookies, no session."""
    return requests.get(url, timeout=30)


def test_a_document_uploaded_through_one_instance_shows_at_once_on_the_other(
    scratch_db, site, tmp_path
):
    """Instance B has the authority's page in its cache; an editor uploads and publishes a
    letter through instance A and the worker reads it; B's next answer has the letter."""
    with contextlib.ExitStack() as stack:
        a_url, _ = stack.enter_context(
            gunicorn(site, workers=2, threads=4, log=tmp_path / "a.log", ready=AUTHORITY_PAGE)
        )
        # One gunicorn worker, so the page it caches is the one that answers every request.
        b_url, _ = stack.enter_context(
            gunicorn(site, workers=1, threads=4, log=tmp_path / "b.log", ready=AUTHORITY_PAGE)
        )
        stack.enter_context(db_worker(site, "worker-1", tmp_path / "worker.log"))

        before = public_get(b_url + AUTHORITY_PAGE)
        assert before.status_code == 200
        assert "Kensington and Chelsea" in before.text
        assert not re.search(r'href="/documents/\d+/', before.text)  # no documents yet

        # Prove B answers from its cache: a change made behind the ORM's back (no new data
        # version) does not show. The same change shows once B renders the page afresh.
        connection = psycopg2.connect(scratch_db.url)
        connection.autocommit = True
        stack.callback(connection.close)
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE authorities_authority SET name = 'Kensington and Chelsea (renamed)' "
                "WHERE slug = 'kensington-and-chelsea'"
            )
        cached = public_get(b_url + AUTHORITY_PAGE)
        assert cached.text == before.text

        staff = Staff(a_url)
        progress = staff.upload(LETTER)
        page = staff.wait_until_read(progress)
        change_url = re.search(r'href="(/admin/inspections/document/(\d+)/change/)"', page)
        document_path = f"/documents/{change_url.group(2)}/"
        # Read, but a draft: the public sees nothing of it on either instance.
        assert public_get(b_url + document_path).status_code == 404
        assert document_path not in public_get(b_url + AUTHORITY_PAGE).text

        # The editor's session, made on A, is good on B too (sessions live in the database).
        assert "Log out" in staff.session.get(b_url + "/admin/", timeout=30).text

        staff.publish(a_url + change_url.group(1))

        after = public_get(b_url + AUTHORITY_PAGE)
        assert after.status_code == 200
        assert f'href="{document_path}' in after.text
        assert "Focused visit" in after.text
        assert "Kensington and Chelsea (renamed)" in after.text  # rendered afresh, not cached
        letter = public_get(b_url + document_path)
        assert letter.status_code == 200
        assert "Karen Wareing" in letter.text  # the letter's own words, on B
        # And A agrees.
        assert f'href="{document_path}' in public_get(a_url + AUTHORITY_PAGE).text


TASKS_SQL = """
SELECT u.filename, u.status, u.sha256, u.document_id, t.status, t.worker_ids,
       (SELECT count(*) FROM inspections_ingestrun r WHERE r.sha256 = u.sha256)
FROM inspections_upload u
JOIN django_tasks_database_dbtaskresult t ON t.id::text = u.task_id
WHERE u.filename = ANY(%s)
ORDER BY u.filename
"""


def test_two_workers_read_every_upload_exactly_once(scratch_db, site, tmp_path):
    """Uploads wait in the queue while both workers start; then both drain it at once."""
    seeds = sorted(p for p in SEEDS.glob("*.txt") if p != LETTER)
    names = [p.name for p in seeds]
    with contextlib.ExitStack() as stack:
        a_url, _ = stack.enter_context(
            gunicorn(site, workers=2, threads=4, log=tmp_path / "a.log")
        )
        staff = Staff(a_url)
        for path in seeds:
            assert staff.status(staff.upload(path))[0] == "queued"

        # Hold the queued tasks' rows so both workers are up and polling before either can
        # claim one (a worker skips rows another transaction has locked); then let them race.
        gate = psycopg2.connect(scratch_db.url)
        stack.callback(gate.close)
        with gate.cursor() as cursor:
            cursor.execute(
                "SELECT id FROM django_tasks_database_dbtaskresult WHERE id::text IN "
                "(SELECT task_id FROM inspections_upload WHERE filename = ANY(%s)) FOR UPDATE",
                [names],
            )
            assert cursor.rowcount == len(seeds)
        logs = [tmp_path / f"worker-{n}.log" for n in (1, 2)]
        for n, log in enumerate(logs, start=1):
            stack.enter_context(db_worker(site, f"worker-{n}", log))
        wait_for(
            lambda: all("Starting worker" in log.read_text() for log in logs),
            "both workers to start",
        )
        time.sleep(0.5)  # a few polls each, finding nothing they may take
        gate.commit()

        check = psycopg2.connect(scratch_db.url)
        stack.callback(check.close)
        check.autocommit = True

        def rows():
            with check.cursor() as cursor:
                cursor.execute(TASKS_SQL, [names])
                return cursor.fetchall()

        wait_for(
            lambda: all(row[4] in ("SUCCESSFUL", "FAILED") for row in rows()),
            "the workers to finish every upload",
        )
        results = rows()
        with check.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM inspections_document WHERE sha256 = ANY(%s)",
                [[row[2] for row in results]],
            )
            documents = cursor.fetchone()[0]

    assert [row[0] for row in results] == names
    for filename, upload_status, _, document, task_status, worker_ids, runs in results:
        assert (upload_status, task_status) == ("done", "SUCCESSFUL"), filename
        assert document is not None, filename
        assert len(worker_ids) == 1, (filename, worker_ids)
        # Read once: one IngestRun for its bytes. (A second claim of the same task would not
        # show in worker_ids: each claimant writes its own id over what it read.)
        assert runs == 1, (filename, runs)
    assert documents == len(seeds)
    # Both workers took a share, so the claims really did race.
    assert {row[5][0] for row in results} == {"worker-1", "worker-2"}, results

"""Staff add a new letter in a real browser: upload, the background worker reads it, review,
correct a finding, publish; a viewer can read the draft but not publish it.

The upload runs the real background path: the database task queue and a ``db_worker`` worker
running in a thread beside the live server.
"""

import importlib
import os
import re
import threading

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.db import connections
from django_tasks_db.management.commands.db_worker import Worker
from playwright.sync_api import expect

from authorities.models import Authority
from findings.models import Finding
from inspections.models import Document, Upload
from tests.browser.test_site import DOCS_SCREENSHOTS
from tests.corpus import CORPUS, pdf_path

pytestmark = pytest.mark.browser

LETTER = "norfolk__children's services focused visit - 09 november 2021"
PASSWORD = "a-long-browser-test-password"


@pytest.fixture
def staff(demo):
    """The Editors and Viewers groups (made again: transactional tests empty the tables the
    migration filled), with one account in each."""
    migration = importlib.import_module("inspections.migrations.0004_staff_groups")
    migration.create_groups(apps, None)
    accounts = {}
    for name, group in (("editor", "Editors"), ("viewer", "Viewers")):
        user = User.objects.create_user(name, password=PASSWORD, is_staff=True)
        user.groups.add(Group.objects.get(name=group))
        accounts[name] = user
    return accounts


class WorkerThread:
    """``manage.py db_worker``'s worker, polling the database queue from a thread.

    On SQLite the live server already shares the test's connection to the in-memory test
    database (separate connections to it would lock each other's tables); the worker shares
    it too. On PostgreSQL it opens its own, as a worker process would.
    """

    def __init__(self):
        self.worker = Worker(
            queue_names=["default"],
            interval=0.1,
            batch=False,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="browser-test-worker",
            excluded_queue_names=[],
        )
        shared = connections["default"]
        self.shared = shared if shared.vendor == "sqlite" else None
        self.thread = threading.Thread(target=self._work, daemon=True)

    def _work(self):
        if self.shared is not None:
            connections["default"] = self.shared
        try:
            self.worker.run()
        finally:
            if self.shared is None:
                connections["default"].close()

    def start(self):
        if self.shared is not None:
            self.shared.inc_thread_sharing()
        self.thread.start()

    def stop(self):
        self.worker.running = False
        self.thread.join(timeout=10)
        if self.shared is not None:
            self.shared.dec_thread_sharing()


@pytest.fixture
def worker(settings):
    """The database task queue, and a worker for it that the test starts."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    thread = WorkerThread()
    yield thread
    if thread.thread.is_alive():
        thread.stop()


def log_in(page, username):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(
        page.get_by_role("link", name="Log out").or_(page.locator("#logout-form"))
    ).to_have_count(1)


def test_editor_uploads_corrects_and_publishes_a_letter_with_screenshots(
    page, staff, worker, tmp_path
):
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is absent: the browser workflow uploads a real letter")
    save = os.environ.get("SAVE_SCREENSHOTS") == "1"
    folder = DOCS_SCREENSHOTS if save else tmp_path
    letter = pdf_path(LETTER)
    norfolk = Authority.objects.get(name="Norfolk")

    log_in(page, "editor")
    page.goto("/admin/inspections/document/")
    page.get_by_role("link", name="Upload a document").click()
    page.get_by_label("Document").set_input_files(str(letter))
    page.get_by_label("Source URL").fill("https://reports.ofsted.gov.uk/provider/44/80418")
    if save:
        page.screenshot(path=str(folder / "admin-upload.png"))
    page.get_by_role("button", name="Upload and read").click()

    # The file waits in the database queue until a worker picks it up; the page refreshes
    # itself until the worker is done.
    expect(page.locator(".upload-status")).to_have_attribute("data-status", "queued")
    expect(page.get_by_text("Uploaded, waiting for the worker")).to_be_visible()
    worker.start()
    expect(page.locator(".upload-status")).to_have_attribute("data-status", "done", timeout=30_000)
    worker.stop()
    upload = Upload.objects.get()
    assert upload.task_id  # it went through the queue, not the immediate backend
    document = upload.document
    assert document.is_published is False
    page.get_by_role("link", name="Review the document").click()

    # The review page: the extracted findings beside the document's pages.
    expect(page.get_by_text("Draft: not visible to the public")).to_be_visible()
    expect(page.locator("#page-1")).to_contain_text("Norfolk")
    finding = document.findings.order_by("order")[1]
    row = page.locator(".review-findings .inline-related").filter(
        has=page.locator(f"input[name$='-id'][value='{finding.pk}']")
    )
    corrected = "Corrected in the browser: " + finding.text
    row.locator("textarea[name$='-text']").fill(corrected)
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    if save:
        page.screenshot(path=str(folder / "admin-review.png"))
    finding.refresh_from_db()
    assert finding.text == corrected
    assert finding.edited_fields == ["text"]

    # Before publishing, the public sees nothing of it.
    page.goto(norfolk.get_absolute_url())
    expect(page.get_by_text("Corrected in the browser")).to_have_count(0)

    page.goto(f"/admin/inspections/document/{document.pk}/change/")
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".messagelist")).to_contain_text("Published")
    document.refresh_from_db()
    assert document.is_published is True

    page.goto(norfolk.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Norfolk")
    expect(page.get_by_role("link", name=re.compile(r"focused visit", re.I)).first).to_be_visible()
    page.goto(finding.get_absolute_url())
    expect(page.get_by_text(corrected)).to_be_visible()


def test_a_viewer_reads_a_draft_but_cannot_publish_it(page, staff, settings):
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is absent: the browser workflow uploads a real letter")
    from ingestion.services import ingest_document

    letter = pdf_path(LETTER)
    document = ingest_document(
        data=letter.read_bytes(), filename=letter.name, user=staff["editor"], publish=False
    ).document

    log_in(page, "viewer")
    page.goto(f"/admin/inspections/document/{document.pk}/change/")
    expect(page.get_by_text("Draft: not visible to the public")).to_be_visible()
    expect(page.locator("#page-1")).to_contain_text("Norfolk")
    expect(page.get_by_role("button", name="Publish")).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile("Save"))).to_have_count(0)

    # Not even by posting the form by hand.
    response = page.request.post(
        f"/admin/inspections/document/{document.pk}/publish/",
        form={"published": "1"},
        headers={"Referer": page.url},
        fail_on_status_code=False,
    )
    assert response.status in (403,)
    document.refresh_from_db()
    assert document.is_published is False
    assert Finding.objects.public().filter(document=document).count() == 0
    assert Document.objects.public().filter(pk=document.pk).count() == 0


def test_a_letter_whose_authority_is_not_found_waits_then_staff_place_and_publish_it(
    page, staff, worker, tmp_path
):
    """The needs-review queue: the upload is kept with its reason, staff choose the authority
    on its page, saving reads it again, and it is published (the letter is composed: its
    authority is a name no English council has)."""
    from tests.ingestion.test_needs_review import LETTER as ATLANTIS

    save = os.environ.get("SAVE_SCREENSHOTS") == "1"
    letter = tmp_path / "atlantis.txt"
    letter.write_bytes(ATLANTIS)
    kent = Authority.objects.get(slug="kent")

    log_in(page, "editor")
    page.goto("/admin/inspections/document/upload/")
    page.get_by_label("Document").set_input_files(str(letter))
    page.get_by_role("button", name="Upload and read").click()
    worker.start()
    expect(page.locator(".upload-status")).to_have_attribute("data-status", "done", timeout=30_000)
    worker.stop()
    expect(page.get_by_text("It waits for review")).to_be_visible()
    expect(page.get_by_text(re.compile("authority not found on page 1"))).to_be_visible()
    document = Upload.objects.get().document
    assert (document.status, document.authority) == (Document.Status.NEEDS_REVIEW, None)

    # The queue lists it.
    page.goto("/admin/inspections/document/")
    page.get_by_role("link", name="Needs review (1)").click()
    page.get_by_role("link", name=str(document)).click()
    expect(page.get_by_text("Why it waits")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("publish", re.I))).to_have_count(0)
    if save:
        page.screenshot(path=str(DOCS_SCREENSHOTS / "admin-needs-review.png"))

    # Staff choose the authority in the autocomplete, and save: it is read again.
    page.locator(".field-authority .select2-selection").click()
    page.locator(".select2-search__field").fill("Kent")
    page.locator(".select2-results__option", has_text=re.compile(r"^Kent$")).click()
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("Re-parsed")
    document.refresh_from_db()
    assert (document.status, document.authority) == (Document.Status.PARSED, kent)
    visit = document.inspections.get()
    assert (visit.authority, visit.start_date.isoformat()) == (kent, "2019-01-14")

    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".messagelist")).to_contain_text("Published")
    page.goto(visit.get_absolute_url())
    expect(page.get_by_text("The quality and timeliness of plans")).to_be_visible()

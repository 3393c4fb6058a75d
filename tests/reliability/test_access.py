"""Every URL the site has, checked for every kind of user, from one table of access rules.

The test walks the URL conf itself, so a URL added without a rule here fails
``test_every_url_has_an_access_rule``. Standard admin pages of each registered model follow
rules by role (``role_rule``); anything else needs its own line in ``ACCESS``.

Expected outcomes: a status code, or ``LOGIN`` (a redirect to the admin login page) or
``REDIRECT`` (a redirect elsewhere).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from findings.models import Theme
from inspections.models import IngestRun
from tests.factories import (
    AuthorityFactory,
    DocumentFactory,
    DocumentPageFactory,
    FindingFactory,
    FollowUpFactory,
    InspectionFactory,
    JudgementFactory,
)

from .conftest import data_counts

pytestmark = pytest.mark.django_db

LOGIN = "login"
REDIRECT = "redirect"

#: The kinds of user every URL is checked as: nobody signed in, a staff account with no role,
#: the two roles (the groups inspections' migration 0004 makes), and a superuser.
ROLES = ("anonymous", "staff", "viewer", "editor", "superuser")


@dataclass(frozen=True)
class Rule:
    anonymous: int | str
    staff: int | str  # is_staff, no permissions and no group
    superuser: int | str
    viewer: int | str | None = None  # None: as staff
    editor: int | str | None = None  # None: as superuser

    def expected(self, role: str) -> int | str:
        value = getattr(self, role)
        if value is None:
            return self.staff if role == "viewer" else self.superuser
        return value


PUBLIC = Rule(200, 200, 200)
STAFF_ONLY = Rule(LOGIN, 403, 200)

#: What each role may do with a model's standard admin pages, by model label: the roles'
#: policy written out here, so a change to the groups' permissions has to change this too.
#: Viewers read the data and its history (drafts included); editors also add, change and
#: delete what staff correct, and read what only ingestion writes.
EDITED = {
    "inspections_document",
    "inspections_inspection",
    "inspections_judgement",
    "findings_finding",
    "findings_followup",
    "findings_theme",
}
READ_ONLY = {
    "inspections_ingestrun",
    "inspections_upload",
    "inspections_historicalfinding",
    "authorities_authority",
}
READABLE = EDITED | READ_ONLY


def role_rule(label: str, kind: str) -> Rule:
    """A standard admin page's rule for the two roles, from the sets above."""
    if kind == "object":
        return Rule(LOGIN, REDIRECT, REDIRECT, REDIRECT, REDIRECT)
    if kind in ("changelist", "change", "history"):
        allowed = 200 if label in READABLE else 403
        return Rule(LOGIN, 403, 200, viewer=allowed, editor=allowed)
    # add and delete
    return Rule(LOGIN, 403, 200, viewer=403, editor=200 if label in EDITED else 403)


#: Records nobody adds by hand: the admin refuses their add page even to a superuser.
NO_ADD = {
    "django_tasks_database_dbtaskresult",
    "inspections_historicalfinding",
    "inspections_ingestrun",
    "inspections_upload",
}
#: Records nobody deletes by hand: the queue's results and the history of findings.
NO_DELETE = {"django_tasks_database_dbtaskresult", "inspections_historicalfinding"}


@dataclass(frozen=True)
class Access:
    rule: Rule
    kwargs: object = None  # objects -> the URL's keyword arguments
    url: object = None  # objects -> the URL itself, for unnamed patterns


#: Every URL that is not a standard admin model page, by name (or route when unnamed).
ACCESS: dict[str, Access] = {
    "home": Access(PUBLIC),
    "search": Access(PUBLIC),
    "compare": Access(PUBLIC),
    "authorities:authority-list": Access(PUBLIC),
    "authorities:authority-detail": Access(PUBLIC, lambda o: {"slug": o.authority.slug}),
    "inspections:inspection-detail": Access(PUBLIC, lambda o: {"pk": o.inspection.pk}),
    "inspections:document-detail": Access(PUBLIC, lambda o: {"pk": o.document.pk}),
    "inspections:document-file": Access(PUBLIC, lambda o: {"pk": o.document.pk}),
    "findings:finding-list": Access(PUBLIC),
    "findings:finding-csv": Access(PUBLIC),
    "findings:finding-detail": Access(PUBLIC, lambda o: {"pk": o.finding.pk}),
    "authorities:authority-csv": Access(PUBLIC),
    # Bulk downloads: the page for everyone; a file the same for every role, and the access
    # test's data has no build, so each is told "not built" alike (tests/website/
    # test_downloads.py serves a real build).
    "data:downloads": Access(PUBLIC),
    "data:file": Access(Rule(404, 404, 404), lambda o: {"name": "ofsted-kb-csv.zip"}),
    # Open data: the feeds and the read-only API, public to everyone.
    "feeds:documents": Access(PUBLIC),
    "feeds:region-documents": Access(PUBLIC, lambda o: {"region": o.authority.region}),
    "feeds:authority-documents": Access(PUBLIC, lambda o: {"slug": o.authority.slug}),
    "feeds:findings": Access(PUBLIC),
    "feeds:search": Access(PUBLIC),
    "api:guide": Access(PUBLIC),
    "api:schema": Access(PUBLIC),
    "api:api-root": Access(PUBLIC),
    "api:authority-list": Access(PUBLIC),
    "api:authority-detail": Access(PUBLIC, lambda o: {"slug": o.authority.slug}),
    "api:authority-grades": Access(PUBLIC, lambda o: {"slug": o.authority.slug}),
    "api:inspection-list": Access(PUBLIC),
    "api:inspection-detail": Access(PUBLIC, lambda o: {"pk": o.inspection.pk}),
    "api:document-list": Access(PUBLIC),
    "api:document-detail": Access(PUBLIC, lambda o: {"pk": o.document.pk}),
    "api:finding-list": Access(PUBLIC),
    "api:finding-detail": Access(PUBLIC, lambda o: {"pk": o.finding.pk}),
    "api:finding-follow-ups": Access(PUBLIC, lambda o: {"pk": o.finding.pk}),
    "api:follow-up-list": Access(PUBLIC),
    "api:follow-up-detail": Access(PUBLIC, lambda o: {"pk": o.samples["findings_followup"].pk}),
    "api:theme-list": Access(PUBLIC),
    "api:theme-detail": Access(PUBLIC, lambda o: {"slug": o.samples["findings_theme"].slug}),
    "admin:index": Access(Rule(LOGIN, 200, 200)),  # staff see "no permission to edit anything"
    "admin:login": Access(Rule(200, REDIRECT, REDIRECT)),
    "admin:logout": Access(Rule(REDIRECT, 405, 405)),  # POST only
    "admin:password_change": Access(Rule(LOGIN, 200, 200)),
    "admin:password_change_done": Access(Rule(LOGIN, 200, 200)),
    # A request without its field: refused to everyone.
    "admin:autocomplete": Access(Rule(LOGIN, 403, 403, editor=403)),
    "admin:jsi18n": Access(Rule(LOGIN, 200, 200)),
    "admin:view_on_site": Access(
        Rule(LOGIN, REDIRECT, REDIRECT),
        lambda o: {"content_type_id": o.finding_type.pk, "object_id": o.finding.pk},
    ),
    "admin:app_list": Access(
        Rule(LOGIN, 404, 200, viewer=200), lambda o: {"app_label": "inspections"}
    ),
    "admin/(?P<url>.*)$": Access(Rule(LOGIN, 404, 404), url=lambda o: "/admin/no-such-page/"),
    "admin:auth_user_password_change": Access(
        Rule(LOGIN, 403, 200, editor=403), lambda o: {"id": o.superuser.pk}
    ),
    "admin:inspections_document_upload": Access(STAFF_ONLY),
    # Uploading is an editor's; following an upload's progress is reading.
    "admin:inspections_document_upload_status": Access(
        Rule(LOGIN, 403, 200, viewer=200), lambda o: {"pk": o.samples["inspections_upload"].pk}
    ),
    "admin:inspections_document_publish": Access(
        Rule(LOGIN, 405, 405), lambda o: {"pk": o.document.pk}
    ),  # POST only
    "admin:inspections_document_reparse": Access(
        Rule(LOGIN, 405, 405), lambda o: {"pk": o.document.pk}
    ),  # POST only
    "admin:findings_followup_review": Access(Rule(LOGIN, 405, 405)),  # POST only
    # The add page sends staff to the upload page, which checks the permission.
    "admin:inspections_document_add": Access(Rule(LOGIN, REDIRECT, REDIRECT)),
}

#: django-simple-history's page of one past version, for each model it records.
for _model in ("document", "inspection", "judgement"):
    ACCESS[f"admin:inspections_{_model}_simple_history"] = Access(
        Rule(LOGIN, 403, 200, viewer=200),
        url=lambda o, m=_model: reverse(
            f"admin:inspections_{m}_simple_history",
            args=[o.samples[f"inspections_{m}"].pk, o.history_id(m)],
        ),
    )


def walk(patterns=None, prefix="", namespace=""):
    """(route, name) of every URL pattern, names namespaced, recursing into includes."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            yield prefix + str(pattern.pattern), name


def admin_models() -> dict[str, type]:
    return {f"{m._meta.app_label}_{m._meta.model_name}": m for m in admin.site._registry}


def standard_admin_page(route: str, name: str | None) -> tuple[str, str] | None:
    """(model label, kind) where the URL is one of a registered model's standard pages."""
    models = admin_models()
    if name:
        match = re.fullmatch(r"admin:(\w+?)_(changelist|add|change|delete|history)", name)
        if match and match[1] in models:
            return match[1], match[2]
        return None
    match = re.fullmatch(r"admin/(\w+)/(\w+)/<path:object_id>/", route)
    if match and f"{match[1]}_{match[2]}" in models:
        return f"{match[1]}_{match[2]}", "object"
    return None


def rule_for(route: str, name: str | None) -> Rule | None:
    if (name or route) in ACCESS:
        return ACCESS[name or route].rule
    standard = standard_admin_page(route, name)
    if standard is None:
        return None
    label, kind = standard
    if (kind == "add" and label in NO_ADD) or (kind == "delete" and label in NO_DELETE):
        return Rule(LOGIN, 403, 403, viewer=403, editor=403)
    return role_rule(label, kind)


def test_every_url_has_an_access_rule():
    missing = [name or route for route, name in walk() if rule_for(route, name) is None]
    assert missing == [], f"URLs without an access rule in {__name__}: {missing}"


def test_every_rule_is_for_a_url_that_exists():
    known = {name or route for route, name in walk()}
    assert sorted(set(ACCESS) - known) == []


class Objects:
    """One published row of everything, and a sample row of every admin model."""

    def __init__(self, superuser):
        self.superuser = superuser
        self.authority = AuthorityFactory()
        self.document = DocumentFactory(authority=self.authority, media_type="text/plain")
        self.document.file.save("letter.txt", ContentFile(b"A letter."), save=True)
        DocumentPageFactory(document=self.document)
        self.inspection = InspectionFactory(authority=self.authority)
        self.inspection.documents.add(self.document)
        judgement = JudgementFactory(inspection=self.inspection, source_document=self.document)
        self.finding = FindingFactory(inspection=self.inspection, document=self.document)
        self.finding_type = ContentType.objects.get_for_model(self.finding)
        later = FindingFactory(inspection=self.inspection, document=self.document)
        self.samples = {
            "authorities_authority": self.authority,
            "authorities_authorityalias": self.authority.aliases.create(name="Testshire CC"),
            "inspections_document": self.document,
            "inspections_inspection": self.inspection,
            "inspections_judgement": judgement,
            "inspections_ingestrun": IngestRun.objects.create(path="x.pdf", outcome="failed"),
            "findings_finding": self.finding,
            "findings_theme": Theme.objects.first() or Theme.objects.create(slug="t", name="T"),
            "findings_followup": FollowUpFactory(recommendation=self.finding, evidence=later),
            "auth_user": superuser,
            "auth_group": Group.objects.first() or Group.objects.create(name="readers"),
        }
        models = admin_models()
        if "inspections_upload" in models:
            self.samples["inspections_upload"] = models["inspections_upload"].objects.create(
                filename="x.pdf", sha256="0" * 64
            )
        if "inspections_historicalfinding" in models:
            self.samples["inspections_historicalfinding"] = models[
                "inspections_historicalfinding"
            ].objects.first()
        if "django_tasks_database_dbtaskresult" in models:
            now = timezone.now()
            self.samples["django_tasks_database_dbtaskresult"] = models[
                "django_tasks_database_dbtaskresult"
            ].objects.create(
                args_kwargs={"args": [], "kwargs": {}},
                task_path="ingestion.tasks.ingest_upload",
                backend_name="default",
                enqueued_at=now,
                run_after=now - datetime.timedelta(seconds=1),
                exception_class_path="",
                traceback="",
            )

    def history_id(self, model_name: str) -> int:
        return self.samples[f"inspections_{model_name}"].history.first().history_id


@pytest.fixture
def objects(django_user_model, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    # The task admin lists rows of the database queue, which the test settings' immediate
    # backend does not keep; production's backend is the database one.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    superuser = django_user_model.objects.create_superuser("root", password="pw-root-123456")
    return Objects(superuser)


@pytest.fixture
def users(django_user_model, objects):
    staff = django_user_model.objects.create_user("staff", password="pw-staff-123456")
    staff.is_staff = True
    staff.save()
    roles = {"anonymous": None, "staff": staff, "superuser": objects.superuser}
    for role, group in (("viewer", "Viewers"), ("editor", "Editors")):
        user = django_user_model.objects.create_user(role, password=f"pw-{role}-123456")
        user.is_staff = True
        user.save()
        user.groups.add(Group.objects.get(name=group))
        roles[role] = user
    return roles


def url_of(route: str, name: str | None, objects: Objects) -> str:
    access = ACCESS.get(name or route)
    if access and access.url:
        return access.url(objects)
    if access:
        return reverse(name, kwargs=access.kwargs(objects) if access.kwargs else None)
    label, kind = standard_admin_page(route, name)
    sample = objects.samples[label]
    if kind in ("changelist", "add"):
        return reverse(name)
    if kind == "object":
        return reverse(f"admin:{label}_change", args=[sample.pk]).removesuffix("change/")
    return reverse(name, args=[sample.pk])


def outcome(response) -> int | str:
    if response.status_code == 302:
        return LOGIN if response["Location"].startswith(reverse("admin:login")) else REDIRECT
    return response.status_code


def every_url(objects: Objects) -> list[tuple[str, str]]:
    return [(name or route, url_of(route, name, objects)) for route, name in walk()]


def test_every_url_gives_each_kind_of_user_what_its_rule_says(objects, users):
    wrong = []
    for route, name in walk():
        url = url_of(route, name, objects)
        rule = rule_for(route, name)
        for role in ROLES:
            client = Client()
            if users[role] is not None:
                client.force_login(users[role])
            got = outcome(client.get(url))
            if got != rule.expected(role):
                wrong.append(f"{role} GET {url} ({name or route}): {got}, rule says {rule}")
    assert wrong == [], "\n".join(wrong)


def test_no_url_lets_an_anonymous_user_write(objects, users):
    """Even with CSRF checks off, a POST without a login changes nothing anywhere."""
    before = data_counts()
    client = Client()
    for key, url in every_url(objects):
        response = client.post(url, {"name": "x", "is_published": "on", "title": "x"})
        if key == "admin:login":
            assert response.status_code == 200  # the form again, saying the login failed
            continue
        assert response.status_code in (302, 400, 403, 404, 405), (key, url)
        if response.status_code == 302 and key != "admin:logout":
            assert response["Location"].startswith(reverse("admin:login")), (key, url)
    assert data_counts() == before


def test_every_post_without_a_csrf_token_is_refused(objects, users):
    before = data_counts()
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["superuser"])
    for key, url in every_url(objects):
        response = client.post(url, {"title": "x"})
        assert response.status_code == 403, (key, url, response.status_code)
        assert b"CSRF" in response.content, (key, url)
    assert data_counts() == before


def test_no_view_is_exempt_from_csrf():
    exempt = [
        route for pattern, route in _callbacks() if getattr(pattern.callback, "csrf_exempt", False)
    ]
    assert exempt == []


def _callbacks(patterns=None, prefix=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from _callbacks(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield pattern, prefix + str(pattern.pattern)


FORM_RE = re.compile(r"<form\b[^>]*>.*?</form>", re.S | re.I)


def test_every_post_form_carries_a_csrf_token(objects, users):
    client = Client()
    client.force_login(users["superuser"])
    forms = 0
    for key, url in every_url(objects):
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for form in FORM_RE.findall(response.content.decode()):
            opening = form[: form.index(">")].lower()
            if re.search(r"method=[\"']?post", opening):
                forms += 1
                assert 'name="csrfmiddlewaretoken"' in form, (key, url, opening)
    assert forms >= 10  # the admin's own forms at least: the walk did reach them


def test_public_object_urls_are_404_for_drafts(client, objects):
    """Each public URL that names an object answers 404 when the object is only in a draft;
    ACCESS must give every such URL's arguments, so a new one is covered here too."""
    draft = DocumentFactory(authority=objects.authority, is_published=False)
    inspection = InspectionFactory(
        authority=objects.authority, start_date=datetime.date(2020, 1, 6)
    )
    inspection.documents.add(draft)
    finding = FindingFactory(
        inspection=inspection, document=draft, text="A draft-only finding about zebras."
    )
    later = FindingFactory(inspection=inspection, document=draft)
    link = FollowUpFactory(recommendation=finding, evidence=later)
    drafts = {"document": draft, "inspection": inspection, "finding": finding, "follow-up": link}
    checked = 0
    for route, name in walk():
        if route.startswith("admin/") or "<" not in route:
            continue
        kwargs = ACCESS[name].kwargs(objects)
        if "pk" not in kwargs:
            continue  # an authority is public whatever its documents
        target = next(kind for kind in drafts if kind in name)
        response = client.get(reverse(name, kwargs={"pk": drafts[target].pk}))
        assert response.status_code == 404, name
        checked += 1
    assert checked >= 4
    for url in (
        "/",
        "/findings/",
        "/findings/export.csv",
        "/search/?q=zebras",
        objects.authority.get_absolute_url(),
        "/api/v1/findings/",
        "/api/v1/follow-ups/",
        "/feeds/findings/",
        "/feeds/search/?q=zebras",
    ):
        body = b"".join(client.get(url)).decode() if url.endswith(".csv") else None
        body = body or client.get(url).content.decode()
        assert "draft-only finding" not in body, url


def test_security_headers_on_every_page(client, objects):
    for key, url in every_url(objects):
        response = client.get(url)
        csp = response.headers.get("Content-Security-Policy", "")
        assert "script-src 'self'" in csp or csp == "sandbox", (key, csp)
        assert response.headers["Referrer-Policy"] == "same-origin", key
        assert response.headers["X-Content-Type-Options"] == "nosniff", key
        assert response.headers["X-Frame-Options"] == "DENY", key
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy

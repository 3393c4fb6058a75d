"""Production settings, loaded as production loads them (in a child process): the deployment
checklist is clean, and responses carry HSTS and hardened cookies."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

from .conftest import BASE_DIR

PRODUCTION_ENV = {
    **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
    "DJANGO_SETTINGS_MODULE": "ofsted_kb.settings_production",
    "SECRET_KEY": "production-check-" + "k" * 50,
    "ALLOWED_HOSTS": "ofsted-findings.example.org",
    "DATABASE_URL": "",
}

#: Signs in through the real login form over HTTPS and reports the headers and cookies seen.
PROBE = textwrap.dedent(
    """
    import json
    import django
    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.test.utils import setup_databases, setup_test_environment
    # The shared cache's table does not exist while migrations run on a new database; the
    # cache plays no part in the headers and cookies under test.
    dummy = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    settings.CACHES = {name: dummy for name in settings.CACHES}
    # Hashed static file names need collectstatic first; nor do they matter here.
    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    settings.STORAGES = {**settings.STORAGES, "staticfiles": plain}
    setup_test_environment()
    setup_databases(verbosity=0, interactive=False)
    get_user_model().objects.create_superuser("root", password="pw-root-123456")
    client = Client(HTTP_HOST="ofsted-findings.example.org")
    insecure = client.get("/admin/login/")
    page = client.get("/admin/login/", secure=True)
    token = page.cookies[settings.CSRF_COOKIE_NAME].value
    signed_in = client.post(
        "/admin/login/",
        {"username": "root", "password": "pw-root-123456", "csrfmiddlewaretoken": token},
        secure=True,
        HTTP_REFERER="https://ofsted-findings.example.org/admin/login/",
    )
    cookie = lambda response, name: {
        key: str(value) for key, value in response.cookies[name].items() if value
    }
    print(json.dumps({
        "insecure": [insecure.status_code, insecure.get("Location", "")],
        "headers": dict(page.headers),
        "signed_in": signed_in.status_code,
        "csrf_cookie": cookie(page, settings.CSRF_COOKIE_NAME),
        "session_cookie": cookie(signed_in, settings.SESSION_COOKIE_NAME),
        "names": [settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME],
    }))
    """
)


def test_check_deploy_is_clean_under_production_settings():
    completed = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=PRODUCTION_ENV,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "System check identified no issues" in completed.stdout


def test_production_responses_and_cookies_are_hardened(tmp_path):
    completed = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=BASE_DIR,
        env={**PRODUCTION_ENV, "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stderr
    seen = json.loads(completed.stdout.strip().splitlines()[-1])
    assert seen["insecure"] == [301, "https://ofsted-findings.example.org/admin/login/"]
    headers = seen["headers"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert seen["names"] == ["__Host-sessionid", "__Host-csrftoken"]
    assert seen["signed_in"] == 302
    session, csrf = seen["session_cookie"], seen["csrf_cookie"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax", session
    assert session["path"] == "/" and "domain" not in session
    assert int(session["max-age"]) == 8 * 60 * 60
    assert csrf["secure"] and csrf["samesite"] == "Lax" and csrf["path"] == "/", csrf

"""Settings for every environment, read from the environment (documented in .env.example).

SQLite is the default so a fresh clone runs; DATABASE_URL selects PostgreSQL. Production
hardening lives in ``ofsted_kb.settings_production``.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG and not env_bool("ALLOW_INSECURE_SECRET_KEY", default=False):
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (see .env.example)")
    SECRET_KEY = "insecure-development-key-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "simple_history",
    "rest_framework",
    "drf_spectacular",
    # The data apps, each importing only those above it in this list...
    "authorities",
    "inspections",
    "findings",
    # ...the write side and the read side (the site, and its JSON API), which import them
    # (and nothing imports these).
    "ingestion",
    "website",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "ofsted_kb.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Puts the signed-in user on every history record an admin request writes.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "ofsted_kb.urls"
WSGI_APPLICATION = "ofsted_kb.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers wait for each other instead of failing at once; WAL lets readers go on.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: the findings list's follow-up subqueries make the planner's cost
    # estimates large enough to trigger it, and compiling took a second (measured at 10x)
    # for queries that then run in 100 ms. A web page's queries are short; JIT is for
    # analytics.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The shared cache, a table in the database (made by migrate), holds the data's version so every
# process sees a change at once; each process keeps rendered public pages and national
# aggregates in its own memory under that version (ofsted_kb/cache.py).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "ofsted_kb_cache",
    },
    "local": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "ofsted-kb",
        "OPTIONS": {"MAX_ENTRIES": 500},
    },
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Limits on what ingestion accepts: a file over these is refused with a message.
INGEST_MAX_BYTES = env_int("INGEST_MAX_BYTES", 50 * 1024 * 1024)
INGEST_MAX_PAGES = env_int("INGEST_MAX_PAGES", 1000)
# ...and on the text a file may hold, and the memory and seconds reading one PDF may take
# (pdfium inflates a compression bomb without limit; see docs/reliability.md).
INGEST_MAX_CHARS_PER_PAGE = env_int("INGEST_MAX_CHARS_PER_PAGE", 50_000)
INGEST_MAX_CHARS = env_int("INGEST_MAX_CHARS", 5_000_000)
INGEST_READ_MEMORY_MB = env_int("INGEST_READ_MEMORY_MB", 512)
INGEST_READ_SECONDS = env_int("INGEST_READ_SECONDS", 120)
# Admin uploads are ingested in the background by `manage.py db_worker` (started by `make run`);
# the queue is a table in the same database, so no other server is needed.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# The bulk downloads (/data/, `manage.py build_downloads`): the worker rebuilds them a little
# after each change to the data unless this is off.
DOWNLOADS_REBUILD = env_bool("DOWNLOADS_REBUILD", default=True)
# History is for reading: a revert would bypass the record of which fields staff edited.
SIMPLE_HISTORY_REVERT_DISABLED = True
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LOGIN_URL = "admin:login"

# The read-only JSON API (/api/v1/, api/). JSON only: the human page is /api/. Staff signed in
# to the admin are recognised by their session and never throttled; everyone else is throttled
# per address at API_ANON_RATE ("requests/second|minute|hour|day"), counted in the shared
# cache so every process agrees.
API_ANON_RATE = env_str("API_ANON_RATE", "60/minute")
#: The cache the throttle counts in (the shared one; tests name their own).
API_THROTTLE_CACHE = "default"
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.PublicRateThrottle"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.CursorPagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # The address a request came from: REMOTE_ADDR unless API_NUM_PROXIES proxies stand in
    # front (then X-Forwarded-For, which a client could otherwise forge to dodge the throttle).
    "NUM_PROXIES": env_int("API_NUM_PROXIES", 0),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Ofsted findings API",
    "DESCRIPTION": "Read-only open data: England's local authorities, Ofsted's inspections and "
    "their judgements, the source documents, every finding with its themes and follow-up "
    "trail. Every record points at the document and page it came from. The human guide is "
    "/api/.",
    "VERSION": "1",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Codes named for what they are: several models have a "kind" and a "status".
    "ENUM_NAME_OVERRIDES": {
        "AuthorityKindEnum": "authorities.models.AuthorityKind",
        "AuthorityStatusEnum": "authorities.models.AuthorityStatus",
        "DocumentKindEnum": "inspections.codes.DocumentKind",
        "FindingKindEnum": "inspections.codes.FindingKind",
        "FollowUpStatusEnum": "findings.models.FollowUp.Status",
    },
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # Django's admin reads it from forms, not scripts; kept default.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Scripts only from this site, never inline: with escaping, the defence against injected
# markup. Styles may be inline (a style cannot run script; the grade bars size themselves in
# a style attribute and an admin template has a <style> block). See docs/reliability.md.
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

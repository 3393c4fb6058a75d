"""Caches that the data's changes invalidate: the public pages and the national aggregates.

Every write to the authorities, inspections or findings apps through the ORM (a save, a delete,
a many-to-many change: the admin, ingestion, re-parsing) gives the data a new version when its
transaction commits. The version is kept in the ``default`` cache, which is the database's
(``ofsted_kb_cache``), so every process sees a change at once. What is cached is kept by each
process under the version it was computed at (pages in its ``local`` cache, aggregates in
memory), so a new version makes it unreachable everywhere. Writes that bypass the ORM's
signals (``bulk_create``, ``update()``, bulk deletes of pages or links, raw SQL) call
``data_changed()`` themselves.

Each new version is announced by ``data_announced`` (the public site rebuilds its bulk
downloads on it); a receiver's failure is logged, never raised into the committed write.
"""

from __future__ import annotations

import contextlib
import contextvars
import gc
import hashlib
import logging
import time
import uuid
from functools import wraps

from django.core.cache import caches
from django.db import DatabaseError, transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.dispatch import Signal
from django.http import HttpResponse

VERSION_KEY = "ofsted-kb:data-version"
#: The apps whose rows the public pages show.
DATA_APPS = {"authorities", "inspections", "findings"}
#: How long a page is kept for one version, at most.
TIMEOUT = 60 * 60

log = logging.getLogger(__name__)

#: Sent (without arguments) once a write to the data has committed and made a new version.
data_announced = Signal()


#: The version a cached page's request read first: the rest of that request (the aggregates it
#: reads with ``cached``) uses the same one, without asking the database again.
_request_version: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "ofsted_kb_request_version", default=None
)


def data_version() -> str:
    """The data's current version: one small query of the shared cache (once a request, in
    a page that ``cache_page`` serves)."""
    kept = _request_version.get()
    if kept is not None:
        return kept
    shared = caches["default"]
    version = shared.get(VERSION_KEY)
    if version is None:
        # First use, or the entry was lost: any fresh value will do, as long as all agree.
        shared.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = shared.get(VERSION_KEY) or uuid.uuid4().hex
    return version


def _new_version() -> None:
    caches["default"].set(VERSION_KEY, uuid.uuid4().hex, None)


def _bump() -> None:
    _new_version()
    for receiver, error in data_announced.send_robust(sender=None):
        if isinstance(error, Exception):
            log.error("%s failed on a data change", receiver, exc_info=error)


def data_changed() -> None:
    """Give the data a new version once the current transaction commits (at once outside one);
    for writes the ORM sends no signal for. A rolled-back write makes none."""
    transaction.on_commit(_bump)


def _on_write(sender, **kwargs) -> None:
    # Migrations' historical models ("__fake__") write before the cache table may exist; the
    # version changes once, after migrate, instead.
    if sender._meta.app_label not in DATA_APPS or sender.__module__ == "__fake__":
        return
    connection = transaction.get_connection()
    # Many writes in one transaction make one new version.
    if connection.in_atomic_block and any(
        callback is _bump for _, callback, _ in connection.run_on_commit
    ):
        return
    transaction.on_commit(_bump)


def _after_migrate(**kwargs) -> None:
    # Migrated only part of the way, the cache table may not be there yet.
    with contextlib.suppress(DatabaseError):
        _new_version()


def connect() -> None:
    """Invalidate on every ORM save and many-to-many change in the data apps (called once,
    from AuthoritiesConfig.ready); each data app names its own main rows to ``watch_deletes``.
    """
    for signal in (post_save, m2m_changed):
        signal.connect(_on_write, dispatch_uid=f"ofsted_kb.cache.{signal}")
    post_migrate.connect(_after_migrate, dispatch_uid="ofsted_kb.cache.post_migrate")


def watch_deletes(*models) -> None:
    """Invalidate on deleting one of these rows.

    Deletes are listened to model by model: a listener on every model would stop Django
    deleting pages or links in bulk without loading them.
    """
    for model in models:
        post_delete.connect(_on_write, sender=model, dispatch_uid=f"ofsted_kb.cache.{model}")


#: Aggregates this process has computed: name -> (data version, value). Plain objects in a
#: dict, not the ``local`` cache, which would unpickle a national aggregate on every read.
_aggregates: dict[str, tuple[str, object]] = {}


def cached(name: str, compute):
    """``compute()``, kept in this process until the data changes."""
    version = data_version()
    kept = _aggregates.get(name)
    if kept is not None and kept[0] == version:
        return kept[1]
    value = compute()
    _aggregates[name] = (version, value)
    _out_of_the_collectors_sight()
    return value


#: At most this often (seconds), a new aggregate brings a full collection of everything
#: frozen before, so whatever an earlier version kept and is garbage now is reclaimed.
FULL_COLLECTION_EVERY = 600
_last_full_collection = time.monotonic()


def _out_of_the_collectors_sight() -> None:
    """Move what the process holds now, the new aggregate with it, out of the cyclic garbage
    collector's full passes.

    A national aggregate is tens of thousands of small objects (at 10x, 26,000 latest grades
    and as many links), alive until the data changes. Each full collection walked them all:
    about 90 ms, landing on whichever request was running. Frozen, they are still freed by
    reference counting once replaced; the young generations are collected before freezing,
    and everything frozen is collected in full now and then (``FULL_COLLECTION_EVERY``), so a
    cycle that became garbage is not kept for long.
    """
    global _last_full_collection
    now = time.monotonic()
    if now - _last_full_collection > FULL_COLLECTION_EVERY:
        _last_full_collection = now
        gc.unfreeze()
        gc.collect()
    else:
        gc.collect(1)
    gc.freeze()


def cache_page(view):
    """Serve a public page from this process's cache until the data changes.

    For GET requests only, and only 200 responses are kept. The public pages show the same
    to everyone (no session, no CSRF token, no user), so the full URL is the key; the
    middleware still runs on every request and adds its headers.
    """

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        if request.method != "GET":
            return view(request, *args, **kwargs)
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        version = data_version()
        key = f"page:{path}:{version}"
        local = caches["local"]
        hit = local.get(key)
        if hit is not None:
            content, content_type = hit
            return HttpResponse(content, content_type=content_type)
        token = _request_version.set(version)
        try:
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming:
                if hasattr(response, "render"):
                    response.render()
                local.set(key, (response.content, response["Content-Type"]), TIMEOUT)
        finally:
            _request_version.reset(token)
        return response

    return cached_view

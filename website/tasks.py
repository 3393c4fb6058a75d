"""Background work of the public site: rebuilding the bulk downloads after the data changes.

``ofsted_kb.cache`` announces each new version of the data (an ingest or publish, an import
of official statistics, a staff edit) once its transaction commits; ``schedule_rebuild``
answers by queueing one rebuild, which ``manage.py db_worker`` runs.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone
from django_tasks import task

from . import downloads

log = logging.getLogger(__name__)

#: Set while a rebuild waits in the queue: the changes before it runs make no second one.
QUEUED_KEY = "ofsted-kb:downloads-queued"
#: How long a queued rebuild keeps others out (then another may be queued, if it was lost).
QUEUED_TIMEOUT = 30 * 60
#: How long after a change the rebuild runs, where the queue can wait: the many changes of
#: one batch (an import, a corpus ingest) make one rebuild.
DELAY = datetime.timedelta(minutes=2)


@task()
def build_downloads() -> dict:
    """Rebuild the zip and the SQLite file from the data as it is now."""
    # Changes from now on need a rebuild after this one.
    caches["default"].delete(QUEUED_KEY)
    built = downloads.build()
    return {"built_at": built.built_at.isoformat(), "counts": built.counts}


def schedule_rebuild(**kwargs) -> None:
    """Queue one rebuild (the receiver of ``ofsted_kb.cache.data_announced``).

    Cheap (a cache ``add`` and, once per queued rebuild, one row in the queue) and never
    raises: the write that announced the change has committed and must not fail.
    """
    if not settings.DOWNLOADS_REBUILD:
        return
    try:
        if not caches["default"].add(QUEUED_KEY, True, QUEUED_TIMEOUT):
            return
        queued = build_downloads
        if queued.get_backend().supports_defer:
            queued = queued.using(run_after=timezone.now() + DELAY)
        queued.enqueue()
    except Exception:
        log.exception("could not queue the rebuild of the bulk downloads")

"""Background work: ingesting a file staff uploaded in the admin.

``manage.py db_worker`` runs these (``make run`` starts it beside the web server); the upload
page enqueues them and shows the Upload's progress until the worker is done.
"""

from __future__ import annotations

import logging

from django.utils import timezone
from django_tasks import task

from inspections.models import Upload

from .services import ingest_document

log = logging.getLogger(__name__)


@task()
def ingest_upload(upload_id: int) -> str:
    """Ingest one uploaded file as a draft through the same service as the command."""
    upload = Upload.objects.select_related("uploaded_by", "authority").get(pk=upload_id)
    if upload.finished:
        return upload.status  # a retried task after the work was done
    upload.status = Upload.Status.RUNNING
    upload.save(update_fields=["status"])
    try:
        with upload.file.open("rb") as handle:
            data = handle.read()
        result = ingest_document(
            data=data,
            filename=upload.filename,
            published_on=upload.published_on,
            source_url=upload.source_url,
            authority=upload.authority,
            user=upload.uploaded_by,
            publish=False,
        )
    except Exception as exc:
        log.exception("ingesting upload %s failed", upload.pk)
        upload.status = Upload.Status.FAILED
        upload.error = f"the worker failed unexpectedly ({type(exc).__name__}: {exc})"
    else:
        upload.run = result.run
        upload.document = result.document
        upload.error = result.error
        upload.status = Upload.Status.FAILED if result.error else Upload.Status.DONE
    upload.finished_at = timezone.now()
    # The document keeps its own copy of the file; the waiting copy goes either way.
    upload.file.delete(save=False)
    upload.save()
    return upload.status

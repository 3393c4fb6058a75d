"""Admin for documents, inspections, judgements, ingest runs and uploads: the staff workflow.

Staff upload a file (ingested as a draft in the background), review what was extracted beside
the document's pages, correct it, and publish (``documents``). Every field staff change is
recorded on the row (``edited_fields``, ``edits``) so a re-parse keeps it, and every change is
in the history (``records``). Each attempt at reading a file is an ingest run (``runs``).
"""

from . import documents, records, runs  # noqa: F401 (each registers its models)

"""Writes that touch several models, one module per capability:

- ``ingest``: one document in, in one transaction (the ``ingest`` command and the upload);
- ``authorities``: which authority a document is about;
- ``events``: which Inspection a document's item speaks of, and merging placeholders;
- ``records``: the Finding and Judgement rows a parse makes;
- ``official``: Ofsted's official statistics as Judgements;
- ``conflicts``: where sources disagree on a grade, and the reports against the official
  statistics;
- ``staff``: staff's edits and publishing;
- ``reparse``: a stored document read again, staff's edits kept.

What other code calls is importable from here.
"""

from .authorities import authority_index, resolve_authority
from .common import IngestResult, read_limits
from .conflicts import GradeConflict, OfficialAgreement, grade_conflicts, official_agreement
from .events import EventKey, find_inspection
from .ingest import ingest_document
from .official import OfficialImportResult, import_official_outcomes
from .reparse import reparse_document
from .staff import (
    EDITABLE_FIELDS,
    is_extracted,
    note_edits,
    note_removed_finding,
    set_published,
)

__all__ = [
    "EDITABLE_FIELDS",
    "EventKey",
    "GradeConflict",
    "IngestResult",
    "OfficialAgreement",
    "OfficialImportResult",
    "authority_index",
    "find_inspection",
    "grade_conflicts",
    "import_official_outcomes",
    "ingest_document",
    "is_extracted",
    "note_edits",
    "note_removed_finding",
    "official_agreement",
    "read_limits",
    "reparse_document",
    "resolve_authority",
    "set_published",
]

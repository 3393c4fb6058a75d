"""The whole dev corpus, ingested once per module that asks for it (tests/ingest's fixture)."""

from tests.ingest.conftest import corpus_db

__all__ = ["corpus_db"]

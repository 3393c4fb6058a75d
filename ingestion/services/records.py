"""The rows a parse makes: one way to build a Finding or a Judgement from a parsed item,
for the first ingest and for a re-parse alike, and how a finding is known again."""

from __future__ import annotations

import functools
import re

from django.conf import settings
from django.db import connection
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from findings.models import Finding
from inspections.codes import DocumentKind
from inspections.models import Judgement

from ..types import ParsedFinding, ParsedInspection, ParsedJudgement


def new_finding(parsed: ParsedFinding, *, inspection, document, order: int) -> Finding:
    return Finding(
        inspection=inspection,
        document=document,
        page=parsed.page,
        kind=parsed.kind,
        section=parsed.section[:300],
        number=parsed.number,
        order=order,
        text=parsed.text,
    )


def new_judgement(parsed: ParsedJudgement, *, inspection, document, source: str) -> Judgement:
    return Judgement(
        inspection=inspection,
        area=parsed.area,
        grade=parsed.grade,
        source=source,
        source_document=document,
        page=parsed.page,
    )


def judgement_source(kind: str, item: ParsedInspection) -> str:
    if kind == DocumentKind.COMMITTEE_PAPER:
        return Judgement.Source.COMMITTEE_PAPER
    if item.is_recap:
        return Judgement.Source.RECAP
    return Judgement.Source.REPORT


def normal_text(text: str) -> str:
    return " ".join(text.split()).casefold()


_NOT_WORD = re.compile(r"[\W_]+")


def loose_text(text: str) -> str:
    """The words of ``text`` alone: no case, punctuation or apostrophes (``Children’s`` and
    ``Childrens`` are the same word), as a poor text extraction of a document writes them."""
    words = _NOT_WORD.sub(" ", text.casefold().replace("'", "").replace("\u2019", ""))
    return " ".join(words.split())


def finding_key(finding: Finding) -> dict:
    """What identifies a finding staff removed, so a re-parse does not bring it back."""
    return {
        "kind": finding.kind,
        "section": finding.section,
        "number": finding.number,
        "text": finding.text,
    }


def create_with_history(objs: list, model, *, user=None, reason: str | None = None) -> list:
    """``objs`` written in one bulk insert, and a "created" history row for each copied from
    the rows just written by the database (``INSERT ... SELECT``): what simple-history's
    ``bulk_create_with_history`` writes, without making a historical object for each row and
    sending every text to the database a second time (for a report's findings, a fifth of
    ingestion's write time on PostgreSQL)."""
    if not connection.features.can_return_rows_from_bulk_insert:  # SQLite before 3.35
        return bulk_create_with_history(
            objs, model, default_user=user, default_change_reason=reason
        )
    created = model._default_manager.bulk_create(objs)
    ids = [obj.pk for obj in created]
    if not ids or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return created
    history = _history_model(model)
    meta = history._meta
    quote = connection.ops.quote_name
    copied = ", ".join(quote(field.column) for field in history.tracked_fields)
    written = ", ".join(
        quote(meta.get_field(name).column)
        for name in ("history_date", "history_change_reason", "history_type", "history_user")
    )
    when = meta.get_field("history_date").get_db_prep_value(timezone.now(), connection)
    user_id = user.pk if user is not None else None
    with connection.cursor() as cursor:
        for start in range(0, len(ids), _IDS_A_STATEMENT):
            chunk = ids[start : start + _IDS_A_STATEMENT]
            cursor.execute(
                f"INSERT INTO {quote(meta.db_table)} ({copied}, {written}) "
                f"SELECT {copied}, %s, %s, %s, %s FROM {quote(model._meta.db_table)} "
                f"WHERE {quote(model._meta.pk.column)} IN ({', '.join(['%s'] * len(chunk))}) "
                f"ORDER BY {quote(model._meta.pk.column)}",
                [when, reason, "+", user_id, *chunk],
            )
    return created


@functools.cache
def _history_model(model):
    # simple-history makes a new manager class on every ``model.history``: looked up once.
    return model.history.model


#: Ids in one statement: under SQLite's oldest limit of 999 parameters.
_IDS_A_STATEMENT = 900

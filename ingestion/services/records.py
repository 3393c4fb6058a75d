"""The rows a parse makes: one way to build a Finding or a Judgement from a parsed item,
for the first ingest and for a re-parse alike, and how a finding is known again."""

from __future__ import annotations

import re

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

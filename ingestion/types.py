"""The plain, frozen results that parsers return; the only shape the writing service reads.

Parsers never touch the ORM. They take a tuple of ``Page`` and return a ``ParsedDocument``.
Every string code here is one of DESIGN.md's canonical codes (see ``inspections.codes``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Page:
    """One page of a source document: its 1-based number, its text, and any tables found.

    ``tables`` holds the rows of tables that the extractor found on the page (each row a tuple
    of cell strings, ``None`` cells as ``""``). Extractors only fill it where layout carries
    meaning (the first pages of a report); parsers must work, less well, without it.
    """

    number: int
    text: str
    tables: tuple[tuple[tuple[str, ...], ...], ...] = ()


@dataclass(frozen=True)
class ParsedJudgement:
    area: str  # a JudgementArea code
    grade: str  # a Grade code
    page: int | None = None


@dataclass(frozen=True)
class ParsedFinding:
    kind: str  # a FindingKind code
    text: str
    page: int | None = None
    section: str = ""
    number: int | None = None  # the document's own numbering, where it has one


@dataclass(frozen=True)
class ParsedInspection:
    """One inspection or visit the document is about, or one it recaps.

    ``is_recap`` marks an earlier inspection that the document only mentions ("Ofsted last
    inspected Kent in 2017..."): its dates may be partial (a month, a year), given as the
    widest known range in ``start_date``/``end_date`` with ``date_precision`` saying how
    precise they are.
    """

    framework: str  # a Framework code
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    published_on: datetime.date | None = None
    lead_inspector: str = ""
    theme: str = ""
    visit_number: int | None = None
    judgements: tuple[ParsedJudgement, ...] = ()
    findings: tuple[ParsedFinding, ...] = ()
    is_recap: bool = False
    date_precision: str = "day"  # "day", "month" or "year"


@dataclass(frozen=True)
class ParsedDocument:
    kind: str  # a DocumentKind code
    authority_name: str  # as the document writes it; the resolver maps it to an Authority
    title: str = ""
    document_date: datetime.date | None = None  # letter date, meeting date, report date
    published_on: datetime.date | None = None
    committee: str = ""  # committee papers only
    inspections: tuple[ParsedInspection, ...] = ()
    warnings: tuple[str, ...] = field(default=())
    #: How each field was found, as (field, way) pairs: ("authority", "title"),
    #: ("judgements", "table"). A field has several ways, tried in order; this says which one
    #: answered, so a reviewer knows what to check.
    found_by: tuple[tuple[str, str], ...] = ()
    #: What could not be read, each a sentence for staff ("no inspection dates found on page
    #: 1"). A document with problems is stored, unpublished, and waits for review.
    problems: tuple[str, ...] = ()


#: How every parser's problem about the authority begins: the service, which settles the
#: authority itself (from the text, else from what the caller supplies), drops such a
#: problem once it has one.
AUTHORITY_PROBLEM = "authority not found"


def about_authority(problem: str) -> bool:
    return problem.startswith(AUTHORITY_PROBLEM)


class ParseError(ValueError):
    """The document cannot be parsed; the message says why in one line, for a person."""

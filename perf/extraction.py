"""How well extraction generalises: a corpus ingested, Ofsted's official statistics imported
over it, and each group of authorities' figures against what the corpus's MANIFEST.csv says of
each file (its authority and Ofsted's listing label) and against the official grades.

The parsers were first written on 20 authorities (``FIRST_20``, the corpus README's list) and
later met 40 more: the figures per group show how far what was tuned on some authorities holds
on others. ``manage.py measure_extraction`` prints them.
"""

from __future__ import annotations

import csv
import datetime
import random
import re
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from authorities.models import Authority
from findings.models import Finding
from ingestion.management.commands.ingest import _parse_file
from ingestion.official_statistics import read_all
from ingestion.services import (
    authority_index,
    import_official_outcomes,
    ingest_document,
    official_agreement,
)
from inspections.codes import FRAMEWORK_FAMILIES, DocumentKind, FindingKind
from inspections.models import Document, Inspection

#: The authorities the parsers were first written and tuned on (the corpus README's list).
FIRST_20 = (
    "Kent",
    "Kensington and Chelsea",
    "Norfolk",
    "Birmingham",
    "Bournemouth, Christchurch & Poole",
    "Surrey",
    "North Northamptonshire",
    "Blackpool",
    "Somerset",
    "Haringey",
    "Sandwell",
    "Doncaster",
    "Bradford",
    "Slough",
    "Cumberland",
    "Leeds",
    "Cornwall",
    "Hackney",
    "Northumberland",
    "Lincolnshire",
)

#: What each era of graded report is called in the figures.
ERAS = {"pre_sif": "pre-2013", "sif": "SIF", "ilacs": "ILACS"}

#: The finding kinds counted per group, as the figures name them.
COUNTED_FINDINGS = {
    FindingKind.RECOMMENDATION: "recommendations",
    FindingKind.AREA_FOR_IMPROVEMENT: "areas for improvement",
    FindingKind.AREA_FOR_PRIORITY_ACTION: "areas for priority action",
    FindingKind.STRENGTH: "strengths",
    FindingKind.FINDING: "other findings",
}


#: The kinds of document that name one lead inspector (a JTAI letter is signed by several
#: inspectorates, a joint area review names none).
SIGNED = (
    DocumentKind.INSPECTION_REPORT,
    DocumentKind.FOCUSED_VISIT,
    DocumentKind.MONITORING_VISIT,
)

INGESTED, REVIEW, REFUSED, DUPLICATE = "ingested", "kept for review", "refused", "same bytes"


def expected_kind(label: str) -> str:
    """The document kind Ofsted's listing label stands for."""
    label = label.lower()
    if "focused visit" in label:
        return DocumentKind.FOCUSED_VISIT
    if "monitoring visit" in label:
        return DocumentKind.MONITORING_VISIT
    if "joint area child protection" in label:
        return DocumentKind.JTAI
    if "joint area review" in label:
        return (
            DocumentKind.OTHER
        )  # the 2009 joint area reviews have a parser, no kind of their own
    return DocumentKind.INSPECTION_REPORT


@dataclass(frozen=True)
class Listing:
    """One row of the corpus's MANIFEST.csv: what Ofsted's listing says of a file."""

    file: str
    authority: str
    urn: int | None
    label: str
    listed_on: datetime.date | None


def read_manifest(path: Path) -> dict[str, Listing]:
    """The manifest's rows by file name."""
    with open(path, newline="", encoding="utf-8-sig") as handle:
        return {
            row["file"]: Listing(
                file=row["file"],
                authority=row["authority"].strip(),
                urn=int(row["ofsted_urn"]) if row.get("ofsted_urn", "").strip() else None,
                label=row.get("listing_label", "").strip(),
                listed_on=datetime.date.fromisoformat(row["listing_date"])
                if row.get("listing_date", "").strip()
                else None,
            )
            for row in csv.DictReader(handle)
        }


def _key(name: str) -> str:
    return re.sub(r"[^a-z]+", " ", name.lower().replace("&", " and ")).strip()


def named_groups(authorities: set[str], names: list[str]) -> dict[str, set[str]]:
    """Groups of the manifest's authority names: ``first20`` (``FIRST_20``), ``all``, and
    ``rest`` (every authority in no other group named)."""
    first = {a for a in authorities if _key(a) in {_key(n) for n in FIRST_20}}
    if len(first) != len(FIRST_20) and {"first20", "rest"} & set(names):
        missing = {_key(n) for n in FIRST_20} - {_key(a) for a in first}
        raise ValueError(f"the manifest lacks some of the first 20: {sorted(missing)}")
    known = {"first20": first, "all": set(authorities)}
    groups = {}
    for name in names:
        if name not in (*known, "rest"):
            raise ValueError(f"unknown group {name!r}: choose among first20, rest and all")
        groups[name] = known.get(name, set())
    if "rest" in groups:
        taken = set().union(*(g for n, g in groups.items() if n != "rest"))
        groups["rest"] = set(authorities) - taken
    return groups


def split_groups(authorities: set[str], seed: int) -> dict[str, set[str]]:
    """Two halves of the authorities, drawn at random with ``seed``."""
    shuffled = sorted(authorities)
    random.Random(seed).shuffle(shuffled)
    half = len(shuffled) // 2
    return {
        f"half A (seed {seed})": set(shuffled[:half]),
        f"half B (seed {seed})": set(shuffled[half:]),
    }


@dataclass
class Measured:
    """One file's fate and what it was read as, beside its listing."""

    listing: Listing
    status: str  # INGESTED, REVIEW, REFUSED or DUPLICATE
    reasons: list[str] = field(default_factory=list)
    sha256: str = ""
    kind: str = ""
    parsed: bool = False  # a parser read it (not kept only because none recognised it)
    authority: Authority | None = None
    expected_authority: Authority | None = None
    events: int = 0  # the inspections or visits it reports itself (not those it recaps)
    undated: int = 0  # of them, without visit dates
    no_inspector: int = 0  # of them, without a lead inspector (where one is named: SIGNED)

    @property
    def authority_right(self) -> bool | None:
        """Whether it was placed with the listing's authority (or one of that authority's
        predecessors, which a successor's listing files older reports under); None where it
        was not placed."""
        if self.authority is None:
            return None
        expected = self.expected_authority
        return expected is not None and (
            self.authority == expected or self.authority in expected.predecessors.all()
        )

    @property
    def kind_right(self) -> bool | None:
        if not self.parsed:
            return None
        return self.kind == expected_kind(self.listing.label)


def measure(files: list[Path], listings: dict[str, Listing], *, data_dir: Path, jobs: int = 2):
    """Ingest ``files`` (parsing on ``jobs`` processes) as ``manage.py ingest --manifest`` does,
    then the official statistics in ``data_dir``; every file's fate, as Measured."""
    limits = [settings.INGEST_MAX_BYTES] * len(files), [settings.INGEST_MAX_PAGES] * len(files)
    with ProcessPoolExecutor(max_workers=max(1, jobs)) as pool:
        parse = pool.map if jobs > 1 else map
        outcomes = parse(_parse_file, map(str, files), *limits)
        index = authority_index()
        name_index, by_code = index
        measured = []
        for path, outcome in zip(files, outcomes, strict=True):
            listing = listings.get(path.name) or Listing(path.name, "", None, "", None)
            result = ingest_document(
                data=path.read_bytes(),
                filename=str(path),
                published_on=listing.listed_on,
                outcome=outcome,
                index=index,
            )
            document = result.document
            own = [
                i for i in (outcome.parsed.inspections if outcome.parsed else ()) if not i.is_recap
            ]
            status = {"failed": REFUSED, "needs_review": REVIEW, "unchanged": DUPLICATE}
            measured.append(
                Measured(
                    listing=listing,
                    status=status.get(result.outcome, INGESTED),
                    reasons=[result.error]
                    if result.error
                    else list(getattr(result, "reasons", [])),
                    sha256=result.sha256,
                    kind=document.kind if document else "",
                    parsed=bool(document and document.parser),
                    authority=document.authority if document else None,
                    expected_authority=_listed_authority(listing, name_index, by_code),
                    events=len(own),
                    undated=sum(i.start_date is None for i in own),
                    no_inspector=sum(not i.lead_inspector for i in own)
                    if outcome.parsed and outcome.parsed.kind in SIGNED
                    else 0,
                )
            )
    official = import_official_outcomes(read_all(data_dir))
    return measured, official


def _listed_authority(listing: Listing, name_index, by_code) -> Authority | None:
    if listing.urn:
        found = Authority.objects.filter(ofsted_urn=listing.urn).first()
        if found:
            return found
    codes = name_index.resolve_all(listing.authority) if listing.authority else ()
    return by_code[codes[0]] if len(codes) == 1 else None


def group_figures(measured: list[Measured], authorities: set[str]) -> dict:
    """The figures of the files whose listed authority is among ``authorities``."""
    mine = [m for m in measured if m.listing.authority in authorities]
    by_status = Counter(m.status for m in mine)
    placed = [m for m in mine if m.authority_right is not None]
    read = [m for m in mine if m.kind_right is not None]
    shas = {m.sha256 for m in mine}
    eras = {
        era: {"reports": 0, "with official record": 0, "grades compared": 0, "agreeing": 0}
        for era in ERAS.values()
    }
    disagreeing = []
    inspections = Inspection.objects.filter(documents__sha256__in=shas).distinct()
    for agreement in official_agreement(inspections):
        inspection = agreement.inspection
        era = ERAS.get(FRAMEWORK_FAMILIES.get(inspection.framework, inspection.framework))
        if era is None:
            continue
        row = eras[era]
        row["reports"] += 1
        row["with official record"] += bool(agreement.official)
        row["grades compared"] += len(agreement.compared)
        row["agreeing"] += len(agreement.compared) - len(agreement.disagreeing)
        disagreeing.extend(
            f"{inspection.authority.name} {inspection.framework} {inspection.start_date} "
            f"{area}: report {agreement.report[area]}, official {agreement.official[area]}"
            for area in agreement.disagreeing
        )
    kinds = Counter(
        Finding.objects.filter(document__sha256__in=shas, kind__in=list(COUNTED_FINDINGS))
        .values_list("kind", flat=True)
        .order_by()
    )
    return {
        "authorities": len(authorities),
        "documents": len(mine),
        "ingested without review": by_status[INGESTED],
        "kept for review": by_status[REVIEW],
        "refused": by_status[REFUSED],
        "same bytes as another file": by_status[DUPLICATE],
        "authority right": sum(bool(m.authority_right) for m in placed),
        "authority wrong": len(placed) - sum(bool(m.authority_right) for m in placed),
        "authority not placed": len(mine) - len(placed),
        "kind right": sum(bool(m.kind_right) for m in read),
        "kind wrong": len(read) - sum(bool(m.kind_right) for m in read),
        "kind not read": len(mine) - len(read),
        "events reported": sum(m.events for m in mine),
        "events without visit dates": sum(m.undated for m in mine),
        "events without lead inspector": sum(m.no_inspector for m in mine),
        "eras": eras,
        "findings": {name: kinds[kind] for kind, name in COUNTED_FINDINGS.items()},
        "kept for review files": [
            _line(m, "; ".join(m.reasons)) for m in mine if m.status == REVIEW
        ],
        "refused files": [_line(m, "; ".join(m.reasons)) for m in mine if m.status == REFUSED],
        "authority wrong files": [
            _line(m, f"read as {m.authority}, listed as {m.expected_authority or '?'}")
            for m in placed
            if not m.authority_right
        ],
        "kind wrong files": [
            _line(m, f"read as {m.kind}, listed as {m.listing.label!r}")
            for m in read
            if not m.kind_right
        ],
        "files with undated events": [
            _line(m, f"{m.undated} of {m.events}") for m in mine if m.undated
        ],
        "files without a lead inspector": [
            _line(m, f"{m.no_inspector} of {m.events}") for m in mine if m.no_inspector
        ],
        "grade disagreements": disagreeing,
    }


def _line(measured: Measured, why: str) -> dict[str, str]:
    return {"file": measured.listing.file, "why": why}


def clear() -> None:
    """Forget every document and inspection (the official placeholders too), so that a run
    starts from the authorities alone."""
    Document.objects.all().delete()
    Inspection.objects.all().delete()

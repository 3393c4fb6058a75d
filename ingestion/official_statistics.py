"""Ofsted's official statistics as plain records: which authority, which inspection, which grades.

Two publications: the 2023 underlying data (sheet ``LA_inspections_2009-2023``: every
authority's outcomes since 2009 by publication date, including a second table of authorities
that no longer exist) and the outcomes as at 31 March 2025 (ILACS history 2018-25 with
inspection dates, and the year's visits). Pure: rows in, ``OfficialInspection`` out.
"""

from __future__ import annotations

import csv
import datetime
from dataclasses import dataclass, field
from pathlib import Path

from inspections.codes import Framework, JudgementArea
from ofsted_kb.ods import read_sheet, records

from .grades import grade_of

UNDERLYING_2023 = "Childrens_social_care_in_England_2023_underlying_data.ods"
OUTCOMES_2025 = "LA_Inspection_Outcomes_as_at_31_March_2025.ods"


@dataclass(frozen=True)
class OfficialInspection:
    authority_name: str
    framework: str
    published_on: datetime.date | None
    start_date: datetime.date | None = None
    ons_code: str = ""
    former: bool = False  # from the table of authorities that no longer exist
    theme: str = ""
    judgements: dict[str, str] = field(default_factory=dict)
    row: str = ""  # where in the publication, for messages


def grade_code(text: str, *, pre_2013: bool = False) -> str | None:
    # The 2023 publication writes the pre-2013 "adequate" as "requires improvement to be good".
    return grade_of(text, pre_2013=pre_2013)


def uk_date(text: str) -> datetime.date | None:
    text = text.strip()
    if not text:
        return None
    try:
        return datetime.datetime.strptime(text, "%d/%m/%Y").date()
    except ValueError:
        return None


# (framework, publication date column, {area: grade column}) for the 2009-2023 sheet.
_HISTORY_GROUPS = [
    (
        Framework.PRE_SIF,
        "Safeguarding & Looked After Children (SLAC) Inspection publication date",
        {
            JudgementArea.SAFEGUARDING_OVERALL: "SLAC Safeguarding Overall effectiveness (OE)",
            JudgementArea.LOOKED_AFTER_OVERALL: (
                "SLAC Looked After Children Overall Effectiveness (OE)"
            ),
        },
    ),
    (
        Framework.PRE_SIF,
        "SLAC re-inspection of Safeguarding publication date",
        {JudgementArea.SAFEGUARDING_OVERALL: "SLAC re-inspection Safeguarding OE"},
    ),
    (
        Framework.PRE_SIF,
        "SLAC re-inspection of services for Children Looked After publication date",
        {
            JudgementArea.LOOKED_AFTER_OVERALL: (
                "SLAC re-inspection of services Children Looked After OE"
            )
        },
    ),
    (
        Framework.PRE_SIF,
        "Child Protection Inspections (CPI) publication date",
        {JudgementArea.SAFEGUARDING_OVERALL: "CPI Overall Effectiveness (OE)"},
    ),
    (
        Framework.PRE_SIF,
        "Child Protection Re-Inspection (CPRI) publication date",
        {JudgementArea.SAFEGUARDING_OVERALL: "CPRI Overall Effectiveness (OE)"},
    ),
    (
        Framework.PRE_SIF,
        "Targeted Looked After Children (TLAC) inspection publication date",
        {JudgementArea.LOOKED_AFTER_OVERALL: "TLAC Overall Effectiveness (OE)"},
    ),
    (
        Framework.SIF,
        "Single Inspection of LA Children's Services (SIF) First SIF publication date",
        {
            JudgementArea.OVERALL_EFFECTIVENESS: "First SIF Overall Judgement (OE)",
            JudgementArea.HELP_AND_PROTECTION: "First SIF children who need help and protection",
            JudgementArea.LOOKED_AFTER_AND_PERMANENCE: (
                "First SIF children looked after and achieving permanence"
            ),
            JudgementArea.ADOPTION_PERFORMANCE: "First SIF CLA Sub: Adoption Performance",
            JudgementArea.CARE_LEAVERS: (
                "First SIF CLA Sub: Experiences and progress of care leavers"
            ),
            JudgementArea.LEADERSHIP_MANAGEMENT_GOVERNANCE: (
                "First SIF leadership, management and governance"
            ),
            JudgementArea.LSCB: "LSCB Overall Effectiveness",
        },
    ),
    (
        Framework.SIF_REINSPECTION,
        "Single Inspection of LA Children's Services (SIF) SIF Re-inspection publication date",
        {
            JudgementArea.OVERALL_EFFECTIVENESS: "SIF Re-inspection Overall Judgement (OE)",
            JudgementArea.HELP_AND_PROTECTION: (
                "SIF Re-inspection children who need help and protection"
            ),
            JudgementArea.LOOKED_AFTER_AND_PERMANENCE: (
                "SIF Re-inspection children looked after and achieving permanence"
            ),
            JudgementArea.ADOPTION_PERFORMANCE: "SIF Re-inspection CLA Sub: Adoption Performance",
            JudgementArea.CARE_LEAVERS: (
                "SIF Re-inspection CLA Sub: Experiences and progress of care leavers"
            ),
            JudgementArea.LEADERSHIP_MANAGEMENT_GOVERNANCE: (
                "SIF Re-inspection leadership, management and governance"
            ),
        },
    ),
]

_ILACS_TYPES = {
    "ilacs standard inspection": Framework.ILACS_STANDARD,
    "ilacs short inspection": Framework.ILACS_SHORT,
    "ilacs focused visit": Framework.FOCUSED_VISIT,
    "ilacs monitoring visit": Framework.MONITORING_VISIT,
}

_ILACS_2025_COLUMNS = {
    JudgementArea.OVERALL_EFFECTIVENESS: "Overall effectiveness",
    JudgementArea.IMPACT_OF_LEADERS: (
        "The impact of leaders on social work practice with children and families"
    ),
    JudgementArea.HELP_AND_PROTECTION: (
        "The experiences and progress of children who need help and protection"
    ),
    JudgementArea.CHILDREN_IN_CARE: "The experiences and progress of children in care",
    JudgementArea.CARE_LEAVERS: "The experiences and progress of care leavers",
}


def _ilacs_judgements(row: dict[str, str], columns: dict[str, str]) -> dict[str, str]:
    found = {}
    for area, column in columns.items():
        grade = grade_code(row.get(column, ""))
        if grade:
            found[area] = grade
    # Before 2023 one judgement covered children in care and care leavers together.
    if JudgementArea.CHILDREN_IN_CARE in found and JudgementArea.CARE_LEAVERS not in found:
        found[JudgementArea.CHILDREN_IN_CARE_AND_CARE_LEAVERS] = found.pop(
            JudgementArea.CHILDREN_IN_CARE
        )
    return found


def read_history_2009_2023(path: Path) -> list[OfficialInspection]:
    """Pre-SIF and SIF outcomes from the 2023 underlying data (ILACS comes from 2025's file)."""
    rows = read_sheet(path, "LA_inspections_2009-2023")
    headers = [i for i, row in enumerate(rows) if row[:2] == ["Web link", "Local authority name"]]
    found = []
    for table, header in enumerate(headers):
        for number, row in enumerate(records(rows, header), start=header + 2):
            name = row["Local authority name"]
            for framework, date_column, columns in _HISTORY_GROUPS:
                published = uk_date(row.get(date_column, ""))
                if not published:
                    continue
                pre_2013 = framework == Framework.PRE_SIF
                judgements = {
                    area: grade
                    for area, column in columns.items()
                    if (grade := grade_code(row.get(column, ""), pre_2013=pre_2013))
                }
                found.append(
                    OfficialInspection(
                        authority_name=name,
                        framework=framework,
                        published_on=published,
                        former=table > 0,
                        judgements=judgements,
                        row=f"{path.name} LA_inspections_2009-2023 row {number}",
                    )
                )
    return found


def read_ilacs_2018_2025(path: Path) -> list[OfficialInspection]:
    """ILACS inspections since 2018 (with inspection dates) and the year's focused and
    monitoring visits with their themes, from the outcomes as at 31 March 2025."""
    found = []
    rows = read_sheet(path, "ILACS_inspection_history")
    for number, row in enumerate(records(rows, 2), start=4):
        framework = _ILACS_TYPES.get(row["Inspection type"].strip().lower())
        if framework is None:
            continue
        found.append(
            OfficialInspection(
                authority_name=row["Local authority name"],
                ons_code=row["Local authority area code"],
                framework=framework,
                start_date=uk_date(row["Inspection date"]),
                published_on=uk_date(row["Publication date"]),
                former=row.get("Local authority status", "").lower() == "no longer exists",
                judgements=_ilacs_judgements(row, _ILACS_2025_COLUMNS),
                row=f"{path.name} ILACS_inspection_history row {number}",
            )
        )
    rows = read_sheet(path, "In-year_inspections")
    for number, row in enumerate(records(rows, 2), start=4):
        framework = _ILACS_TYPES.get(row["Inspection/Visit type"].strip().lower())
        if framework not in (Framework.FOCUSED_VISIT, Framework.MONITORING_VISIT):
            continue  # graded inspections are in the history sheet already
        found.append(
            OfficialInspection(
                authority_name=row["Local authority name"],
                ons_code=row["Local authority area code"],
                framework=framework,
                start_date=uk_date(row["Inspection/Visit date"]),
                published_on=uk_date(row["Publication date"]),
                theme=row.get("Visit Theme", ""),
                row=f"{path.name} In-year_inspections row {number}",
            )
        )
    return found


def read_all(data_dir: Path) -> list[OfficialInspection]:
    return read_history_2009_2023(data_dir / UNDERLYING_2023) + read_ilacs_2018_2025(
        data_dir / OUTCOMES_2025
    )


#: The reference file's columns: one official record a row, its grades as "area=grade; ...".
REFERENCE_COLUMNS = (
    "authority_name",
    "ons_code",
    "former",
    "framework",
    "start_date",
    "published_on",
    "theme",
    "judgements",
    "row",
)


def write_reference(records: list[OfficialInspection], path: Path) -> None:
    """The records as the CSV the project ships (``fixtures/official_outcomes.csv``), so a
    checkout without the publications still shows every authority's grades."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(REFERENCE_COLUMNS)
        for record in records:
            writer.writerow(
                [
                    record.authority_name,
                    record.ons_code,
                    "yes" if record.former else "",
                    record.framework,
                    record.start_date.isoformat() if record.start_date else "",
                    record.published_on.isoformat() if record.published_on else "",
                    record.theme,
                    "; ".join(f"{area}={grade}" for area, grade in record.judgements.items()),
                    record.row,
                ]
            )


def read_reference(path: Path) -> list[OfficialInspection]:
    """The records ``write_reference`` wrote, as they were read from the publications."""

    def day(text: str) -> datetime.date | None:
        return datetime.date.fromisoformat(text) if text else None

    with path.open(newline="", encoding="utf-8") as handle:
        return [
            OfficialInspection(
                authority_name=row["authority_name"],
                framework=row["framework"],
                published_on=day(row["published_on"]),
                start_date=day(row["start_date"]),
                ons_code=row["ons_code"],
                former=row["former"] == "yes",
                theme=row["theme"],
                judgements=dict(
                    pair.split("=", 1) for pair in row["judgements"].split("; ") if pair
                ),
                row=row["row"],
            )
            for row in csv.DictReader(handle)
        ]

"""Seed the theme taxonomy (findings/themes.py, documented in docs/themes.md).

The rows are written out here rather than imported, so this migration keeps doing what it did
when the taxonomy changes later; a later migration adds or renames themes.
"""

from django.db import migrations

THEMES = [
    (
        "front-door",
        "Front door",
        "The first response to concerns about a child: contacts and referrals, the multi-agency safeguarding hub, screening and triage, thresholds for help, strategy discussions and child protection enquiries, the out-of-hours service.",
    ),
    (
        "early-help",
        "Early help",
        "Help before statutory social work: early help services, assessments and plans, and stepping cases up to or down from children's social care.",
    ),
    (
        "child-protection",
        "Child protection and children in need",
        "Work with children subject to child protection or child in need plans: conferences, core groups, conference chairs, reviews of those plans.",
    ),
    (
        "assessment-planning",
        "Assessment and planning",
        "The quality and timeliness of assessments of children's needs and risks and of the plans that follow: analysis, specific and outcome-focused actions, contingency planning, reviews of progress.",
    ),
    (
        "exploitation",
        "Exploitation and harm outside the home",
        "Children at risk of sexual or criminal exploitation, county lines, gangs, trafficking, serious youth violence, radicalisation, and harm outside the family.",
    ),
    (
        "missing-children",
        "Children who go missing",
        "Children who go missing from home or care, return home interviews and the response to missing episodes (children missing education are under Education).",
    ),
    ("neglect", "Neglect", "Identifying and responding to neglect, neglect strategies and tools."),
    (
        "domestic-abuse",
        "Domestic abuse",
        "Children living with domestic abuse: risk assessment, MARAC, support to victims, work with perpetrators.",
    ),
    (
        "homelessness-16-17",
        "16- and 17-year-olds facing homelessness",
        "The response to 16- and 17-year-olds who present as homeless: their right to become looked after, joint assessment with housing, accommodation.",
    ),
    (
        "private-fostering",
        "Private fostering",
        "Children in private fostering arrangements: notification, assessment, visits.",
    ),
    (
        "children-in-care",
        "Children in care",
        "Children looked after: care planning, placements and their sufficiency and stability, children's homes and unregistered provision, independent reviewing officers, family time.",
    ),
    (
        "permanence-adoption",
        "Permanence and adoption",
        "Securing permanent homes: permanence planning, adoption, special guardianship, long-term fostering, early permanence, decisions about brothers and sisters.",
    ),
    (
        "fostering",
        "Foster and kinship carers",
        "Foster carers and family and friends (connected) carers: recruitment, assessment, approval, training, support and supervision.",
    ),
    (
        "care-leavers",
        "Care leavers",
        "Young people leaving care and care leavers: pathway plans, personal advisers, accommodation, education, employment and training, entitlements, staying put.",
    ),
    (
        "unaccompanied-children",
        "Unaccompanied children",
        "Unaccompanied asylum-seeking and separated migrant children.",
    ),
    (
        "disabled-children",
        "Disabled children",
        "Disabled children and children with special educational needs: their assessment, support, short breaks and protection.",
    ),
    (
        "education",
        "Education",
        "Children's education: the virtual school, personal education plans, attainment, attendance, exclusion, children missing education, elective home education.",
    ),
    (
        "health-wellbeing",
        "Health and emotional well-being",
        "Children's physical, emotional and mental health: health assessments, dental checks, child and adolescent mental health services, therapeutic support.",
    ),
    (
        "court-proceedings",
        "Pre-proceedings and court",
        "The Public Law Outline, pre-proceedings work, care proceedings and their timeliness, legal planning, work with the courts and Cafcass.",
    ),
    (
        "allegations-lado",
        "Allegations against adults",
        "The response to allegations against adults who work with children: the designated officer (LADO).",
    ),
    (
        "voice-of-child",
        "Children's voice and direct work",
        "Children's views, wishes and feelings and their influence on plans and services: direct work, life-story work, advocacy, participation, children in care councils.",
    ),
    (
        "supervision-oversight",
        "Supervision and management oversight",
        "The quality and regularity of social workers' supervision and of managers' oversight of, and direction on, children's cases.",
    ),
    (
        "workforce-caseloads",
        "Workforce and caseloads",
        "Social workers' caseloads and workloads, recruitment and retention, agency staff and turnover, newly qualified social workers, staff training and morale.",
    ),
    (
        "quality-assurance",
        "Quality assurance and learning",
        "Audits and quality assurance of practice, and learning from audits, serious case and practice reviews.",
    ),
    (
        "data-performance",
        "Data and performance information",
        "Performance and management information and data: its accuracy, completeness and use by managers, leaders and partnerships.",
    ),
    (
        "partnership",
        "Partnership and multi-agency working",
        "Working with partner agencies: the safeguarding board or partnership, police, health and schools' contribution, multi-agency meetings and information-sharing.",
    ),
    (
        "leadership-governance",
        "Leadership and governance",
        "Leaders' grip and capacity, corporate parenting, elected members and scrutiny, self-evaluation, improvement planning, resources and commissioning.",
    ),
    (
        "recording",
        "Case recording",
        "Case records and recording: chronologies, the recording of decisions and their rationale, recording systems.",
    ),
]


def seed(apps, schema_editor):
    Theme = apps.get_model("findings", "Theme")
    for slug, name, description in THEMES:
        Theme.objects.update_or_create(
            slug=slug, defaults={"name": name, "description": description}
        )


def unseed(apps, schema_editor):
    Theme = apps.get_model("findings", "Theme")
    Theme.objects.filter(slug__in=[slug for slug, _, _ in THEMES]).delete()


class Migration(migrations.Migration):
    dependencies = [("findings", "0003_followup_date_and_reasons")]

    operations = [migrations.RunPython(seed, unseed)]

"""DESIGN.md's canonical codes, shared by models, parsers, URLs, CSV and the ingest report.

Kept free of Django model imports so the pure parsers can use them.
"""

from django.db import models


class DocumentKind(models.TextChoices):
    INSPECTION_REPORT = "inspection_report", "Inspection report"
    FOCUSED_VISIT = "focused_visit", "Focused visit letter"
    MONITORING_VISIT = "monitoring_visit", "Monitoring visit letter"
    JTAI = "jtai", "Joint targeted area inspection letter"
    COMMITTEE_PAPER = "committee_paper", "Council committee paper"
    OTHER = "other", "Other"


class Framework(models.TextChoices):
    PRE_SIF = "pre_sif", "Pre-2013 inspection"
    SIF = "sif", "Single inspection framework (SIF)"
    SIF_REINSPECTION = "sif_reinspection", "SIF re-inspection"
    LSCB_REVIEW = "lscb_review", "Safeguarding children board review"
    ILACS_STANDARD = "ilacs_standard", "ILACS standard inspection"
    ILACS_SHORT = "ilacs_short", "ILACS short inspection"
    FOCUSED_VISIT = "focused_visit", "Focused visit"
    MONITORING_VISIT = "monitoring_visit", "Monitoring visit"
    JTAI = "jtai", "Joint targeted area inspection"
    JOINT_AREA_REVIEW = "joint_area_review", "Joint area review"


class Grade(models.TextChoices):
    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement to be good"
    ADEQUATE = "adequate", "Adequate"
    INADEQUATE = "inadequate", "Inadequate"


GRADE_RANK = {
    Grade.OUTSTANDING: 1,
    Grade.GOOD: 2,
    Grade.REQUIRES_IMPROVEMENT: 3,
    Grade.ADEQUATE: 3,
    Grade.INADEQUATE: 4,
}


class JudgementArea(models.TextChoices):
    OVERALL_EFFECTIVENESS = "overall_effectiveness", "Overall effectiveness"
    # SIF (2014-18)
    HELP_AND_PROTECTION = "help_and_protection", "Children who need help and protection"
    LOOKED_AFTER_AND_PERMANENCE = (
        "looked_after_and_permanence",
        "Children looked after and achieving permanence",
    )
    ADOPTION_PERFORMANCE = "adoption_performance", "Adoption performance"
    CARE_LEAVERS = "care_leavers", "Experiences and progress of care leavers"
    LEADERSHIP_MANAGEMENT_GOVERNANCE = (
        "leadership_management_governance",
        "Leadership, management and governance",
    )
    LSCB = "lscb", "Local Safeguarding Children Board"
    # ILACS (2018-)
    IMPACT_OF_LEADERS = "impact_of_leaders", "Impact of leaders on social work practice"
    CHILDREN_IN_CARE_AND_CARE_LEAVERS = (
        "children_in_care_and_care_leavers",
        "Experiences and progress of children in care and care leavers",
    )
    CHILDREN_IN_CARE = "children_in_care", "Experiences and progress of children in care"
    # Pre-2013
    SAFEGUARDING_OVERALL = "safeguarding_overall", "Safeguarding: overall effectiveness"
    LOOKED_AFTER_OVERALL = "looked_after_overall", "Looked after children: overall effectiveness"
    CAPACITY_TO_IMPROVE = "capacity_to_improve", "Capacity for improvement"
    SAFEGUARDING_CAPACITY = "safeguarding_capacity", "Safeguarding: capacity for improvement"
    LOOKED_AFTER_CAPACITY = (
        "looked_after_capacity",
        "Looked after children: capacity for improvement",
    )
    BEING_HEALTHY = "being_healthy", "Being healthy"
    STAYING_SAFE = "staying_safe", "Staying safe"
    ENJOYING_AND_ACHIEVING = "enjoying_and_achieving", "Enjoying and achieving"
    POSITIVE_CONTRIBUTION = "positive_contribution", "Making a positive contribution"
    ECONOMIC_WELLBEING = "economic_wellbeing", "Economic well-being"
    QUALITY_OF_PROVISION = "quality_of_provision", "Quality of provision"
    AMBITION_AND_PRIORITISATION = "ambition_and_prioritisation", "Ambition and prioritisation"
    LEADERSHIP_AND_MANAGEMENT = "leadership_and_management", "Leadership and management"
    PERFORMANCE_MANAGEMENT = "performance_management", "Performance management"
    PARTNERSHIP_WORKING = "partnership_working", "Partnership working"
    EQUALITY_AND_DIVERSITY = "equality_and_diversity", "Equality and diversity"
    USER_ENGAGEMENT = "user_engagement", "User engagement"
    # Pre-2013 inspections of the authority's own fostering and adoption services
    FOSTERING_SERVICE = "fostering_service", "Fostering service: overall effectiveness"
    ADOPTION_SERVICE = "adoption_service", "Adoption service: overall effectiveness"


class FindingKind(models.TextChoices):
    RECOMMENDATION = "recommendation", "Recommendation"
    AREA_FOR_IMPROVEMENT = "area_for_improvement", "Area for improvement"
    AREA_FOR_PRIORITY_ACTION = "area_for_priority_action", "Area for priority action"
    STRENGTH = "strength", "Strength"
    FINDING = "finding", "Finding"
    NEXT_STEP = "next_step", "Next step"


#: The finding kinds that later documents are followed up against.
FOLLOWED_UP_KINDS = (
    FindingKind.RECOMMENDATION,
    FindingKind.AREA_FOR_IMPROVEMENT,
    FindingKind.AREA_FOR_PRIORITY_ACTION,
)


#: The grades a filter offers, on the four-point scale: "requires improvement" takes in the
#: pre-2013 "adequate", which ranks alike (as on the charts)...
OVERALL_GRADE_CHOICES = (
    (Grade.OUTSTANDING, "Outstanding"),
    (Grade.GOOD, "Good"),
    (Grade.REQUIRES_IMPROVEMENT, "Requires improvement (or adequate)"),
    (Grade.INADEQUATE, "Inadequate"),
)
#: ...and the grades each stands for.
OVERALL_GRADES = {
    Grade.OUTSTANDING: [Grade.OUTSTANDING],
    Grade.GOOD: [Grade.GOOD],
    Grade.REQUIRES_IMPROVEMENT: [Grade.REQUIRES_IMPROVEMENT, Grade.ADEQUATE],
    Grade.INADEQUATE: [Grade.INADEQUATE],
}


#: The frameworks of an authority's own full inspections, one of which a vague recap ("the
#: previous inspection of children's services in 2018") may mean: its framework is a guess
#: from the year, and 2013 and 2018 each saw two frameworks.
AUTHORITY_FRAMEWORKS = (
    Framework.PRE_SIF,
    Framework.SIF,
    Framework.SIF_REINSPECTION,
    Framework.LSCB_REVIEW,
    Framework.ILACS_STANDARD,
    Framework.ILACS_SHORT,
)

#: Frameworks that may name one event: a recap's guess (SIF) meets the report (a
#: re-inspection), a board review sits with its SIF inspection.
FRAMEWORK_FAMILIES = {
    Framework.SIF: "sif",
    Framework.SIF_REINSPECTION: "sif",
    Framework.LSCB_REVIEW: "sif",
    Framework.ILACS_STANDARD: "ilacs",
    Framework.ILACS_SHORT: "ilacs",
}

#: Inspections of a whole service, whose recommendations later visits follow up.
FULL_INSPECTIONS = (
    Framework.PRE_SIF,
    Framework.SIF,
    Framework.SIF_REINSPECTION,
    Framework.ILACS_STANDARD,
    Framework.ILACS_SHORT,
)

"""Made-up prose in the register of Ofsted's letters and reports, for synthetic documents.

Sentences are assembled from the phrase lists below (written for this project; no report's
text is copied), so they have the length and the vocabulary of real findings without saying
anything true about any council. Each topic is tied to one of the theme taxonomy's slugs.

Long because it is mostly the phrase lists themselves: data, kept beside the few lines that
combine them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Topic:
    theme: str
    subjects: tuple[str, ...]
    #: Propositions that follow "ensure that", "know that"...
    clauses: tuple[str, ...]
    #: Noun phrases that follow "have improved", "do not review"...
    nouns: tuple[str, ...]


TOPICS = {
    "front-door": Topic(
        "front-door",
        (
            "Staff in the multi-agency safeguarding hub",
            "Duty social workers",
            "Managers at the front door",
            "Practitioners in the integrated front door service",
        ),
        (
            "contacts and referrals are screened promptly by qualified and experienced staff",
            "thresholds for help are understood and applied consistently by partner agencies",
            "strategy discussions are held without delay when children may be at risk of harm",
            "parents' consent is sought and recorded before checks are made with other agencies",
            "decisions about the next steps for children are recorded with a clear rationale",
        ),
        (
            "the timeliness of decisions about contacts and referrals",
            "the application of thresholds by partner agencies",
            "the quality and attendance of strategy discussions",
            "the response of the out-of-hours service to children at risk",
        ),
    ),
    "early-help": Topic(
        "early-help",
        ("Early help workers", "The early help service", "Family support practitioners"),
        (
            "families receive help at the earliest opportunity from a range of services",
            "early help assessments identify what families need and what will make a difference",
            "children's cases are stepped up to social care when risks increase",
            "plans for families are reviewed regularly and closed only when progress is sustained",
        ),
        (
            "the quality of early help assessments and plans",
            "the arrangements for stepping cases up to and down from children's social care",
            "the take-up of early help by schools and health partners",
        ),
    ),
    "child-protection": Topic(
        "child-protection",
        (
            "Child protection chairs",
            "Social workers in the safeguarding teams",
            "Core groups",
            "Conference chairs",
        ),
        (
            "child protection enquiries are thorough and lead to timely decisions for children",
            "initial child protection conferences are held within timescales",
            "core groups meet regularly and monitor whether plans are making a difference",
            "children subject to a plan are visited regularly and seen alone",
        ),
        (
            "the timeliness of initial child protection conferences",
            "the oversight of children subject to child protection plans",
            "the effectiveness of core group meetings",
            "the quality of child protection enquiries",
        ),
    ),
    "assessment-planning": Topic(
        "assessment-planning",
        ("Social workers", "Team managers", "Practitioners", "Newly qualified social workers"),
        (
            "assessments consider the history of the family and the cumulative impact of harm",
            "children's plans are specific, measurable and reviewed at regular intervals",
            "contingency plans are clear about what will happen if progress is not made",
            "the views of fathers and wider family members inform assessments",
            "plans set out who will do what and by when so that families understand them",
        ),
        (
            "the quality and timeliness of assessments of children's needs",
            "the analysis of risk in children's assessments",
            "the precision of children's plans and their contingency arrangements",
        ),
    ),
    "exploitation": Topic(
        "exploitation",
        (
            "The exploitation team",
            "Specialist practitioners for young people at risk outside the home",
            "Partners in the multi-agency exploitation panel",
        ),
        (
            "risks of criminal and sexual exploitation are identified and responded to quickly",
            "return home conversations inform the understanding of risks outside the home",
            "disruption activity is coordinated effectively with the police and community safety",
            "young people at risk of county lines involvement are offered trusted adults",
        ),
        (
            "the response to children at risk of exploitation",
            "the use of intelligence to disrupt those who exploit children",
            "the mapping of peer groups and locations of concern",
        ),
    ),
    "missing-children": Topic(
        "missing-children",
        ("Return home interview workers", "Managers", "The missing children coordinator"),
        (
            "children who go missing are offered a return home interview within three days",
            "information from return home interviews is used to update children's plans",
            "patterns of missing episodes are analysed and shared with partners",
        ),
        (
            "the timeliness and take-up of return home interviews",
            "the response to children who repeatedly go missing from care",
        ),
    ),
    "neglect": Topic(
        "neglect",
        ("Social workers", "Health visitors and social workers", "Practitioners"),
        (
            "the impact of chronic neglect on children is recognised and acted on",
            "neglect assessment tools are used to measure change in the care children receive",
            "drift is avoided for children living with long-standing neglect",
        ),
        (
            "the identification of neglect and its impact on children",
            "the use of the neglect strategy and tools across the partnership",
        ),
    ),
    "domestic-abuse": Topic(
        "domestic-abuse",
        (
            "Domestic abuse workers",
            "Social workers",
            "The multi-agency risk assessment conference",
        ),
        (
            "risks from domestic abuse are assessed with partners and plans reduce them",
            "work with perpetrators is available and taken up in a timely way",
            "children living with domestic abuse receive support to help them recover",
        ),
        (
            "the response to children living with domestic abuse",
            "the availability of programmes for those who harm their partners",
        ),
    ),
    "homelessness-16-17": Topic(
        "homelessness-16-17",
        ("Housing and children's services staff", "Social workers", "The joint housing protocol"),
        (
            "16- and 17-year-olds who present as homeless are told of their right to be in care",
            "joint assessments with housing are completed quickly and in young people's interests",
        ),
        (
            "the response to 16- and 17-year-olds who present as homeless",
            "the quality of joint assessments with housing services",
        ),
    ),
    "private-fostering": Topic(
        "private-fostering",
        ("Social workers", "The private fostering officer"),
        (
            "private fostering arrangements are assessed and visited within required timescales",
            "awareness of private fostering is raised with schools and community groups",
        ),
        ("the identification and assessment of private fostering arrangements",),
    ),
    "children-in-care": Topic(
        "children-in-care",
        (
            "Independent reviewing officers",
            "Social workers for children in care",
            "Carers",
            "Placement officers",
        ),
        (
            "children in care live in stable homes that meet their needs",
            "children's reviews are held on time and children are helped to take part",
            "family time is planned carefully around what children want",
            "children who need to come into care do so at the right time",
            "placements are matched to children's needs rather than to what is available",
        ),
        (
            "the sufficiency of homes for children in care",
            "the stability of children's placements",
            "the oversight of independent reviewing officers",
            "the use of unregistered children's homes",
        ),
    ),
    "permanence-adoption": Topic(
        "permanence-adoption",
        ("The adoption service", "Family finders", "Permanence panels"),
        (
            "children who cannot return home achieve permanence without unnecessary delay",
            "adopters are well prepared and receive support after the adoption order",
            "later life letters and life story work help children to understand their histories",
        ),
        (
            "the timeliness of permanence planning",
            "the quality of life story work for adopted children",
            "the range of post-adoption support",
        ),
    ),
    "fostering": Topic(
        "fostering",
        ("Supervising social workers", "The fostering service", "Foster carers"),
        (
            "foster carers receive the training and support they need to care for children",
            "the recruitment of foster carers keeps pace with the needs of children",
            "connected carers are assessed promptly and supported well",
        ),
        (
            "the recruitment and retention of foster carers",
            "the support offered to connected carers",
        ),
    ),
    "care-leavers": Topic(
        "care-leavers",
        ("Personal advisers", "The leaving care service", "Care leavers' advisers"),
        (
            "care leavers are in touch with their personal advisers and value their support",
            "pathway plans are written with young people and reflect their aspirations",
            "care leavers live in suitable accommodation and feel safe where they live",
            "young people are helped into education, employment and training",
        ),
        (
            "the quality of pathway plans for care leavers",
            "the range of suitable accommodation for care leavers",
            "the local offer for care leavers",
        ),
    ),
    "unaccompanied-children": Topic(
        "unaccompanied-children",
        ("Social workers for unaccompanied children", "Age assessment practitioners"),
        (
            "unaccompanied asylum-seeking children receive help with their immigration status",
            "children who arrive alone are placed with carers who understand their culture",
        ),
        ("the support for unaccompanied asylum-seeking children",),
    ),
    "disabled-children": Topic(
        "disabled-children",
        ("The disabled children's team", "Social workers for disabled children"),
        (
            "disabled children's communication needs are understood and met",
            "short breaks are available and well matched to families' needs",
            "transition planning for disabled young people starts early enough",
        ),
        (
            "the response to disabled children and their families",
            "transition planning for disabled young people",
        ),
    ),
    "education": Topic(
        "education",
        ("The virtual school", "Designated teachers", "Leaders of the virtual school"),
        (
            "personal education plans are of good quality and reviewed each term",
            "children in care attend school regularly and make progress",
            "children missing education are identified and tracked closely",
        ),
        (
            "the quality of personal education plans",
            "the attendance and progress of children in care at school",
        ),
    ),
    "health-wellbeing": Topic(
        "health-wellbeing",
        ("Health partners", "The children in care nurses", "Emotional well-being workers"),
        (
            "children in care have their health needs assessed and met on time",
            "children can get help with their emotional well-being when they need it",
        ),
        (
            "the timeliness of health assessments for children in care",
            "access to emotional well-being and mental health services",
        ),
    ),
    "court-proceedings": Topic(
        "court-proceedings",
        ("Social workers in the court team", "Legal gateway meetings"),
        (
            "pre-proceedings work is purposeful and avoids delay for children",
            "care proceedings are completed within timescales set by the court",
        ),
        ("the use of the pre-proceedings stage of the public law outline",),
    ),
    "allegations-lado": Topic(
        "allegations-lado",
        ("The designated officer", "The local authority designated officer"),
        (
            "allegations against adults who work with children are managed effectively",
            "referrals to the designated officer are responded to on the same day",
        ),
        ("the management of allegations against professionals",),
    ),
    "voice-of-child": Topic(
        "voice-of-child",
        ("Social workers", "Advocates", "The children in care council"),
        (
            "children's wishes and feelings are sought and inform decisions about them",
            "records are written to children in language they can understand",
            "children are helped to influence the services they receive",
        ),
        (
            "the way children's views influence their plans",
            "the availability of advocacy for children",
        ),
    ),
    "supervision-oversight": Topic(
        "supervision-oversight",
        ("Managers", "Team managers", "Practice supervisors", "Senior managers"),
        (
            "supervision is regular, reflective and leads to actions that progress plans",
            "management oversight is evident on children's records at key decision points",
            "managers challenge drift and make sure actions are completed",
        ),
        (
            "the quality and frequency of supervision",
            "management oversight of children's cases",
        ),
    ),
    "workforce-caseloads": Topic(
        "workforce-caseloads",
        ("Leaders", "Social workers", "Senior leaders", "Newly qualified social workers"),
        (
            "caseloads are manageable so that social workers get to know children well",
            "the reliance on agency staff has reduced and the workforce is more stable",
            "social workers have access to good training and say this is a good place to work",
        ),
        (
            "the stability of the social work workforce",
            "caseloads in the assessment and safeguarding teams",
            "the recruitment and retention of experienced social workers",
        ),
    ),
    "quality-assurance": Topic(
        "quality-assurance",
        ("Leaders", "The quality assurance team", "Senior managers"),
        (
            "audits focus on the difference practice makes to children",
            "learning from audits is used to improve practice and is followed through",
        ),
        (
            "the quality assurance framework",
            "the accuracy of case audits",
        ),
    ),
    "data-performance": Topic(
        "data-performance",
        ("Senior leaders", "Managers", "The performance team"),
        (
            "performance information is accurate and used well by managers",
            "leaders have an accurate understanding of the strengths and weaknesses of practice",
        ),
        (
            "the use of performance information",
            "the accuracy of data on children's cases",
        ),
    ),
    "partnership": Topic(
        "partnership",
        (
            "Partner agencies",
            "The safeguarding children partnership",
            "The local safeguarding children board",
        ),
        (
            "partners share information promptly and attend meetings for children",
            "multi-agency training is well attended and evaluated for its impact",
            "the partnership holds agencies to account for their contribution to safeguarding",
        ),
        (
            "the contribution of partner agencies to children's plans",
            "the partnership's scrutiny of multi-agency practice",
        ),
    ),
    "leadership-governance": Topic(
        "leadership-governance",
        ("Senior leaders", "The director of children's services", "Elected members", "Leaders"),
        (
            "leaders know their services well and have a clear plan for improvement",
            "political and corporate leaders give children's services the priority they need",
            "leaders have responded swiftly to the findings of the last inspection",
            "corporate parenting is strong and children in care are a priority for the council",
        ),
        (
            "the pace of improvement since the last inspection",
            "the effectiveness of corporate parenting",
            "leaders' grip on the quality of practice",
        ),
    ),
    "recording": Topic(
        "recording",
        ("Social workers", "Practitioners", "Managers"),
        (
            "case records are up to date and show the work that has been done with children",
            "chronologies are used to understand the history of children's lives",
        ),
        ("the quality of case recording", "the use of chronologies"),
    ),
}

#: The topics a section of a report draws on, by the part of the service it describes.
HELP = (
    "front-door",
    "early-help",
    "child-protection",
    "assessment-planning",
    "exploitation",
    "missing-children",
    "neglect",
    "domestic-abuse",
    "homelessness-16-17",
    "private-fostering",
    "allegations-lado",
    "disabled-children",
    "voice-of-child",
)
CARE = (
    "children-in-care",
    "permanence-adoption",
    "fostering",
    "education",
    "health-wellbeing",
    "court-proceedings",
    "unaccompanied-children",
    "voice-of-child",
    "missing-children",
)
ADOPTION = ("permanence-adoption", "fostering", "court-proceedings")
LEAVERS = ("care-leavers", "unaccompanied-children", "education", "homelessness-16-17")
LEADERS = (
    "leadership-governance",
    "workforce-caseloads",
    "supervision-oversight",
    "quality-assurance",
    "data-performance",
    "partnership",
    "recording",
)
PARTNERS = ("partnership", "quality-assurance", "allegations-lado", "data-performance")
EVERYTHING = tuple(TOPICS)

_POSITIVE = (
    "ensure that",
    "make sure that",
    "have made sure that",
    "consistently ensure that",
    "are confident that",
    "have worked hard to ensure that",
)
_NEGATIVE = (
    "do not consistently ensure that",
    "have not yet made sure that",
    "cannot always be confident that",
    "have been too slow to ensure that",
)
_IMPROVED = (
    "have strengthened",
    "have improved",
    "closely monitor",
    "have prioritised",
    "regularly review",
    "have invested in",
)
_NOT_IMPROVED = (
    "have not yet improved",
    "do not routinely review",
    "have not had sufficient oversight of",
    "have been slow to address weaknesses in",
)
_QUALIFIERS = (
    " for most children",
    " in the large majority of cases",
    " across all teams",
    " since the last inspection",
    " for a small number of children",
    " in the cases seen by inspectors",
    " in most of the teams visited",
    "",
    "",
)
_TAILS = (
    ", although this is not yet consistent across the service",
    ", and this helps children to feel safe and settled",
    ", which means that some children wait too long for the help they need",
    ", because caseloads in some teams remain too high",
    ", and families told inspectors that this made a difference to them",
    ", and leaders have rightly identified this as a priority",
    ", but the recording of this work is not always up to date",
    "",
    "",
    "",
)
_OPENERS = (
    "In a small number of cases",
    "Since the last inspection",
    "In the cases sampled by inspectors",
    "For most children",
    "Despite recent improvements",
    "When risks increase",
    "As a result",
)
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def sentence(rng: random.Random, topic: Topic) -> str:
    """One sentence of a finding about ``topic``, 15 to 45 words."""
    form = rng.random()
    subject = rng.choice(topic.subjects)
    if form < 0.35:
        body = f"{subject} {rng.choice(_POSITIVE)} {rng.choice(topic.clauses)}"
    elif form < 0.55:
        body = f"{subject} {rng.choice(_NEGATIVE)} {rng.choice(topic.clauses)}"
    elif form < 0.75:
        verb = rng.choice(_IMPROVED if rng.random() < 0.65 else _NOT_IMPROVED)
        body = f"{subject} {verb} {rng.choice(topic.nouns)}"
    else:
        body = (
            f"{rng.choice(_OPENERS)}, {subject[:1].lower()}{subject[1:]} "
            f"{rng.choice(_POSITIVE + _NEGATIVE)} {rng.choice(topic.clauses)}"
        )
    return f"{body}{rng.choice(_QUALIFIERS)}{rng.choice(_TAILS)}."


def paragraph(rng: random.Random, topic: Topic, sentences: int) -> str:
    return " ".join(sentence(rng, topic) for _ in range(sentences))


def recommendation(rng: random.Random, topic: Topic) -> str:
    """A recommendation in Ofsted's imperative style, 20 to 40 words."""
    form = rng.random()
    first, second = rng.sample(topic.clauses, 2) if len(topic.clauses) > 1 else topic.clauses * 2
    if form < 0.4:
        return f"Ensure that {first}{rng.choice(_QUALIFIERS)}, and that {second}."
    noun = rng.choice(topic.nouns)
    if form < 0.75:
        return f"Improve {noun}, so that {first}{rng.choice(_QUALIFIERS)}."
    return f"Strengthen {noun}{rng.choice(_QUALIFIERS)}, so that {second}."


def area_for_improvement(rng: random.Random, topic: Topic) -> str:
    """An item of "What needs to improve": a noun phrase, often with what it should achieve."""
    noun = _cap(rng.choice(topic.nouns))
    if rng.random() < 0.3:
        return f"{noun}{rng.choice(_QUALIFIERS)}."
    return f"{noun}, so that {rng.choice(topic.clauses)}{rng.choice(_QUALIFIERS)}."


def next_step(rng: random.Random, topic: Topic, year: int) -> str:
    return (
        f"Report progress on {rng.choice(topic.nouns)} to the committee by "
        f"{rng.choice(_MONTHS)} {year}, with the actions taken and their impact on children."
    )


def filler(rng: random.Random, characters: int) -> str:
    """Prose about anything, at least ``characters`` long: the rest of a page."""
    parts, length = [], 0
    while length < characters:
        text = paragraph(rng, TOPICS[rng.choice(EVERYTHING)], rng.randint(2, 5))
        parts.append(text)
        length += len(text) + 2
    return "\n\n".join(parts)

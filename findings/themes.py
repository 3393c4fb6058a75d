"""The theme taxonomy and the rule-based tagger that assigns themes to a finding's text.

Pure Python, no ORM: ``tag(text)`` returns the themes whose phrase rules match, each with the
words that matched, so a page or the admin can say why a finding carries a theme. The
taxonomy, its rules and how well they do are documented in ``docs/themes.md``; the data
migration ``0003_themes`` seeds one Theme row per entry of ``THEMES``.

Long because most of it is the taxonomy itself (about 500 lines of phrase rules): data read
best in one place, beside the few functions that apply it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache


@dataclass(frozen=True)
class ThemeRule:
    """One theme: its code, name, what it covers, and the phrases that signal it.

    ``phrases`` are regular expressions matched (case-insensitively) against normalised text;
    any one is enough. ``hints`` are weaker: words that also turn up in passing (partners,
    placements, data), so one is enough only in a short text such as a recommendation, and a
    longer text needs two. ``together`` lists groups of expressions that must all match for
    the group to count, for a theme no single phrase signals (homeless + 16 or 17).
    """

    slug: str
    name: str
    description: str
    phrases: tuple[str, ...]
    hints: tuple[str, ...] = ()
    together: tuple[tuple[str, ...], ...] = ()
    _compiled: re.Pattern | None = field(init=False, repr=False, compare=False)
    _compiled_hints: re.Pattern | None = field(init=False, repr=False, compare=False)
    _compiled_together: tuple[tuple[re.Pattern, ...], ...] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self):
        # One alternation per list: a third of the time of trying each expression in turn.
        object.__setattr__(self, "_compiled", _compile_any(self.phrases))
        object.__setattr__(self, "_compiled_hints", _compile_any(self.hints))
        object.__setattr__(
            self,
            "_compiled_together",
            tuple(tuple(_compile(p) for p in group) for group in self.together),
        )

    def evidence(self, text: str, *, short: bool) -> tuple[str, ...]:
        """The words of normalised ``text`` that signal this theme (empty when none do).

        ``short`` says the text is short enough for a single hint to count.
        """
        found = [m.group(0) for m in self._compiled.finditer(text)] if self._compiled else []
        for group in self._compiled_together:
            matches = [pattern.search(text) for pattern in group]
            if all(matches):
                found.append(" + ".join(m.group(0) for m in matches))
        hinted = (
            [m.group(0) for m in self._compiled_hints.finditer(text)]
            if self._compiled_hints
            else []
        )
        if found or len(hinted) >= 2 or (hinted and short):
            found.extend(hinted)
        return tuple(dict.fromkeys(w.lower() for w in found))


def _compile(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


def _compile_any(patterns: tuple[str, ...]) -> re.Pattern | None:
    return _compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None


# Words shared by several rules.
_SOCIAL_WORKERS = r"(?:social workers?|staff|practitioners|workforce|managers|workers)"
_SIXTEEN_SEVENTEEN = (
    r"\b16 ?-? ?(?:and|or|to|/) ?17\b|\b1[67]-year-olds?\b|\b1[67] year olds?\b|"
    r"\baged 1[67]\b|\bsixteen and seventeen\b"
)

THEMES: tuple[ThemeRule, ...] = (
    ThemeRule(
        "front-door",
        "Front door",
        "The first response to concerns about a child: contacts and referrals, the multi-agency "
        "safeguarding hub, screening and triage, thresholds for help, strategy discussions and "
        "child protection enquiries, the out-of-hours service.",
        phrases=(
            r"\bfront[- ]door\b",
            r"\bMASH\b",
            r"multi-?agency safeguarding hub",
            r"(?:single|first) point of (?:contact|access)",
            r"\bcontacts? and referrals?\b",
            r"\breferrals? (?:to|into) (?:children's )?(?:social care|specialist children's)",
            r"\btriag(?:e|ed|ing)\b",
            r"\bstrategy (?:discussions?|meetings?)\b",
            r"\bsection 47\b|\bs47\b",
            r"\bchild protection (?:enquiry|enquiries|investigations?)\b",
            r"\bout[- ]of[- ]hours\b|\bemergency duty\b",
            r"\b(?:central )?referral (?:unit|team|hub)\b|\breferral and (?:response|assessment)",
            r"\bCRU\b",
        ),
        hints=(
            r"\bthresholds?\b",
            r"\bre-?referrals?\b",
            r"\bscreen(?:ed|ing)?\b",
            r"\binitial (?:response|decision-?making)\b",
        ),
    ),
    ThemeRule(
        "early-help",
        "Early help",
        "Help before statutory social work: early help services, assessments and plans, and "
        "stepping cases up to or down from children's social care.",
        phrases=(
            r"\bearly[- ]help\b",
            r"\bearly intervention\b",
            r"\bstep(?:ped|ping|s)?[- ](?:up|down)\b",
            r"\bedge of care\b",
            r"\bchildren's centres?\b",
            r"\b(?:troubled|supporting) families\b",
        ),
        hints=(r"\bteam around the (?:child|family)\b",),
    ),
    ThemeRule(
        "child-protection",
        "Child protection and children in need",
        "Work with children subject to child protection or child in need plans: conferences, "
        "core groups, conference chairs, reviews of those plans.",
        phrases=(
            r"\bchild protection (?:plans?|conferences?|case conferences?|chairs?|reviews?|"
            r"registers?|processes?)\b",
            r"\b(?:initial|review) child protection\b",
            r"\bcore groups?\b",
            r"\bICPCs?\b",
            r"\bconference chairs?\b",
            r"\bchild(?:ren)? in need (?:plans?|reviews?|meetings?|and child protection)\b",
            r"\bCIN (?:plans?|reviews?)\b",
        ),
    ),
    ThemeRule(
        "assessment-planning",
        "Assessment and planning",
        "The quality and timeliness of assessments of children's needs and risks and of the "
        "plans that follow: analysis, specific and outcome-focused actions, contingency "
        "planning, reviews of progress.",
        phrases=(
            r"\bassessments? of (?:children's |their |risk and )?(?:needs?|risks?)\b",
            r"\b(?:quality|timeliness|analysis) (?:and (?:timeliness|quality|impact) )?of "
            r"(?:the |children's |some |all )?(?:assessments?|plans?|planning|analysis)\b",
            r"\b(?:single|social work|child and family|children's) assessments?\b",
            r"\bassessment and (?:care )?planning\b",
            r"\bcontingency plan",
            r"\b(?:smart|outcome[- ]focused|measurable)\b",
        ),
        hints=(
            r"\bassessments? (?:are|is|were|was|do|does|did|lack|include)\b",
            r"\b(?:children's|care|written|child's|pathway) plans?\b",
            r"\bplans? (?:for children|are not|is not|lack|do not)\b",
            r"\bplanning (?:for|is|are)\b",
            r"\bdrift and delay\b",
        ),
    ),
    ThemeRule(
        "exploitation",
        "Exploitation and harm outside the home",
        "Children at risk of sexual or criminal exploitation, county lines, gangs, trafficking, "
        "serious youth violence, radicalisation, and harm outside the family.",
        phrases=(
            r"\bexploit",
            r"\bCSE\b|\bCCE\b",
            r"\bcounty lines\b",
            r"\bgangs?\b",
            r"\btraffick",
            r"\bserious youth violence\b",
            r"\bcontextual safeguarding\b",
            r"\bextra-?familial\b",
            r"\b(?:harm|risks?|dangers?) outside (?:the|their) (?:home|family|families)\b",
            r"\bMSET\b",
            r"\bradicalis",
        ),
    ),
    ThemeRule(
        "missing-children",
        "Children who go missing",
        "Children who go missing from home or care, return home interviews and the response to "
        "missing episodes (children missing education are under Education).",
        phrases=(
            r"\b(?:go|goes|going|went|gone|been|run) missing\b",
            r"\bmissing (?:from (?:home|care)|episodes?|children|child|young people|"
            r"notifications?|co-?ordinators?|from their)\b",
            r"\b(?:children|young people) (?:who are |who )?missing"
            r"(?! education| lessons| school)",
            r"\breturn (?:home )?interviews?\b",
            r"\bRHIs?\b",
        ),
    ),
    ThemeRule(
        "neglect",
        "Neglect",
        "Identifying and responding to neglect, neglect strategies and tools.",
        phrases=(r"\bneglect",),
    ),
    ThemeRule(
        "domestic-abuse",
        "Domestic abuse",
        "Children living with domestic abuse: risk assessment, MARAC, support to victims, work "
        "with perpetrators.",
        phrases=(
            r"\bdomestic (?:abuse|violence)\b",
            r"\bMARACs?\b|\bDRAM\b|\bIDVAs?\b|\bDVA\b",
            r"\bcoercive control\b",
            r"\bperpetrators?\b",
        ),
    ),
    ThemeRule(
        "homelessness-16-17",
        "16- and 17-year-olds facing homelessness",
        "The response to 16- and 17-year-olds who present as homeless: their right to become "
        "looked after, joint assessment with housing, accommodation.",
        phrases=(
            r"\bhomeless (?:16|17|young people|teenagers|adolescents)\b",
            r"\bpresent(?:s|ing|ed)? as homeless\b",
        ),
        together=(
            (r"\bhomeless", _SIXTEEN_SEVENTEEN),
            (r"\bhousing protocol\b", _SIXTEEN_SEVENTEEN),
        ),
    ),
    ThemeRule(
        "private-fostering",
        "Private fostering",
        "Children in private fostering arrangements: notification, assessment, visits.",
        phrases=(r"\bprivate(?:ly)?[- ]foster",),
    ),
    ThemeRule(
        "children-in-care",
        "Children in care",
        "Children looked after: care planning, placements and their sufficiency and stability, "
        "children's homes and unregistered provision, independent reviewing officers, family "
        "time.",
        phrases=(
            r"\bchildren (?:in care|looked after)\b|\bchild in care\b|\blooked[- ]after\b",
            r"\bCLA\b|\bLAC\b",
            r"\bunregistered|\bunregulated\b",
            r"\bchildren's homes?\b|\bresidential (?:care|provision|homes?|placements?)\b",
            r"\bindependent reviewing officers?\b|\bIROs?\b",
            r"\b(?:supervised )?contact (?:with|between) (?:their )?(?:family|families|parents|"
            r"brothers|siblings)|\bfamily time\b|\bcontact service\b",
            r"\bplacement (?:with parents|sufficiency|stability|breakdowns?|moves?|decisions?)\b",
        ),
        hints=(
            r"\bplacements?\b",
            r"\bsufficiency\b",
            r"\bin the care of the (?:local )?authority\b",
        ),
    ),
    ThemeRule(
        "permanence-adoption",
        "Permanence and adoption",
        "Securing permanent homes: permanence planning, adoption, special guardianship, "
        "long-term fostering, early permanence, decisions about brothers and sisters.",
        phrases=(
            r"\bpermanen(?:ce|t homes?|t placements?)\b",
            r"\badopt(?:ion|ive|ers?|ed children)\b",
            r"\bspecial guardian",
            r"\bSGOs?\b",
            r"\blong-?term (?:foster|fostered|fostering)\b",
            r"\bfoster(?:ing)? (?:to|for) adopt",
            r"\btogether (?:or|and) apart\b",
            r"\b(?:concurrent|twin[- ]track) planning\b",
            r"\bfreeing orders?\b",
        ),
    ),
    ThemeRule(
        "fostering",
        "Foster and kinship carers",
        "Foster carers and family and friends (connected) carers: recruitment, assessment, "
        "approval, training, support and supervision.",
        phrases=(
            r"(?<!private )(?<!privately )\bfoster carers?\b",
            r"(?<!private )(?<!long-term )(?<!long term )\bfostering (?:service|panel|"
            r"households?|agenc|recruitment)",
            r"\bconnected (?:persons?|carers?)\b",
            r"\bkinship\b",
            r"\bfamily and friends carers?\b",
            r"\bviability assessments?\b",
            r"\bsupervising social workers?\b",
            r"\bIFAs?\b",
        ),
    ),
    ThemeRule(
        "care-leavers",
        "Care leavers",
        "Young people leaving care and care leavers: pathway plans, personal advisers, "
        "accommodation, education, employment and training, entitlements, staying put.",
        phrases=(
            r"\bcare[- ]leavers?\b",
            r"\bleaving care\b|\bleave care\b",
            r"\bpathway plan",
            r"\bpersonal advis[eo]rs?\b",
            r"\bstaying (?:put|close)\b",
            r"\bcare[- ]experienced\b",
            r"\bindependen(?:t|ce) (?:living|skills)\b",
            r"\b(?:not in )?education, employment (?:or|and) training\b|\bNEET\b",
            r"\b16\+ (?:service|team)\b",
        ),
        hints=(r"\bentitlements\b",),
    ),
    ThemeRule(
        "unaccompanied-children",
        "Unaccompanied children",
        "Unaccompanied asylum-seeking and separated migrant children.",
        phrases=(
            r"\bunaccompanied\b",
            r"\bUASC\b",
            r"\bnational transfer scheme\b",
            r"\bseparated migrant\b",
        ),
        hints=(r"\basylum[- ]seeking\b",),
    ),
    ThemeRule(
        "disabled-children",
        "Disabled children",
        "Disabled children and children with special educational needs: their assessment, "
        "support, short breaks and protection.",
        phrases=(
            r"\bdisabled (?:children|child|young)",
            r"\bchildren (?:with|who have) (?:a )?disabilit",
            r"\bSEND\b",
            r"\bspecial educational needs\b",
            r"\bshort breaks?\b",
        ),
        hints=(
            r"\bdisab(?:led|ility|ilities)\b",
            r"\blearning (?:difficult|disabilit)",
            r"\bautis",
        ),
    ),
    ThemeRule(
        "education",
        "Education",
        "Children's education: the virtual school, personal education plans, attainment, "
        "attendance, exclusion, children missing education, elective home education.",
        phrases=(
            r"\bvirtual (?:school|head)",
            r"\bPEPs?\b|\bpersonal education plans?\b",
            r"\battainment\b|\bkey stages?\b|\bGCSEs?\b",
            r"\bexclu(?:sion|sions|ded) from school\b|\bschool exclusions?\b",
            r"\bschool attendance\b|\battendance (?:at|in) school\b",
            r"\b(?:elective(?:ly)? )?home[- ]educat|\beducated at home\b",
            r"\bmissing (?:from )?education\b",
            r"\balternative provision\b",
            r"\bpart-time timetables?\b|\bfull-time (?:education|school)",
            r"\beducational (?:progress|outcomes|attainment|achievement|needs)\b",
            r"\beducation (?:provision|outcomes|progress)\b",
            r"\bquality of education\b",
            r"\bschool (?:roll|place|places)\b|\battend(?:s|ing)? schools?\b",
        ),
        hints=(r"\bexclusions?\b", r"\battendance\b", r"\bschools?\b"),
    ),
    ThemeRule(
        "health-wellbeing",
        "Health and emotional well-being",
        "Children's physical, emotional and mental health: health assessments, dental checks, "
        "child and adolescent mental health services, therapeutic support.",
        phrases=(
            r"\bhealth (?:assessments?|needs|checks|outcomes|histor(?:y|ies)|passports?|"
            r"summar(?:y|ies))\b",
            r"\bdental\b|\bdentist",
            r"\bimmunisations?\b",
            r"\bCAMHS\b|\bchild and adolescent mental health\b",
            r"\bemotional (?:and mental )?(?:health|well-?being)\b",
            r"\b(?:children's|young people's|their) (?:mental|physical) health\b",
            r"\bstrengths and difficulties questionnaires?\b|\bSDQs?\b",
            r"\blooked[- ]after (?:children )?nurses?\b",
            r"\bsexual health\b",
        ),
        hints=(r"(?<!parental )\bmental health\b", r"\btherapeutic\b"),
    ),
    ThemeRule(
        "court-proceedings",
        "Pre-proceedings and court",
        "The Public Law Outline, pre-proceedings work, care proceedings and their timeliness, "
        "legal planning, work with the courts and Cafcass.",
        phrases=(
            r"\bpublic law (?:outline|applications?)\b|\bPLO\b",
            r"\bpre-?proceedings\b",
            r"\b(?:care|court|legal) proceedings\b",
            r"\bcourt (?:work|decisions?|performance|timescales?|applications?|orders?)\b",
            r"\blegal (?:planning|gateway|meetings?|advice)\b",
            r"\bletters? before proceedings\b",
        ),
        hints=(r"\bcourts?\b", r"\bCafcass\b", r"\bjudiciary\b"),
    ),
    ThemeRule(
        "allegations-lado",
        "Allegations against adults",
        "The response to allegations against adults who work with children: the designated "
        "officer (LADO).",
        phrases=(
            r"\bLADO\b",
            r"\bdesignated officers?\b",
            r"\ballegations (?:made )?(?:against|about) (?:adults|staff|professionals|people|"
            r"those|workers)",
            r"\badults who work with children\b",
        ),
    ),
    ThemeRule(
        "voice-of-child",
        "Children's voice and direct work",
        "Children's views, wishes and feelings and their influence on plans and services: "
        "direct work, life-story work, advocacy, participation, children in care councils.",
        phrases=(
            r"\bvoices? of (?:the )?(?:child|children|young pe)",
            r"\b(?:children's|child's|young people's|young person's) (?:voices?|views|wishes)\b",
            r"\bwishes and feelings\b",
            r"\bviews of (?:the )?(?:child|children|young pe)",
            r"\badvoca(?:cy|tes?)\b",
            r"\bparticipation\b",
            r"\bchildren in care councils?\b|\byoung (?:people's|adults) council\b",
        ),
        hints=(
            r"\btheir (?:voices?|views|wishes)\b",
            r"\bdirect work\b",
            r"\blife[- ]story\b|\blater life letters?\b",
            r"\blived experiences?\b",
            r"\bco-?produc",
        ),
    ),
    ThemeRule(
        "supervision-oversight",
        "Supervision and management oversight",
        "The quality and regularity of social workers' supervision and of managers' oversight "
        "of, and direction on, children's cases.",
        phrases=(
            r"\bsupervision\b(?! orders?)",
            r"\bmanage(?:ment|rial|rs'|ment's) (?:oversight|challenge|grip|direction|decisions?|"
            r"decision-making)\b",
            r"\b(?:oversight|monitored|overseen|reviewed) by managers\b",
            r"\breflective (?:supervision|practice)\b",
        ),
        hints=(r"\b(?:team|first-?line|frontline|front-line) managers?\b",),
    ),
    ThemeRule(
        "workforce-caseloads",
        "Workforce and caseloads",
        "Social workers' caseloads and workloads, recruitment and retention, agency staff and "
        "turnover, newly qualified social workers, staff training and morale.",
        phrases=(
            r"\bcase-?loads?\b|\bcase loads?\b|\bworkloads?\b",
            r"\b(?:recruit|retain|retention)\w*\b.{0,40}\b" + _SOCIAL_WORKERS,
            r"\b(?:social workers?|staff)\b.{0,30}\b(?:recruitment|retention|turnover)\b",
            r"\bworkforce\b",
            r"\bturnover\b",
            r"\bagency (?:staff|social workers?|workers)\b|\blocums?\b",
            r"\bvacanc(?:y|ies)\b",
            r"\bASYE\b|\bnewly qualified\b|\bassessed and supported year\b",
            r"\bmorale\b",
            r"\bchanges? (?:of|in) (?:their )?social workers?\b",
            r"\b(?:training|development) (?:needs|of (?:the )?(?:staff|social workers|"
            r"workforce|practitioners))\b",
            r"\bsafer recruitment\b",
        ),
    ),
    ThemeRule(
        "quality-assurance",
        "Quality assurance and learning",
        "Audits and quality assurance of practice, and learning from audits, serious case and "
        "practice reviews.",
        phrases=(
            r"\bquality[- ]assur",
            r"\b(?:case[- ]file|practice|thematic|multi-agency|single-agency) audits?\b",
            r"\baudit (?:activity|programme|findings|process|methodology|framework)\b",
            r"\bserious case reviews?\b",
            r"\b(?:child safeguarding )?practice reviews?\b|\brapid reviews?\b",
            r"\blearning reviews?\b",
            r"\bsection 11\b",
            r"\bmoderation\b",
        ),
        hints=(r"\baudit", r"\bSCRs?\b", r"\blearning from\b"),
    ),
    ThemeRule(
        "data-performance",
        "Data and performance information",
        "Performance and management information and data: its accuracy, completeness and use "
        "by managers, leaders and partnerships.",
        phrases=(
            r"\b(?:performance|management) information\b",
            r"\bdata-?sets?\b",
            r"\bperformance (?:data|reports?|indicators|management|scorecards?|framework|"
            r"monitoring)\b",
            r"\bKPIs?\b|\bscorecards?\b|\bdashboards?\b",
            r"\bdata (?:quality|accuracy|scrutiny|reports?|is|are|relating)\b",
        ),
        hints=(r"\bdata\b", r"\binformation and intelligence\b"),
    ),
    ThemeRule(
        "partnership",
        "Partnership and multi-agency working",
        "Working with partner agencies: the safeguarding board or partnership, police, health "
        "and schools' contribution, multi-agency meetings and information-sharing.",
        phrases=(
            r"\bpartner agencies\b|\bpartnership working\b|\bsafeguarding partners\b",
            r"\bLSCBs?\b|\b[A-Z]SCB\b|\bsafeguarding (?:children )?(?:board|partnership)s?\b",
            r"\bjoint working\b|\bworking together\b",
            r"\binter-?agency\b",
            r"\bhealth (?:partners|professionals|practitioners|visitors)\b",
            r"\bsub-?groups?\b",
        ),
        hints=(
            r"\bpartners?\b|\bpartnerships?\b",
            r"\bmulti-?agency\b",
            r"\bthe board\b",
            r"\bpolice\b|\bMPS\b",
            r"\bagencies\b",
            r"\binformation[- ]sharing\b",
        ),
    ),
    ThemeRule(
        "leadership-governance",
        "Leadership and governance",
        "Leaders' grip and capacity, corporate parenting, elected members and scrutiny, "
        "self-evaluation, improvement planning, resources and commissioning.",
        phrases=(
            r"\bcorporate parent",
            r"\belected members\b|\blead member\b|\bcouncillors\b",
            r"\bimprovement (?:plan|board|notice|journey)\b",
            r"\bchief executive\b|\bdirector of children's services\b|\bDCS\b",
            r"\bgovernance\b",
            r"\bcapacity of (?:the )?senior\b|\bsenior management (?:team|capacity)\b",
        ),
        hints=(
            r"\bsenior (?:leaders?|leadership|managers?|management)\b",
            r"\bleadership\b|\bleaders\b",
            r"\bpolitical\b",
            r"\bscrutiny\b",
            r"\bself-?evaluation\b",
            r"\bcommission(?:ing|ers)\b",
            r"\b(?:budget|funding|financial|investment|resources|resourced)\b",
            r"\b(?:vision|ambition|culture)\b",
        ),
    ),
    ThemeRule(
        "recording",
        "Case recording",
        "Case records and recording: chronologies, the recording of decisions and their "
        "rationale, recording systems.",
        phrases=(
            r"\brecording\b",
            r"\bcase records?\b|\brecords (?:of|are|were|do|did)\b",
            r"\bchronolog",
            r"\bnot (?:always |clearly |well |consistently )?recorded\b",
            r"\brecorded (?:well|clearly)\b",
            r"\bcase notes\b|\brecord[- ]keeping\b",
        ),
    ),
)

THEMES_BY_SLUG = {rule.slug: rule for rule in THEMES}

_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Straight quotes and hyphens, single spaces: what the rules are written against."""
    return _SPACES.sub(" ", text.translate(_QUOTES).replace("\u00ad", "")).strip()


#: Up to this many words, a text is short: one hint is enough to tag it.
SHORT_TEXT_WORDS = 40


def tag(text: str) -> dict[str, tuple[str, ...]]:
    """The themes of ``text``: slug -> the words that signal it, in taxonomy order."""
    return dict(_tag(text))


@lru_cache(maxsize=4096)
def _tag(text: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    # Cached: a committee paper's paragraphs are tagged again each time its authority's
    # follow-ups are recomputed.
    clean = normalise(text)
    short = len(clean.split()) <= SHORT_TEXT_WORDS
    found = []
    for rule in THEMES:
        evidence = rule.evidence(clean, short=short)
        if evidence:
            found.append((rule.slug, evidence))
    return tuple(found)


@dataclass
class ThemeScore:
    """How the tagger did on one theme against hand labels."""

    slug: str
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    @property
    def labelled(self) -> int:
        return self.true_positives + self.false_negatives

    @property
    def precision(self) -> float | None:
        tagged = self.true_positives + self.false_positives
        return self.true_positives / tagged if tagged else None

    @property
    def recall(self) -> float | None:
        return self.true_positives / self.labelled if self.labelled else None


def evaluate(samples: Iterable[tuple[str, Iterable[str]]]) -> dict[str, ThemeScore]:
    """Precision and recall per theme of ``tag`` against hand labels: (text, slugs) pairs.

    The key ``"all"`` holds the micro-average over every theme.
    """
    scores = {rule.slug: ThemeScore(rule.slug) for rule in THEMES}
    total = ThemeScore("all")
    for text, labels in samples:
        expected = set(labels)
        unknown = expected - scores.keys()
        if unknown:
            raise ValueError(f"unknown theme(s) in the labels: {', '.join(sorted(unknown))}")
        predicted = set(tag(text))
        for slug, score in scores.items():
            if slug in predicted and slug in expected:
                score.true_positives += 1
            elif slug in predicted:
                score.false_positives += 1
            elif slug in expected:
                score.false_negatives += 1
    for score in scores.values():
        total.true_positives += score.true_positives
        total.false_positives += score.false_positives
        total.false_negatives += score.false_negatives
    return {**scores, "all": total}

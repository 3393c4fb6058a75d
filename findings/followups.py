"""Suggested follow-ups: which later passages speak of a recommendation, and what they say.

Pure Python, no ORM. ``suggest(items, passages)`` links each followed-up item (a
recommendation, an area for improvement or for priority action) to passages of later
documents about the same authority, ranked by a score anyone can check:

    score = TEXT_WEIGHT x cosine(TF-IDF of the two texts) + THEME_WEIGHT x shared themes

where "shared themes" is the share of the item's themes the passage also has. Each suggestion
keeps the themes and the terms that made it, and an assessment (progress, no progress,
resolved, recurring, noted) suggested by the rules in ``assess`` from the clause of the
passage that speaks most of the item. ``docs/followups.md`` explains the choices and how well
they do.

Long because the method is one argument, from the words a text is reduced to, through the
similarity and the status cues, to the ranking, each step's thresholds beside it; the
follow-up issue reworks it, and will split it where the new method divides.
"""

from __future__ import annotations

import datetime
import itertools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer

from inspections.codes import DocumentKind, FindingKind

from . import ranking
from .themes import normalise

TEXT_WEIGHT = 0.7
THEME_WEIGHT = 0.3
#: Below this score (the model's probability that the passage speaks of the item) a passage
#: is not suggested at all. Low: what is suggested under ``SHOWN_SCORE`` only waits for staff,
#: and recall is counted at any rank.
MIN_SCORE = 0.1
#: From this score a suggestion is shown on the public trail; below it, it waits in the admin
#: for staff review. Chosen on the tuning part of the labelled set (``docs/followups.md``).
SHOWN_SCORE = 0.9
#: At most this many passages of one later document are suggested for an item, the next ones
#: from this share of the first's score: a later report speaks of each part of a several-part
#: recommendation in a passage of its own, each sharing fewer of its words.
PER_DOCUMENT = 6
SECOND_PASSAGE_RATIO = 0.1
#: Pairs of words count for less than words: rarer, they would otherwise swamp paraphrases.
PAIR_WEIGHT = 0.5
#: How many shared terms a suggestion lists as its explanation.
EXPLAINING_TERMS = 6


class Status:
    """The assessments a link can carry (the same codes as ``FollowUp.Status``)."""

    PROGRESS = "progress"
    NO_PROGRESS = "no_progress"
    RESOLVED = "resolved"
    RECURRING = "recurring"
    NOTED = "noted"


#: The kind a passage cut from a document's pages (rather than a parsed finding) carries.
PARAGRAPH = "paragraph"


@dataclass(frozen=True)
class Item:
    """A finding that later documents are followed up against."""

    id: int
    document_id: int
    when: datetime.date
    text: str
    themes: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Passage:
    """Words of a later document that may speak of an item: a finding, or a paragraph."""

    document_id: int
    when: datetime.date
    text: str
    kind: str = FindingKind.FINDING
    finding_id: int | None = None
    page: int | None = None
    section: str = ""
    themes: frozenset[str] = frozenset()
    #: The later document's kind (focused visit, JTAI letter, committee paper...).
    document_kind: str = ""


@dataclass(frozen=True)
class Assessment:
    status: str
    reason: str
    clause: str


@dataclass(frozen=True)
class Suggestion:
    item: Item
    passage: Passage
    score: float
    cosine: float
    shared_themes: tuple[str, ...]
    shared_terms: tuple[str, ...]
    assessment: Assessment

    @property
    def status(self) -> str:
        return self.assessment.status

    def reasons(self) -> dict:
        """What made the link and its status, for the page and the admin (JSON-ready)."""
        return {
            "themes": list(self.shared_themes),
            "terms": list(self.shared_terms),
            "text_similarity": round(self.cosine, 3),
            "status_rule": self.assessment.reason,
            "clause": self.assessment.clause,
        }


# ---------------------------------------------------------------------------------------
# Words and vectors

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_PUNCTUATION = re.compile(r"[.,;:!?()\[\]\"]+")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: English function words, and words every recommendation and report uses (children, ensure,
#: quality, effective...) that would otherwise make any two texts look alike.
STOPWORDS = _words(
    """a about above after again against all also although am an and any are as at be
    because been before being below between both but by can could did do does doing down
    during each either few for from further had has have having he her here hers him his how
    however i if in into is it its itself just more most much must my no nor not now of off
    on once only or other our out over own same she should so some such than that the their
    theirs them then there these they this those through to too under until up upon very was
    we were what when where whether which while whilst who whom why will with within without
    would yet you your
    ensure ensuring improve improving improved improvement make made take taken steps step
    local authority authority's council trust service services children child children's
    young people person people's social care work worker workers practice including include
    includes particular particularly consistently consistent effective effectively
    appropriate appropriately good quality timely timeliness well better ensure continue
    continues continued number small majority minority many most few recent recently
    inspection inspectors inspector seen cases case time"""
)


_STEMMER = snowballstemmer.stemmer("english")


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """Snowball's English stem, so that plans/planning and exploited/exploitation meet."""
    return _STEMMER.stemWord(word.removesuffix("'s"))


@lru_cache(maxsize=20_000)
def terms(text: str) -> tuple[str, ...]:
    """Stemmed words without stop words, then each pair of words that stand side by side in
    the text ("front door", "return home"), marked with a space.

    Cached: recomputing an authority's suggestions after each new document reads the same
    texts again.
    """
    kept: list[str | None] = []
    for segment in _PUNCTUATION.split(normalise(text).lower()):
        for word in _WORD.findall(segment):
            keep = word not in STOPWORDS and (len(word) > 1 or word.isdigit())
            kept.append(stem(word) if keep else None)
        kept.append(None)  # no pair across a full stop, comma or semicolon
    words = [w for w in kept if w]
    pairs = [f"{a} {b}" for a, b in itertools.pairwise(kept) if a and b]
    return (*words, *pairs)


class Vectoriser:
    """TF-IDF over one authority's texts: sublinear term counts, smoothed IDF, unit length."""

    def __init__(self, texts: Iterable[str]):
        self.documents = 0
        frequency: Counter[str] = Counter()
        for text in texts:
            self.documents += 1
            frequency.update(set(terms(text)))
        self.idf = {
            term: math.log((1 + self.documents) / (1 + count)) + 1
            for term, count in frequency.items()
        }

    def vector(self, text: str) -> dict[str, float]:
        counts = Counter(terms(text))
        default = math.log(1 + self.documents) + 1
        weights = {
            term: (1 + math.log(n))
            * self.idf.get(term, default)
            * (PAIR_WEIGHT if " " in term else 1.0)
            for term, n in counts.items()
        }
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        return {term: w / norm for term, w in weights.items()}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b[t] for t, w in a.items() if t in b)


def explaining_terms(a: dict[str, float], b: dict[str, float]) -> tuple[str, ...]:
    """The shared terms that add most to the cosine, phrases before single words."""
    shared = sorted((a[t] * b[t], t) for t in a.keys() & b.keys())
    ordered = [t for _, t in reversed(shared)]
    phrases = [t for t in ordered if " " in t]
    words = [t for t in ordered if " " not in t and not any(t in p.split() for p in phrases)]
    return tuple((phrases + words)[:EXPLAINING_TERMS])


# ---------------------------------------------------------------------------------------
# Assessment: what the later words say about the item


def _cues(*patterns: str) -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


RESOLVED_CUES = _cues(
    r"\b(?:has|have) (?:now )?been (?:fully |successfully )?(?:addressed|resolved|met)\b",
    # "purposefully and meaningfully addressed"; not "partly", "largely" or "not yet".
    r"\b(?:has|have) (?:now )?been (?:(?!(?:partial|part|large|most|initial|slight)ly\b)\w+ly "
    r"(?:and \w+ly )?)(?:addressed|resolved)\b",
    r"\bno longer (?:a concern|an issue|the case|a problem)\b",
    r"\bfully (?:addressed|resolved|implemented|embedded)\b",
)
STASIS_CUES = _cues(
    r"\b(?:no|little|limited|insufficient|slow|poor|minimal) progress\b",
    r"\b(?:off|not on) track\b",
    r"\bprogress (?:has been|is|was) (?:too )?(?:slow|limited|insufficient)\b",
    # What has not been done since ("have not been addressed"); "delays are not addressed" is a
    # weakness of today's practice, named again.
    r"\b(?:has|have|had) not (?:yet )?(?:been )?(?:improved|addressed|resolved|progressed|"
    r"implemented)\b",
    r"\bremains? (?:inadequate|poor|weak|a concern|an area|too|unchanged|underdeveloped)\b",
    r"\bcontinues? to be (?:a concern|weak|poor|inconsistent|variable|an area)\b",
    r"\bdeteriorat",
    r"\bhas declined\b|\bhave declined\b",
)
NEGATIVE_CUES = _cues(
    r"\bnot (?:always|consistently|yet|sufficiently|routinely|fully|effective|timely|robust|"
    r"clear|good|well|regular|enough|in place|sustainable|all)\b",
    r"\bas well as (?:it|they) (?:could|should|might)\b",
    r"\b(?:do|does|did|is|are|was|were|has|have|had|can|could) not\b",
    r"n't\b",
    r"\btoo (?:variable|long|slow|high|few|many|often|much|little)\b",
    r"\binconsisten",
    r"\bvariable\b|\bvaries\b|\bvary\b",
    r"\bweak(?:ness|nesses|er)?\b",
    r"\bpoor(?:er|ly)?\b",
    r"\bdelays?\b|\bdelayed\b|\bdrift\b",
    r"\binsufficient(?:ly)?\b|\black(?:s|ing|ed)?\b",
    r"\bgaps?\b|\bshortfalls?\b|\bdeficits?\b|\bshortcomings?\b",
    r"\bconcerns? (?:remain|persist)|\b(?:continuing|ongoing|significant|serious) concerns?\b",
    r"\brequires? (?:further )?(?:work|improvement|attention|strengthening|development)\b",
    r"\b(?:requires?|required|needs?|needed|need for|is|are) further (?:work|development|"
    r"improvement|action|progress)\b",
    r"\bfurther (?:work|development|improvement|action) (?:is|are) (?:required|needed)\b",
    r"\bmore (?:work|to do)\b|\brequires? (?:\w+ ){0,2}to improve\b",
    r"\bneeds? (?:to (?:improve|be improved|be strengthened|be better)|strengthening|improving)",
    r"\bareas? (?:for|of) (?:improvement|development)\b",
    r"\bunsustainable\b",
    r"\byet to (?:be|have|make|see|show|demonstrate|embed|achieve|take)\b",
    r"\bthere (?:remain|remains)\b|\b(?:need|needs) to do more\b|\bdo more to\b",
    r"\bneeds? to (?:become|be more|be consistently|be further)\b",
    r"\b(?:remains?|continues? to be) (?:a |an )?(?:\w+ )?challeng",
    r"\bexperienc\w* (?:a number of|several|many|multiple|frequent|numerous|too many) changes\b",
    r"\bhigh (?:caseloads?|workloads?|turnover|staff turnover|vacancy rates?)\b|"
    r"\b(?:caseload|workload|capacity) pressures?\b",
    r"\b(?:is|are|was|were|remains?) (?:\w+ )?limited\b|\blimited (?:evidence|impact|"
    r"understanding|oversight|use|capacity|access|availability|scrutiny|range)\b",
    r"\bover-?optimis|\bperfunctory\b|\bsuperficial\b|\bcursory\b|\btoo brief\b",
    r"\brather than (?:being )?(?:analytical|evaluative|reflective|child[- ](?:centred|focused)|"
    r"purposeful|outcome[- ]focused)\b",
    r"\bunsuitable\b|\bunsafe\b|\binadequate\b|\bunderdeveloped\b|\bineffective\b",
    r"\bmissed opportunit",
    r"\bfail(?:s|ed|ing|ure)?\b",
    r"\bless (?:effective|robust|consistent)\b",
    r"\bstill\b",
    r"\bwill be taken forward\b|\baction plan will\b",
    # A weakness said without a negative verb: "these improvements continue to be fragile",
    # "it is too recent to see the impact", "difficulties in securing", "a longstanding
    # challenge", "a higher turnover of staff".
    r"\bfragile\b|\btoo (?:recent|early|soon) to (?:see|judge|assess|evidence|show)\b",
    r"\bdifficult(?:y|ies) in\b|\b(?:long-?standing|persistent|significant|ongoing|continuing) "
    r"challenges?\b|\bhigher (?:turnover|caseloads?|vacancy)\b",
)
POSITIVE_CUES = _cues(
    r"\beffective(?:ly)?\b",
    r"\bgood\b|\bbetter\b|\bstrong(?:er|ly)?\b|\bstrengthened\b|\brobust(?:ly)?\b",
    r"\bimproved\b|\bimproving\b|\bimprovements? (?:in|to|have|has)\b",
    r"\bprogress (?:is|has been|in|made)\b|\bprogressed\b|\bconsiderable progress\b",
    r"\bon track\b",
    r"\bnow (?:in place|routinely|consistently|receive|have|has|ensures?)\b",
    r"\bwell\b",
    r"\btimely\b|\bswift(?:ly)?\b|\bprompt(?:ly)?\b|\bquickly\b",
    r"\bcomprehensive\b|\bconsistent(?:ly)?\b|\bthorough\b",
    r"\bappropriate(?:ly)?\b|\bsuccessful(?:ly)?\b|\bpositive(?:ly)?\b",
    r"\bhigh[- ]quality\b|\bsecured\b|\bembedded\b|\bstrength\b",
    r"\bclear(?:ly)?\b|\bensures?\b|\bsuitable\b|\bcarefully\b",
    r"\bexcellent\b|\boutstanding\b|\bexceptional(?:ly)?\b|\bhighly\b|\bwell-?\w+ed\b",
    r"\bbenefit(?:s|ed|ing)? from\b|\broutinely\b|\bproactive(?:ly)?\b|\bpurposeful(?:ly)?\b",
    r"\bsignificant(?:ly)? improve|\bachiev(?:e|es|ed|ing) (?:stability|success|improvements?)\b",
    r"\bhelps?\b|\bhelping\b|\bsensitive(?:ly)?\b|\bco-?produced\b|\baccurate\b|\brealistic\b",
    r"\b(?:suitably|well|effectively) supported\b|\bincreased focus\b|\bdrives? improvement",
    r"\b(?:are|is|were|have been|has been) (?:\w+ and )?(?:met|addressed)\b",
    r"\bachiev\w* (?:greater|more|better|improved|increased|good|positive)\b",
    r"\bgreater (?:stability|consistency)\b|"
    r"\bincreased (?:capacity|investment|staffing|stability)\b",
    r"\b(?:diligent|meticulous|tenacious|insightful|creative|ambitious|impressive|exemplary|"
    r"skilful|skillful|knowledgeable|dedicated|rigorous|thoughtful|nurturing|attentive|"
    r"persistent)(?:ly)?\b|\bchild[- ](?:centred|focused)\b|\bstable\b|\bmanageable\b",
    r"\bstabilised\b|\benabl(?:e|es|ed|ing)\b",
    r"\b(?:informs?|underpins?|shapes?) (?:[\w-]+ ){0,3}(?:plans?|planning|decisions?|"
    r"decision-making|practice|support|interventions?)\b",
)
#: Phrases whose negative word means something good ("without delay"), read as praise.
_NOT_NEGATIVE = re.compile(
    r"\b(?:without (?:undue |any )?delay|no (?:undue )?delays?|no gaps?|"
    r"not (?:be )?(?:delayed|disrupted)(?: or (?:delayed|disrupted))?|not wait(?: unduly)?|"
    r"not (?:have|had) to wait|not in (?:education|employment|training)"
    r"(?:,? (?:(?:or|and) )?(?:education|employment|training)){1,2}|"
    r"(?:prevent|prevents|preventing|avoid|avoids|avoiding|reduce|reduces|reducing|reduced|"
    r"minimise|minimises|minimising)(?: \w+){0,2} (?:delays?|drift))\b",
    re.IGNORECASE,
)
#: Words of a weakness that name none: knowing one's "strengths and areas for development"
#: or "where further development is required"; the earlier inspection's "areas for
#: improvement" as the subject of what has (or has not) been done about them.
_NOT_A_WEAKNESS = re.compile(
    r"\bstrengths and (?:weaknesses|areas (?:for|of) (?:development|improvement))\b|"
    r"\b(?:where|what) (?:further |more )?(?:development|improvement|work) (?:is|are) "
    r"(?:required|needed)\b|\bwhat (?:needs|they need) to (?:improve|be improved)\b|"
    # What a report or a framework sets out: "trends, what is working well, areas for
    # improvement and success measures".
    r"\bwhat is working well,? (?:and )?areas? (?:for|of) (?:improvement|development)\b",
    re.IGNORECASE,
)
_AREAS_FOR = re.compile(
    r"\bareas? (?:for|of) (?:improvement|development|priority action)\b", re.IGNORECASE
)
_ATTENDED_TO = re.compile(
    r"\b(?:addressed|actioned|responded|acted|tackled|resolved|implemented)\b",
    re.IGNORECASE,
)
#: A later document's own list of weaknesses names the same one again, whatever its wording.
RECURRING_KINDS = {
    FindingKind.AREA_FOR_IMPROVEMENT: "named again in a later list of what needs to improve",
    FindingKind.AREA_FOR_PRIORITY_ACTION: "named again as a later area for priority action",
    FindingKind.RECOMMENDATION: "named again in a later report's recommendations",
}
#: Sections whose items restate an earlier concern rather than judge it (monitoring visits'
#: "areas covered by the visit", "areas of concern identified at the last inspection").
RESTATING_SECTION = re.compile(r"areas? (?:covered|of concern)", re.IGNORECASE)

_SENTENCE = re.compile(r"(?<=[.;!?])\s+(?=[A-Z(‘'\"])")
#: A verb straight after ", however," means the words before it are the subject ("The
#: recording of supervision, however, does not ..."): the sentence is one clause, contrasting
#: with the one before, and is not cut in two.
_VERB_NEXT = (
    r"(?!,?\s+(?:is|are|was|were|has|have|had|does|do|did|can|could|will|would|should|may|"
    r"must|remains?|continues?|needs?|requires?|lacks?|varies|vary|tends?)\b)"
)
_CONTRAST = re.compile(
    r",?\s+\b(?:but|although|though|whilst|while|despite)\b,?\s+"
    rf"|,?\s+\bhowever\b{_VERB_NEXT},?\s+|^however\b,?\s+"
    # "yet" joins two clauses only after a comma ("..., yet ..."): "not yet", "have yet to"
    # are one clause.
    r"|,\s+(?:and )?yet\b,?\s+",
    re.IGNORECASE,
)
_LEADING_CONTRAST = re.compile(r"^(?:despite|although|though|whilst|while)\s+", re.IGNORECASE)


def clauses(text: str) -> tuple[str, ...]:
    """Sentences, then the parts either side of a contrast ("..., but ...", "Despite ...,")."""
    return tuple(clause for _, clause in numbered_clauses(text))


@lru_cache(maxsize=20_000)
def numbered_clauses(text: str) -> tuple[tuple[int, str], ...]:
    """``clauses``, each with the number of the sentence it comes from."""
    found = []
    for number, sentence in enumerate(_SENTENCE.split(normalise(text))):
        leading = _LEADING_CONTRAST.match(sentence)
        if leading and "," in sentence:
            # "Despite X, Y": X and Y are the two sides.
            head, tail = sentence[leading.end() :].split(",", 1)
            pieces = [head, tail]
        else:
            pieces = [sentence]
        for piece in pieces:
            parts = [p.strip(" ,;") for p in _CONTRAST.split(piece)]
            found.extend((number, p) for p in parts if len(p.split()) >= 3)
    return tuple(found) or ((0, normalise(text)),)


#: A leading condition ("When risks increase, ...") sets the scene; it judges nothing. So does
#: a trailing one ("plans are expedited when circumstances do not improve").
_CONDITION = re.compile(r"^(?:when|where|if|once)\b[^,]{0,160},\s*", re.IGNORECASE)
_TRAILING_CONDITION = re.compile(r"\s+\b(?:when|where|if|once)\b[^,;]*$", re.IGNORECASE)


@lru_cache(maxsize=50_000)
def polarity(clause: str) -> str:
    """What a clause says: a status from the cue lists, strongest first."""
    clause = _TRAILING_CONDITION.sub("", _CONDITION.sub("", clause))
    clause = _NOT_NEGATIVE.sub("promptly", clause)
    clause = _NOT_A_WEAKNESS.sub("matters", clause)
    if _ATTENDED_TO.search(clause):
        clause = _AREAS_FOR.sub("matters", clause)
    if RESOLVED_CUES.search(clause) and not NEGATIVE_CUES.search(clause):
        return Status.RESOLVED
    if STASIS_CUES.search(clause):
        return Status.NO_PROGRESS
    if NEGATIVE_CUES.search(clause):
        return Status.RECURRING
    if POSITIVE_CUES.search(clause):
        return Status.PROGRESS
    return Status.NOTED


#: A council's action plan rates each action by colour (RAG, or BRAG with blue for done): in a
#: table cell of its own, after "RAG", "status" or "rating", or in brackets.
_COLOUR = r"(blue|green|amber|red)"
_RAG_RES = (
    re.compile(
        r"\b(?:B?RAG(?: (?:rating|status))?|(?:progress )?status|rating|rated(?: as)?)"
        rf"\s*[:\-\u2013]?\s*(?:is |was )?\(?{_COLOUR}\b",
        re.IGNORECASE,
    ),
    re.compile(rf"(?:^|\|)\s*{_COLOUR}\s*(?=\||$)", re.IGNORECASE | re.MULTILINE),
    re.compile(rf"\({_COLOUR}\)", re.IGNORECASE),
)
#: "85% complete": the share of an action done, as plans report it.
_PERCENT_DONE = re.compile(
    r"\b(\d{1,3}) ?% (?:complete|completed|achieved|delivered|done)\b", re.I
)
_RAG_STATUS = {
    "blue": (Status.PROGRESS, "the council's plan rates it blue: done, by its own account"),
    "green": (Status.PROGRESS, "the council's plan rates it green: on track"),
    "amber": (Status.PROGRESS, "the council's plan rates it amber: under way, not yet secure"),
    "red": (Status.NO_PROGRESS, "the council's plan rates it red: off track"),
}


def rag_rating(text: str) -> Assessment | None:
    """The status a council's own rating of an action gives (a RAG colour, a share done),
    with the words it was read from; None where the text rates nothing."""
    for pattern in _RAG_RES:
        match = pattern.search(text)
        if match:
            status, reason = _RAG_STATUS[match[1].lower()]
            return Assessment(status, reason, _around(text, match))
    match = _PERCENT_DONE.search(text)
    if match:
        done = int(match[1])
        if done == 0:
            return Assessment(
                Status.NO_PROGRESS,
                "the council's plan says none of it is done",
                _around(text, match),
            )
        return Assessment(
            Status.PROGRESS, f"the council's plan says {done}% of it is done", _around(text, match)
        )
    return None


def _around(text: str, match: re.Match, reach: int = 120) -> str:
    """The words about a match, as the clause a status was read from."""
    start, end = max(0, match.start() - reach), min(len(text), match.end() + reach)
    return " ".join(text[start:end].replace("|", " ").split())


_RULES = {
    Status.RESOLVED: "the later words say it has been addressed",
    Status.NO_PROGRESS: "the later words say it has not improved",
    Status.RECURRING: "the later words name the same weakness again",
    Status.PROGRESS: "the later words praise the same area",
    Status.NOTED: "the later words mention it without judging it",
}

#: A clause counts towards the status when it shares at least this share of the weight of the
#: item's words that the most relevant clause shares.
RELEVANT_SHARE = 0.25
#: What one relevant clause says outranks what another says, in this order: a weakness named
#: again outranks praise of a neighbouring part ("supervision is regular, but the recording
#: varies" is recurring), and resolved needs explicit words no weakness contradicts.
WEAKNESS_OUTRANKS = 0.5
#: A clause about the time of the earlier inspection ("since the focused visit in 2021, when
#: plans were too long"; "at the last inspection, plans were ...") describes the past: its
#: weakness is not named again. "Since the last inspection" alone introduces the present ("has
#: declined since the last inspection").
RETROSPECTIVE = re.compile(
    r"\bsince the (?:last |previous |\w+ )?(?:inspection|visit)\b[^,]{0,30},? when\b|"
    r"\b(?:at|during) the (?:last |previous |\w+ )?(?:inspection|visit)\b|\bhad been\b|"
    r"\bpreviously\b|\bidentified (?:at|in|during) the\b|\ba recommendation (?:from|of|at)\b|"
    r"\bat the time of\b|\bwas last inspected\b|"
    r"\b(?:earlier|previous|former|old|original) \w+(?: \w+)? (?:that|which) (?:was|were|had)\b",
    re.IGNORECASE,
)
#: ... unless it says what has become of the earlier points since: "the areas for improvement
#: identified at the last inspection have not been addressed" judges them now.
EARLIER_POINTS_NOW = re.compile(
    r"\b(?:areas?|points?|recommendations?|weakness(?:es)?|shortfalls?|concerns?)\b.*"
    r"\b(?:has|have)(?: not)?(?: yet)?(?: been)? (?:\w+ )?(?:addressed|resolved|implemented)\b|"
    r"\byet to be (?:\w+ )?(?:addressed|resolved|implemented)\b",
    re.IGNORECASE,
)
#: The other side of a contrast in the same sentence speaks of the same matter, often without
#: its words ("Supervision records show oversight, although frequency and recording are
#: inconsistent"): it counts as relevant as this share of its sentence's most relevant clause.
SAME_SENTENCE = 0.5


#: A weakness found in a few cases only ("a very small number of children still wait"), beside
#: praise of the same area, is a caveat to the praise: it outranks it only where it is at least
#: ``MINOR_OUTRANKS`` as relevant.
_FEW = re.compile(
    r"\ba (?:very )?(?:small|limited) (?:number|minority)\b|\ba few\b|\bvery few\b|"
    r"\bisolated\b|\brare(?:ly)?\b|\boccasional(?:ly)?\b|\ba minority\b|\bminor\b|"
    # Leaders' own knowledge that more can be done, after praise, is a caveat to it.
    r"\b(?:aware|know|recognise|recognize|understand)s? (?:that )?(?:there is|they have) "
    r"(?:still )?more to do\b",
    re.IGNORECASE,
)
MINOR_OUTRANKS = 1.0


def says_now(clause: str) -> str | None:
    """What a clause says of the present: its polarity, or None for a weakness of the past."""
    status = polarity(clause)
    if (
        status in (Status.RECURRING, Status.NO_PROGRESS)
        and RETROSPECTIVE.search(clause)
        and not EARLIER_POINTS_NOW.search(clause)
    ):
        return None
    return status


def _weigh(ranked: list[tuple[float, int, str]], clause: str) -> tuple[str, str]:
    """The status the relevant clauses give together, and the clause it was read from.

    Clauses about the past are set aside first. Where no clause left shares a word with the
    item (a passage linked as a whole: a summary, "the areas for improvement ... have been
    addressed"), every clause counts alike. Each status keeps the weight of its most relevant
    clause. A weakness (no progress, recurring) outranks praise when its clause is at least
    ``WEAKNESS_OUTRANKS`` as relevant as the praise's; resolved needs explicit words and no
    weakness; noted is what is left.
    """
    # Read lazily, most relevant first: a long passage's clauses past the relevant ones are
    # never read (reading each clause's cues was most of suggesting's time).
    present = ((w, c, status) for w, _, c in ranked if (status := says_now(c)) is not None)
    first = next(present, None)
    if first is None:
        return Status.NOTED, clause
    best_weight = first[0]
    if best_weight <= 0:  # nothing shares a word: every clause counts alike
        present = ((1.0, c, status) for _, c, status in present)
        first, best_weight = (1.0, first[1], first[2]), 1.0
    said: dict[str, tuple[float, str]] = {}
    for weight, candidate, status in itertools.chain([first], present):
        if weight <= 0 or weight < best_weight * RELEVANT_SHARE:
            break
        said.setdefault(status, (weight, candidate))
    weakness = next((s for s in (Status.NO_PROGRESS, Status.RECURRING) if s in said), None)
    praise = next((s for s in (Status.RESOLVED, Status.PROGRESS) if s in said), None)
    minor = weakness == Status.RECURRING and _FEW.search(said[weakness][1])
    if weakness and (
        not praise
        or said[weakness][0] >= (MINOR_OUTRANKS if minor else WEAKNESS_OUTRANKS) * said[praise][0]
    ):
        return weakness, said[weakness][1]
    if praise:
        return praise, said[praise][1]
    return Status.NOTED, clause


#: A sentence that opens on a pronoun ("This is not consistent.", "However, these are not
#: shared") speaks of what the sentence before spoke of.
_ANAPHORA = re.compile(r"^(?:however,?\s+)?(?:this|these|it|they|such)\b", re.IGNORECASE)


def relevance(item_vector: dict[str, float], text: str) -> list[tuple[float, int, str]]:
    """The clauses of ``text``, most relevant to the item first: by the weight of the item's
    terms each shares, or, at ``SAME_SENTENCE`` of it, the weight its sentence's other side of a
    contrast shares, or the sentence before for a sentence opening on a pronoun."""
    found = numbered_clauses(text)
    own = [sum(item_vector.get(t, 0.0) for t in set(terms(c))) for _, c in found]
    sentence_best: dict[int, float] = defaultdict(float)
    for (sentence, _), weight in zip(found, own, strict=True):
        sentence_best[sentence] = max(sentence_best[sentence], weight)
    first_clause = {}
    for sentence, clause in found:
        first_clause.setdefault(sentence, clause)
    for sentence in sorted(sentence_best):
        if sentence - 1 in sentence_best and _ANAPHORA.match(first_clause[sentence]):
            sentence_best[sentence] = max(sentence_best[sentence], sentence_best[sentence - 1])
    return sorted(
        (
            (max(weight, SAME_SENTENCE * sentence_best[sentence]), -n, c)
            for n, ((sentence, c), weight) in enumerate(zip(found, own, strict=True))
        ),
        reverse=True,
    )


_DONE_NOW = "the later words say it is done now"
#: Words of a plan or an intention, not of practice as it is.
_NOT_DONE_YET = re.compile(
    r"\b(?:will|would|plans?(?:ned)? to|aims? to|intends? to|intention|propos\w*|"
    r"(?:is|are) being (?:developed|introduced|planned|considered|reviewed)|"
    r"(?:is|are) (?:due|expected) to|going to|should)\b|\bunder (?:review|development)\b",
    re.IGNORECASE,
)


def clause_shares_words(item_vector: dict[str, float], clause: str) -> bool:
    return any(term in item_vector for term in terms(clause))


def assess(item_vector: dict[str, float], passage: Passage) -> Assessment:
    """The status the later passage suggests for the item, the rule that gave it, and the
    clause it was read from.

    The clauses are ranked by their relevance to the item (``relevance``); ``_weigh`` reads
    the status from the relevant ones.
    """
    ranked = relevance(item_vector, passage.text)
    clause = ranked[0][2]
    if passage.kind in RECURRING_KINDS:
        return Assessment(Status.RECURRING, RECURRING_KINDS[passage.kind], clause)
    if RESTATING_SECTION.search(passage.section):
        return Assessment(Status.NOTED, "restated as a concern the later visit looked at", clause)
    if passage.kind == PARAGRAPH:
        rated = rag_rating(passage.text)
        if rated is not None:
            return rated  # the council's own rating of the action outranks its wording
    status, clause = _weigh(ranked, clause)
    if passage.kind == FindingKind.NEXT_STEP:
        if status in (Status.RECURRING, Status.NO_PROGRESS):
            return Assessment(
                Status.RECURRING, "the council's next steps name it as needing more work", clause
            )
        return Assessment(Status.NOTED, "the council's next steps mention it", clause)
    if (
        status == Status.NOTED
        and passage.kind == FindingKind.FINDING
        and not _NOT_DONE_YET.search(clause)
        and clause_shares_words(item_vector, clause)
    ):
        # An inspector's finding that the asked-for practice happens ("strategy discussions
        # are attended by relevant partners", "they all receive their health history") is
        # what readers take as progress, praise word or not; plans and intentions are not.
        return Assessment(Status.PROGRESS, _DONE_NOW, clause)
    return Assessment(status, _RULES[status], clause)


# ---------------------------------------------------------------------------------------
# Suggesting


def _dedupe(passages: Iterable[Passage]) -> list[Passage]:
    """The same words on the same date in two documents (a seed text and the PDF it came
    from) count once: the first passage given wins. The same words on another date are a
    weakness named again, and stay."""
    seen, kept = set(), []
    for passage in passages:
        key = (passage.when, " ".join(terms(passage.text)[:40]))
        if key[1] and key not in seen:
            seen.add(key)
            kept.append(passage)
    return kept


def theme_weights(passages: Sequence[Passage]) -> dict[str, float]:
    """How much sharing each theme counts: rarer themes (16-17 homelessness) say more than
    common ones (partnership), as IDF says of words."""
    counts = Counter(theme for p in passages for theme in p.themes)
    total = len(passages)
    return {theme: math.log(1 + total / n) for theme, n in counts.items()}


def theme_overlap(item: Item, passage: Passage, weights: dict[str, float]) -> float:
    """The weighted share of the item's themes that the passage has too (0 to 1)."""
    default = max(weights.values(), default=1.0)
    whole = sum(weights.get(t, default) for t in item.themes)
    shared = sum(weights.get(t, default) for t in item.themes & passage.themes)
    return shared / whole if whole else 0.0


#: The kinds of passage that are a later list of weaknesses or next steps: the best one of a
#: document is suggested beside the document's best passage, on a lower bar of wording.
LIST_KINDS = (
    FindingKind.AREA_FOR_IMPROVEMENT,
    FindingKind.AREA_FOR_PRIORITY_ACTION,
    FindingKind.NEXT_STEP,
)
#: The best item of a later list is suggested (for staff to review) from this probability: a
#: later list naming the weakness again is the clearest sign of where it stands, and often
#: says it in few shared words.
MIN_LIST_SCORE = 0.1


class Okapi:
    """BM25 over the passages' words (not pairs): how much a passage speaks of an item's words,
    with long passages discounted."""

    K1 = 1.2
    B = 0.75

    def __init__(self, passages: Sequence[Passage]):
        frequency: Counter[str] = Counter()
        lengths = 0
        for passage in passages:
            words = _unigrams(passage.text)
            lengths += len(words)
            frequency.update(set(words))
        self.documents = max(len(passages), 1)
        self.average = (lengths / self.documents) or 1.0
        self.idf = {
            word: math.log(1 + (self.documents - n + 0.5) / (n + 0.5))
            for word, n in frequency.items()
        }

    def score(self, item_words: frozenset[str], passage_text: str) -> float:
        counts = Counter(_unigrams(passage_text))
        length = sum(counts.values())
        norm = self.K1 * (1 - self.B + self.B * length / self.average)
        return sum(
            self.idf.get(word, 0.0) * counts[word] * (self.K1 + 1) / (counts[word] + norm)
            for word in item_words
            if word in counts
        )


def _unigrams(text: str) -> list[str]:
    return [t for t in terms(text) if " " not in t]


#: A later passage that speaks of the previous inspection's or visit's points as a whole
#: ("the areas for improvement identified at the last inspection have been addressed").
GENERAL = re.compile(
    r"\b(?:areas?|points?|recommendations?|weakness(?:es)?|shortfalls?|concerns?) "
    r"(?:for (?:improvement|development|priority action) )?(?:that were |which were )?"
    r"(?:identified|raised|highlighted|made|found|set out)(?: \w+){0,3} (?:at|in|during|by) "
    r"(?:the|our|its) (?:last|previous|prior|earlier|\w+ \d{4}|\d{4}) (?:\w+ )?"
    r"(?:inspection|visit)",
    re.IGNORECASE,
)


def speaks_generally(passage: Passage) -> bool:
    return passage.kind != PARAGRAPH and bool(GENERAL.search(passage.text))


#: Wider than ``GENERAL``, and not ranked: other ways a later report speaks of the last
#: inspection's points together ("leaders have responded effectively to all the identified
#: areas for improvement", "some known practice shortfalls", "areas for development identified
#: at previous inspections", "weaknesses identified at a focused visit in February 2024").
LAST_POINTS = re.compile(
    r"\b(?:areas?|points?|recommendations?|weakness(?:es)?|shortfalls?|concerns?) "
    r"(?:for (?:improvement|development|priority action),? )?(?:that were |which were )?"
    r"(?:identified|raised|highlighted|made|found|set out)(?: \w+){0,3} (?:at|in|during|by) "
    r"(?:(?:the|our|its|a|an) )?(?:last|previous|prior|earlier|\w+ \d{4}|\d{4}|focused|"
    r"monitoring)(?: [\w-]+){0,3} (?:inspections?|visits?)|"
    r"\b(?:identified|known|previous|earlier) (?:\w+ )?(?:areas? for (?:improvement|development)|"
    r"weakness(?:es)?|shortfalls?)|"
    r"\b(?:addressed|responded \w+ to|aware of|tackled|actioned) (?:all |most |some )?(?:of )?"
    r"the areas? for (?:improvement|development)|"
    r"\b(?:areas? for (?:improvement|development)|recommendations?) (?:from|of|at) (?:the|its) "
    r"(?:last|previous|prior) (?:inspection|visit)",
    re.IGNORECASE,
)
#: Sections of a report on the service as a whole: a passage of theirs that looks back at the
#: last inspection ("Since the last inspection in 2016, the quality of services has not been
#: maintained") speaks of every point it made.
OVERALL_SECTION = re.compile(r"^summary$|overall effectiveness|impact of leaders", re.IGNORECASE)
#: Such passages share no words with any one point, so the model, which learned from shared
#: words, cannot score them: they are suggested for staff to review at this token score, under
#: every threshold (last in the admin's order), and never shown until staff confirm them. By the
#: labelled set's reading they speak of each point only *partly*.
REVIEW_ONLY_SCORE = 0.01


def speaks_of_last_points(passage: Passage) -> bool:
    """Whether a later report's passage speaks of the last inspection's points together, in
    more ways than ``speaks_generally`` reads."""
    if passage.kind == PARAGRAPH:
        return False
    if LAST_POINTS.search(passage.text):
        return True
    return bool(
        OVERALL_SECTION.search(passage.section) and ranking.LOOKS_BACK.search(passage.text)
    )


def last_report_before(passages: Sequence[Passage], indices: Iterable[int]) -> dict:
    """For each passage of ``indices``, the date of the latest full inspection report before
    its document (None if there is none): "the last inspection's points" are that report's and
    those of the visits since; older reports' points were followed up by the report between."""
    reports = sorted(
        {p.when for p in passages if p.document_kind == DocumentKind.INSPECTION_REPORT}
    )
    return {
        i: max((when for when in reports if when < passages[i].when), default=None)
        for i in indices
    }


#: The pool the model ranks: pairs sharing a theme and some wording, or much wording, the
#: closest few of each later document (by the score before the model).
POOL_COSINE = 0.02
POOL_COSINE_WITHOUT_THEMES = 0.1
POOL_PER_DOCUMENT = 8


@dataclass
class Candidate:
    """One pair of the pool: the passage's index, its cosine and what the model reads."""

    index: int
    cosine: float
    pair: ranking.Pair
    vector: list[float] = field(default_factory=list)
    probability: float = 0.0
    general: bool = False  # the passage speaks of the last inspection's points as a whole


def candidates(items: Sequence[Item], passages: Sequence[Passage]):
    """For each item, the pool of later passages the model ranks, with their features:
    yields ``(item, item_vector, [Candidate, ...])``. ``passages`` must be deduplicated."""
    vectoriser = Vectoriser([i.text for i in items] + [p.text for p in passages])
    okapi = Okapi(passages)
    weights = theme_weights(passages)
    vectors = [vectoriser.vector(p.text) for p in passages]
    unigrams = [frozenset(_unigrams(p.text)) for p in passages]
    postings: dict[str, list[int]] = defaultdict(list)
    for index, vector in enumerate(vectors):
        for term in vector:
            postings[term].append(index)
    # A later passage on what became of the last inspection's points as a whole speaks of
    # each of them, in no words of theirs: it joins every earlier item's pool.
    general = [i for i, p in enumerate(passages) if speaks_generally(p)]
    general_set = set(general)
    looking_back = {i for i, p in enumerate(passages) if ranking.LOOKS_BACK.search(p.text)}
    for item in items:
        vector = vectoriser.vector(item.text)
        item_words = frozenset(_unigrams(item.text))
        item_weight = sum(vectoriser.idf.get(w, 1.0) for w in item_words) or 1.0
        dots: dict[int, float] = defaultdict(float)
        for term, weight in vector.items():
            for index in postings.get(term, ()):
                dots[index] += weight * vectors[index][term]
        by_document: dict[int, list[tuple[float, int, float]]] = defaultdict(list)
        for index, similarity in dots.items():
            passage = passages[index]
            if passage.when <= item.when or passage.document_id == item.document_id:
                continue
            shares = bool(item.themes & passage.themes)
            if similarity < (POOL_COSINE if shares else POOL_COSINE_WITHOUT_THEMES):
                continue
            overlap = theme_overlap(item, passage, weights)
            baseline = TEXT_WEIGHT * similarity + THEME_WEIGHT * overlap
            by_document[passage.document_id].append((baseline, index, similarity))
        for found in by_document.values():
            found.sort(key=lambda c: (-c[0], c[1]))
            del found[POOL_PER_DOCUMENT:]
        pooled = {index for found in by_document.values() for _, index, _ in found}
        for index in general:
            passage = passages[index]
            if (
                passage.when > item.when
                and passage.document_id != item.document_id
                and index not in pooled
            ):
                similarity = dots.get(index, 0.0)
                overlap = theme_overlap(item, passage, weights)
                baseline = TEXT_WEIGHT * similarity + THEME_WEIGHT * overlap
                by_document[passage.document_id].append((baseline, index, similarity))
        pool = []
        for found in by_document.values():
            for _, index, similarity in found:
                passage = passages[index]
                shared = item_words & unigrams[index]
                pairs = {t for t in vector if " " in t} & vectors[index].keys()
                pool.append(
                    Candidate(
                        index=index,
                        cosine=similarity,
                        general=index in general_set,
                        pair=ranking.Pair(
                            cosine=similarity,
                            theme_overlap=theme_overlap(item, passage, weights),
                            shares_theme=bool(item.themes & passage.themes),
                            item_themes=len(item.themes),
                            bm25=okapi.score(item_words, passage.text),
                            coverage=sum(vectoriser.idf.get(w, 1.0) for w in shared) / item_weight,
                            rarest_shared=max(
                                (vectoriser.idf.get(w, 1.0) for w in shared), default=0.0
                            ),
                            shared_words=len(shared),
                            shared_pairs=len(pairs),
                            passage_words=len(passage.text.split()),
                            looks_back=index in looking_back,
                            years_later=(passage.when - item.when).days / 365.25,
                            passage_kind=passage.kind,
                            document_kind=passage.document_kind,
                            document_id=passage.document_id,
                        ),
                    )
                )
        for candidate, features in zip(
            pool, ranking.features([c.pair for c in pool]), strict=True
        ):
            candidate.vector = features
        yield item, vector, pool, vectors


def suggest(
    items: Sequence[Item],
    passages: Iterable[Passage],
    *,
    document_id: int | None = None,
    model: ranking.Model | None = None,
) -> list[Suggestion]:
    """Every suggestion for ``items`` among ``passages`` of later documents, best first per item.

    A passage is later when its document's date is after the item's. The pool of each item
    (``candidates``) is ranked by the model's probability that the passage speaks of the item,
    which is the suggestion's score. Per later document the best passage is kept, the next
    ones while they score nearly as well (up to ``PER_DOCUMENT``), and the best item of the
    document's list of what needs to improve or next steps; none under ``MIN_SCORE``.

    With ``document_id``, only the suggestions that involve that document are returned: its
    passages for every earlier item, and every later passage for its items (what a new
    document changes). They are the same as a full run's.
    """
    model = model or ranking.model()
    passages = _dedupe(passages)
    wide = [
        i for i, p in enumerate(passages) if speaks_of_last_points(p) and not speaks_generally(p)
    ]
    last_report = last_report_before(passages, wide)
    wide_documents = {passages[i].document_id for i in wide}
    suggestions = []
    for item, vector, pool, vectors in candidates(items, passages):
        involved = document_id is None or item.document_id == document_id
        if (
            not involved
            and all(passages[c.index].document_id != document_id for c in pool)
            and document_id not in wide_documents
        ):
            continue
        taken = set()
        by_document: dict[int, list[Candidate]] = defaultdict(list)
        for candidate in pool:
            candidate.probability = model.probability(candidate.vector)
            by_document[passages[candidate.index].document_id].append(candidate)
        for later, found in by_document.items():
            if document_id is not None and document_id not in (item.document_id, later):
                continue
            found.sort(key=lambda c: (-c.probability, c.index))
            top = found[0].probability
            chosen = [
                c
                for rank, c in enumerate(found[:PER_DOCUMENT])
                if c.probability >= MIN_SCORE
                and (rank == 0 or c.probability >= SECOND_PASSAGE_RATIO * top)
            ]
            listed = next(
                (
                    c
                    for c in found
                    if passages[c.index].kind in LIST_KINDS and c.probability >= MIN_LIST_SCORE
                ),
                None,
            )
            if listed and listed not in chosen:
                chosen.append(listed)
            # For staff to review, and shown only if they score well: what the later document
            # says of the last inspection's points as a whole.
            chosen += [c for c in found if c not in chosen and c.general]
            for candidate in chosen:
                passage = passages[candidate.index]
                taken.add(candidate.index)
                suggestions.append(
                    Suggestion(
                        item=item,
                        passage=passage,
                        score=round(candidate.probability, 4),
                        cosine=candidate.cosine,
                        shared_themes=tuple(sorted(item.themes & passage.themes)),
                        shared_terms=explaining_terms(vector, vectors[candidate.index]),
                        assessment=assess(vector, passage),
                    )
                )
        for index in wide:
            passage = passages[index]
            since = last_report[index]
            if (
                index in taken
                or passage.when <= item.when
                or passage.document_id == item.document_id
                or (since is not None and item.when < since)
                or (
                    document_id is not None
                    and document_id not in (item.document_id, passage.document_id)
                )
            ):
                continue
            suggestions.append(
                Suggestion(
                    item=item,
                    passage=passage,
                    score=REVIEW_ONLY_SCORE,
                    cosine=cosine(vector, vectors[index]),
                    shared_themes=tuple(sorted(item.themes & passage.themes)),
                    shared_terms=explaining_terms(vector, vectors[index]),
                    assessment=assess(vector, passage),
                )
            )
    suggestions.sort(key=lambda s: (s.item.id, -s.score, s.passage.when))
    return suggestions


# ---------------------------------------------------------------------------------------
# Paragraphs of free-form documents

_BLOCK_BREAK = re.compile(
    r"\n\s*\n|\n(?=\s*(?:[-•*]\s+|\d+(?:\.\d+)+\s|[ivx]+\.\s|\|))"  # a table row: its own
)
#: A table's rule line ("|---|:---|").
_TABLE_RULE = re.compile(r"^[\s|:\-]+$")
_LEADING_NUMBER = re.compile(r"^(?:[-•*]\s*)?(?:\d+(?:\.\d+)*\.?|[ivx]+\.)\s+", re.IGNORECASE)
_MARKUP = re.compile(r"[*_#>]+")
MIN_PARAGRAPH_WORDS = 12
#: A row of an action plan is short, but its rating makes it worth following.
MIN_RATED_ROW_WORDS = 5


def paragraphs(text: str) -> list[str]:
    """The paragraphs of one page of a free-form document (a committee paper), without list
    numbering or Markdown emphasis; headings and short lines are dropped."""
    found = []
    for block in _BLOCK_BREAK.split(text):
        if _TABLE_RULE.match(block):
            continue
        clean = _MARKUP.sub("", " ".join(block.split()))
        if clean.startswith("|"):  # a table row: its cells, the first (a number) dropped
            clean = " | ".join(cell.strip() for cell in clean.strip("| ").split("|"))
        clean = _LEADING_NUMBER.sub("", clean.strip()).strip(" |")
        words = len(clean.split())
        if words >= MIN_PARAGRAPH_WORDS or (words >= MIN_RATED_ROW_WORDS and rag_rating(clean)):
            found.append(clean)
    return found

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
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

from inspections.codes import FindingKind

from .themes import normalise

TEXT_WEIGHT = 0.7
THEME_WEIGHT = 0.3
#: Below this score a passage is not suggested at all.
MIN_SCORE = 0.2
#: A passage sharing no theme with the item must be this close in wording instead.
MIN_COSINE_WITHOUT_THEMES = 0.25
#: And one sharing themes must still share some wording.
MIN_COSINE = 0.08
#: At most this many passages of one later document are suggested for an item; a second one
#: only when it scores nearly as well as the first.
PER_DOCUMENT = 2
SECOND_PASSAGE_RATIO = 0.8
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
    r"\bno longer (?:a concern|an issue|the case|a problem)\b",
    r"\bfully (?:addressed|resolved|implemented|embedded)\b",
)
STASIS_CUES = _cues(
    r"\b(?:no|little|limited|insufficient|slow|poor|minimal) progress\b",
    r"\b(?:off|not on) track\b",
    r"\bprogress (?:has been|is|was) (?:too )?(?:slow|limited|insufficient)\b",
    r"\b(?:has|have) not (?:yet )?(?:been )?(?:improved|addressed|resolved|progressed)\b",
    r"\bnot (?:yet )?(?:been )?(?:addressed|resolved|implemented)\b",
    r"\bremains? (?:inadequate|poor|weak|a concern|an area|too|unchanged|underdeveloped)\b",
    r"\bcontinues? to be (?:a concern|weak|poor|inconsistent|variable|an area)\b",
    r"\bdeteriorat",
    r"\bhas declined\b|\bhave declined\b",
)
NEGATIVE_CUES = _cues(
    r"\bnot (?:always|consistently|yet|sufficiently|routinely|fully|effective|timely|robust|"
    r"clear|good|well|regular|enough|in place|sustainable)\b",
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
    r"\bconcerns? (?:about|regarding|remain)\b",
    r"\brequires? (?:further )?(?:work|improvement|attention|strengthening|development)\b",
    r"\b(?:requires?|required|needs?|needed|need for|is|are) further (?:work|development|"
    r"improvement|action|progress)\b",
    r"\bfurther (?:work|development|improvement|action) (?:is|are) (?:required|needed)\b",
    r"\bmore (?:work|to do)\b",
    r"\bneeds? (?:to (?:improve|be improved|be strengthened|be better)|strengthening|improving)",
    r"\bareas? (?:for|of) (?:improvement|development)\b",
    r"\bunsustainable\b",
    r"\bunsuitable\b|\bunsafe\b|\binadequate\b|\bunderdeveloped\b|\bineffective\b",
    r"\bmissed opportunit",
    r"\bfail(?:s|ed|ing|ure)?\b",
    r"\bless (?:effective|robust|consistent)\b",
    r"\bstill\b",
    r"\bwill be taken forward\b|\baction plan will\b",
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
)
#: Phrases whose negative word means something good ("without delay"), read as praise.
_NOT_NEGATIVE = re.compile(
    r"\b(?:without (?:undue |any )?delay|no (?:undue )?delays?|no gaps?|"
    r"not (?:have|had) to wait|not in (?:education|employment|training)"
    r"(?:,? (?:(?:or|and) )?(?:education|employment|training)){1,2})\b",
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
_CONTRAST = re.compile(
    r",?\s+\b(?:but|however|although|though|whilst|while|yet|despite)\b,?\s+|^however\b,?\s+",
    re.IGNORECASE,
)
_LEADING_CONTRAST = re.compile(r"^(?:despite|although|though|whilst|while)\s+", re.IGNORECASE)


def clauses(text: str) -> list[str]:
    """Sentences, then the parts either side of a contrast ("..., but ...", "Despite ...,")."""
    found = []
    for sentence in _SENTENCE.split(normalise(text)):
        leading = _LEADING_CONTRAST.match(sentence)
        if leading and "," in sentence:
            # "Despite X, Y": X and Y are the two sides.
            head, tail = sentence[leading.end() :].split(",", 1)
            pieces = [head, tail]
        else:
            pieces = [sentence]
        for piece in pieces:
            parts = [p.strip(" ,;") for p in _CONTRAST.split(piece)]
            found.extend(p for p in parts if len(p.split()) >= 3)
    return found or [normalise(text)]


def polarity(clause: str) -> str:
    """What a clause says: a status from the cue lists, strongest first."""
    clause = _NOT_NEGATIVE.sub("promptly", clause)
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


def assess(item_vector: dict[str, float], passage: Passage) -> Assessment:
    """The status the later passage suggests for the item, the rule that gave it, and the
    clause it was read from.

    The clauses are ranked by the weight of the item's terms they share; the first of the two
    most relevant that says something (praise, weakness, stasis) decides.
    """
    ranked = sorted(
        (
            (sum(item_vector.get(t, 0.0) for t in set(terms(c))), -n, c)
            for n, c in enumerate(clauses(passage.text))
        ),
        reverse=True,
    )
    clause = ranked[0][2]
    if passage.kind in RECURRING_KINDS:
        return Assessment(Status.RECURRING, RECURRING_KINDS[passage.kind], clause)
    if RESTATING_SECTION.search(passage.section):
        return Assessment(Status.NOTED, "restated as a concern the later visit looked at", clause)
    if passage.kind == PARAGRAPH:
        rated = rag_rating(passage.text)
        if rated is not None:
            return rated  # the council's own rating of the action outranks its wording
    status = Status.NOTED
    best_weight = ranked[0][0]
    for weight, _, candidate in ranked[:2]:
        if weight < best_weight / 2:
            break
        status = polarity(candidate)
        if status != Status.NOTED:
            clause = candidate
            break
    if passage.kind == FindingKind.NEXT_STEP:
        if status in (Status.RECURRING, Status.NO_PROGRESS):
            return Assessment(
                Status.RECURRING, "the council's next steps name it as needing more work", clause
            )
        return Assessment(Status.NOTED, "the council's next steps mention it", clause)
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
MIN_LIST_COSINE = 0.02


def suggest(
    items: Sequence[Item], passages: Iterable[Passage], *, document_id: int | None = None
) -> list[Suggestion]:
    """Every suggestion for ``items`` among ``passages`` of later documents, best first per item.

    A passage is later when its document's date is after the item's. Per later document the
    best passage is kept (a second one if it scores nearly as well, and the best item of the
    document's list of what needs to improve or next steps); a passage must share a theme and
    some wording with the item, or much wording.

    With ``document_id``, only the suggestions that involve that document are made: its
    passages for every earlier item, and every later passage for its items (what a new
    document changes). Word weights still come from every text given.
    """
    passages = _dedupe(passages)
    vectoriser = Vectoriser([i.text for i in items] + [p.text for p in passages])
    weights = theme_weights(passages)
    vectors: dict[int, dict[str, float]] = {}

    def passage_vector(index: int) -> dict[str, float]:
        if index not in vectors:
            vectors[index] = vectoriser.vector(passages[index].text)
        return vectors[index]

    # Full runs look candidates up by shared term; a run for one new document compares the
    # earlier items with that document's few passages directly.
    postings: dict[str, list[int]] = defaultdict(list)
    own = [i for i, p in enumerate(passages) if p.document_id == document_id]
    if document_id is None or any(item.document_id == document_id for item in items):
        for index in range(len(passages)):
            for term in passage_vector(index):
                postings[term].append(index)

    suggestions = []
    for item in items:
        if document_id is not None and item.document_id != document_id and not own:
            continue
        vector = vectoriser.vector(item.text)
        dots: dict[int, float] = defaultdict(float)
        if document_id is None or item.document_id == document_id:
            for term, weight in vector.items():
                for index in postings.get(term, ()):
                    dots[index] += weight * vectors[index][term]
        else:
            for index in own:
                dots[index] = cosine(vector, passage_vector(index))
        by_document: dict[int, list[tuple[float, float, int]]] = defaultdict(list)
        for index, similarity in dots.items():
            passage = passages[index]
            if passage.when <= item.when or passage.document_id == item.document_id:
                continue
            shared = item.themes & passage.themes
            floor = MIN_LIST_COSINE if passage.kind in LIST_KINDS else MIN_COSINE
            if (shared and similarity < floor) or (
                not shared and similarity < MIN_COSINE_WITHOUT_THEMES
            ):
                continue
            score = TEXT_WEIGHT * similarity + THEME_WEIGHT * theme_overlap(item, passage, weights)
            if score >= MIN_SCORE:
                by_document[passage.document_id].append((score, similarity, index))
        for candidates in by_document.values():
            candidates.sort(key=lambda c: (-c[0], c[2]))
            top = candidates[0][0]
            chosen = [
                c
                for rank, c in enumerate(candidates[:PER_DOCUMENT])
                if rank == 0 or c[0] >= SECOND_PASSAGE_RATIO * top
            ]
            listed = next((c for c in candidates if passages[c[2]].kind in LIST_KINDS), None)
            if listed and listed not in chosen:
                chosen.append(listed)
            for score, similarity, index in chosen:
                passage = passages[index]
                suggestions.append(
                    Suggestion(
                        item=item,
                        passage=passage,
                        score=round(score, 4),
                        cosine=similarity,
                        shared_themes=tuple(sorted(item.themes & passage.themes)),
                        shared_terms=explaining_terms(vector, passage_vector(index)),
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

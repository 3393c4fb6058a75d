"""How likely a later passage is to speak of a recommendation: features of the pair, and a small
model fitted on the tuning part of the labelled set that turns them into a probability.

Pure Python, no ORM. ``followups.suggest`` gathers a pool of candidates by wording and themes,
describes each pair with ``features``, and ranks them by ``Model.probability``; the probability
is the score a suggestion carries, and the public trail shows only those that reach
``followups.SHOWN_SCORE``. The model is a file the project owns (``findings/labels/ranker.json``),
written by ``manage.py train_followups`` from the labelled pairs (``findings/training.py``); it
is either a logistic regression or a sum of small decision trees (gradient boosting), both
evaluated here without any library.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from inspections.codes import DocumentKind, FindingKind

MODEL_PATH = Path(__file__).resolve().parent / "labels" / "ranker.json"

#: The later document's own words that it looks back at an earlier inspection or its
#: recommendations ("since the last inspection", "at the focused visit in 2021").
LOOKS_BACK = re.compile(
    r"\b(?:last|previous|prior|earlier) (?:inspection|visit|focused visit|monitoring visit|"
    r"ilacs|jtai)|\bsince the (?:last|previous|\w+ (?:inspection|visit))|"
    r"\bat the (?:focused|monitoring) visit|"
    r"\bareas? for (?:improvement|development|priority action) (?:identified|highlighted|raised)|"
    r"\brecommendations? (?:made|from|of) ",
    re.IGNORECASE,
)

PASSAGE_KINDS = (
    FindingKind.AREA_FOR_IMPROVEMENT,
    FindingKind.AREA_FOR_PRIORITY_ACTION,
    FindingKind.NEXT_STEP,
    FindingKind.RECOMMENDATION,
    FindingKind.FINDING,
    FindingKind.STRENGTH,
    "paragraph",
)
DOCUMENT_KINDS = tuple(DocumentKind.values)

#: The features of a pair, in the order a model reads them.
FEATURES = (
    "cosine",  # TF-IDF cosine of the two texts
    "theme_overlap",  # the weighted share of the item's themes the passage has
    "shares_theme",
    "item_themes",  # how many themes the item has
    "bm25",  # BM25 of the passage for the item's words, over the best of the item's pool
    "coverage",  # the IDF-weighted share of the item's words the passage has
    "rarest_shared",  # the IDF of the rarest word both have
    "shared_words",
    "shared_pairs",  # neighbouring word pairs both have ("front door")
    "passage_length",  # log of the passage's words
    "looks_back",  # the passage speaks of the last inspection or visit
    "years_later",
    "rank_in_document",  # 0 for the passage of its document closest in wording to the item
    "cosine_in_document",  # cosine over the best cosine in the same document
    "cosine_for_item",  # cosine over the best cosine among all the item's candidates
    "coverage_for_item",  # coverage over the best coverage among the item's candidates
    "baseline",  # 0.7 cosine + 0.3 theme overlap: the score before the model
    *(f"passage_{kind}" for kind in PASSAGE_KINDS),
    *(f"document_{kind}" for kind in DOCUMENT_KINDS),
)
#: Counts are capped so that one long passage does not dominate a linear model.
CAPS = {"shared_words": 10.0, "shared_pairs": 10.0, "rank_in_document": 5.0, "years_later": 10.0}


@dataclass
class Pair:
    """What ``followups`` knows of one candidate pair before the within-item features."""

    cosine: float
    theme_overlap: float
    shares_theme: bool
    item_themes: int
    bm25: float
    coverage: float
    rarest_shared: float
    shared_words: int
    shared_pairs: int
    passage_words: int
    looks_back: bool
    years_later: float
    passage_kind: str
    document_kind: str
    document_id: int


def features(pairs: list[Pair]) -> list[list[float]]:
    """The feature vectors of one item's candidate pairs (all of them, for the features that
    compare a pair with the item's other candidates)."""
    if not pairs:
        return []
    best_bm25 = max(p.bm25 for p in pairs) or 1.0
    best_cosine = max(p.cosine for p in pairs) or 1.0
    best_coverage = max(p.coverage for p in pairs) or 1.0
    by_document: dict[int, list[int]] = {}
    for index, pair in enumerate(pairs):
        by_document.setdefault(pair.document_id, []).append(index)
    rank, document_best = [0] * len(pairs), [1.0] * len(pairs)
    for indexes in by_document.values():
        indexes.sort(key=lambda i: -pairs[i].cosine)
        top = pairs[indexes[0]].cosine or 1.0
        for position, index in enumerate(indexes):
            rank[index], document_best[index] = position, top
    vectors = []
    for index, p in enumerate(pairs):
        values = {
            "cosine": p.cosine,
            "theme_overlap": p.theme_overlap,
            "shares_theme": float(p.shares_theme),
            "item_themes": float(p.item_themes),
            "bm25": p.bm25 / best_bm25,
            "coverage": p.coverage,
            "rarest_shared": p.rarest_shared,
            "shared_words": float(p.shared_words),
            "shared_pairs": float(p.shared_pairs),
            "passage_length": math.log1p(p.passage_words),
            "looks_back": float(p.looks_back),
            "years_later": p.years_later,
            "rank_in_document": float(rank[index]),
            "cosine_in_document": p.cosine / document_best[index],
            "cosine_for_item": p.cosine / best_cosine,
            "coverage_for_item": p.coverage / best_coverage,
            "baseline": 0.7 * p.cosine + 0.3 * p.theme_overlap,
        }
        for kind in PASSAGE_KINDS:
            values[f"passage_{kind}"] = float(p.passage_kind == kind)
        for kind in DOCUMENT_KINDS:
            values[f"document_{kind}"] = float(p.document_kind == kind)
        vectors.append([min(values[name], CAPS.get(name, math.inf)) for name in FEATURES])
    return vectors


class Model:
    """A fitted model read from its JSON file: ``probability(vector)`` in 0..1.

    ``{"kind": "logistic", "features": [...], "intercept": b, "coefficients": [...]}``, or
    ``{"kind": "trees", "features": [...], "intercept": b, "learning_rate": r, "trees": [...]}``
    where each tree is ``{"feature": [...], "threshold": [...], "left": [...], "right":
    [...], "value": [...]}`` (a leaf has feature -1), as scikit-learn's gradient boosting
    stores them.
    """

    def __init__(self, spec: dict):
        if list(spec.get("features", ())) != list(FEATURES):
            raise ValueError("the model was fitted on other features: retrain it")
        self.spec = spec
        self.kind = spec["kind"]
        if self.kind not in ("logistic", "trees"):
            raise ValueError(f"unknown model kind {self.kind!r}")
        if self.kind == "trees":
            self._compiled = _compile(spec)

    def raw(self, vector: list[float]) -> float:
        spec = self.spec
        if self.kind == "logistic":
            return spec["intercept"] + sum(
                c * x for c, x in zip(spec["coefficients"], vector, strict=True)
            )
        return self._compiled(vector)

    def probability(self, vector: list[float]) -> float:
        raw = self.raw(vector)
        if raw < -30:
            return 0.0
        return 1.0 / (1.0 + math.exp(-raw))

    def about(self) -> str:
        return self.spec.get("about", "")


def _compile(spec: dict):
    """The trees as one Python function of nested comparisons: the ranker scores every pair of
    every pool, and walking the JSON lists node by node was most of its time. Only numbers
    from the file reach the source (each through int() or float()), never its text."""
    rate = float(spec["learning_rate"])
    lines = ["def raw(x):", f"    total = {float(spec['intercept'])!r}"]

    def node(tree, index, depth):
        pad = "    " * depth
        feature = int(tree["feature"][index])
        if feature < 0:
            lines.append(f"{pad}total += {rate * float(tree['value'][index])!r}")
            return
        lines.append(f"{pad}if x[{feature}] <= {float(tree['threshold'][index])!r}:")
        node(tree, int(tree["left"][index]), depth + 1)
        lines.append(f"{pad}else:")
        node(tree, int(tree["right"][index]), depth + 1)

    for tree in spec["trees"]:
        node(tree, 0, 1)
    lines.append("    return total")
    namespace: dict = {}
    exec(compile("\n".join(lines), "<ranker>", "exec"), namespace)
    return namespace["raw"]


@cache
def model(path: Path = MODEL_PATH) -> Model:
    """The project's fitted model, read once."""
    return Model(json.loads(path.read_text(encoding="utf-8")))

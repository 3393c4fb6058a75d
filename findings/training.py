"""Fitting the follow-up ranker (``ranking.Model``) on the tuning part of the labelled set.

Reads a database with the corpus ingested: for every authority of the labelled set, the same
items and passages ``suggest_follow_ups`` reads, the same pool of candidates ``followups.suggest``
ranks, and for each pair of the pool the label a careful reader gave it — *right* is a positive
example; *wrong* is a negative one, and so is any passage of a later document that was read
whole for a recommendation (``followups_recall.csv``) and not listed as speaking of it. Pairs
nobody judged are left out. The fit itself needs scikit-learn (a dev dependency); the model is
written as plain JSON that ``ranking.Model`` evaluates without it.
"""

from __future__ import annotations

import datetime
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from authorities.models import Authority

from . import followups, ranking
from .measurement import Label, Passage, find_recommendation, read_labels, read_recall
from .services import gather


@dataclass
class Examples:
    vectors: list[list[float]] = field(default_factory=list)
    targets: list[int] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)  # by judgement
    authorities: set = field(default_factory=set)


def examples(
    labels: list[Label], recall: dict[Passage, set[str]], *, part: str = "tune", partly=None
) -> Examples:
    """The pool pairs of ``part``'s labelled recommendations with their targets. ``partly``
    is the target a *partly* judgement gets (None: left out)."""
    by_recommendation: dict[Passage, list[Label]] = defaultdict(list)
    for label in labels:
        if part in (label.part, "all"):
            by_recommendation[label.recommendation].append(label)
    by_authority: dict[str, list[Passage]] = defaultdict(list)
    for passage, its_labels in by_recommendation.items():
        by_authority[its_labels[0].authority].append(passage)
    found = Examples()
    for slug, recommendations in sorted(by_authority.items()):
        authority = Authority.objects.filter(slug=slug).first()
        if authority is None:
            continue
        inputs = gather(authority)
        sha256 = {pk: document.sha256 for pk, document in inputs.documents.items()}
        wanted = {}
        for recommendation in recommendations:
            finding = find_recommendation(recommendation)
            if finding is not None:
                wanted[finding.pk] = recommendation
        if not wanted:
            continue
        found.authorities.add(slug)
        passages = followups._dedupe(inputs.passages)
        for item, _, pool, _ in followups.candidates(inputs.items, passages):
            recommendation = wanted.get(item.id)
            if recommendation is None:
                continue
            its_labels = by_recommendation[recommendation]
            read = recall.get(recommendation, set())
            for candidate in pool:
                passage = passages[candidate.index]
                sha = sha256[passage.document_id]
                label = next(
                    (lb for lb in its_labels if lb.later.matches(sha, passage.page, passage.text)),
                    None,
                )
                judged = label.link if label else ("wrong" if sha in read else None)
                if judged is None:
                    continue
                target = {"right": 1, "wrong": 0}.get(judged, partly)
                if target is None:
                    continue
                found.vectors.append(candidate.vector)
                found.targets.append(target)
                found.counts[judged if label else "wrong (read, not listed)"] += 1
    return found


#: What ``train_followups`` fits unless told otherwise: small trees, many examples a leaf, so
#: that the model generalises beyond the authorities it was fitted on.
TREES = {"n_estimators": 120, "max_depth": 2, "learning_rate": 0.05, "min_samples_leaf": 20}


def fitted_estimator(found: Examples, *, kind: str = "trees", seed: int = 17):
    """scikit-learn's estimator fitted on ``found`` (needs scikit-learn)."""
    try:
        from sklearn.ensemble import GradientBoostingClassifier
        from sklearn.linear_model import LogisticRegression
    except ImportError as exc:  # pragma: no cover - the dev extras install it
        raise RuntimeError(
            "fitting the ranker needs scikit-learn: pip install -e '.[dev]'"
        ) from exc
    if len(set(found.targets)) < 2:
        raise ValueError("the examples need both right and wrong pairs to fit a model")
    if kind == "logistic":
        estimator = LogisticRegression(C=1.0, max_iter=5000)
    else:
        estimator = GradientBoostingClassifier(random_state=seed, subsample=0.8, **TREES)
    return estimator.fit(found.vectors, found.targets)


def fit(found: Examples, *, kind: str = "trees", seed: int = 17) -> dict:
    """The model's JSON specification, fitted on ``found`` (needs scikit-learn)."""
    fitted = fitted_estimator(found, kind=kind, seed=seed)
    about = (
        f"fitted {datetime.date.today().isoformat()} on {len(found.targets)} judged pairs "
        f"({', '.join(f'{n} {k}' for k, n in sorted(found.counts.items()))}) of "
        f"{len(found.authorities)} authorities"
    )
    if kind == "logistic":
        return {
            "kind": "logistic",
            "about": about,
            "features": list(ranking.FEATURES),
            "intercept": float(fitted.intercept_[0]),
            "coefficients": [float(c) for c in fitted.coef_[0]],
        }
    trees = []
    for (estimator,) in fitted.estimators_:
        tree = estimator.tree_
        trees.append(
            {
                "feature": [int(f) for f in tree.feature],
                "threshold": [float(t) for t in tree.threshold],
                "left": [int(n) for n in tree.children_left],
                "right": [int(n) for n in tree.children_right],
                "value": [float(v[0][0]) for v in tree.value],
            }
        )
    spec = {
        "kind": "trees",
        "about": about + f"; gradient boosting {TREES}",
        "features": list(ranking.FEATURES),
        "learning_rate": TREES["learning_rate"],
        "trees": trees,
        "intercept": 0.0,
    }
    # The starting log-odds: what scikit-learn adds before the trees, read off one example.
    first = found.vectors[0]
    spec["intercept"] = float(fitted.decision_function([first])[0]) - ranking.Model(spec).raw(
        first
    )
    return spec


def train(*, kind: str = "trees", partly=None, part: str = "tune", output: Path | None = None):
    """Fit on ``part`` of the labelled set and write the model; returns (examples, spec)."""
    found = examples(read_labels(), read_recall(), part=part, partly=partly)
    spec = fit(found, kind=kind)
    path = output or ranking.MODEL_PATH
    path.write_text(json.dumps(spec, separators=(",", ":")) + "\n", encoding="utf-8")
    ranking.model.cache_clear()
    return found, spec

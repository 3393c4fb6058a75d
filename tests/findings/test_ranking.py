"""The follow-up ranker's JSON model gives the probabilities scikit-learn's fitted estimator
gives, for both kinds, and refuses a model fitted on other features."""

import json
import random

import pytest

from findings import ranking, training


def examples(n=400, seed=3):
    """Pairs whose target depends on a few features, as the labelled set's do."""
    rng = random.Random(seed)
    found = training.Examples()
    for _ in range(n):
        vector = [rng.random() for _ in ranking.FEATURES]
        cosine, coverage = vector[0], vector[5]
        found.vectors.append(vector)
        found.targets.append(int(cosine + 0.5 * coverage + rng.gauss(0, 0.2) > 0.8))
        found.counts["right" if found.targets[-1] else "wrong"] += 1
    return found


@pytest.mark.parametrize("kind", ["trees", "logistic"])
def test_the_json_model_gives_scikit_learns_probabilities(kind, tmp_path):
    found = examples()
    estimator = training.fitted_estimator(found, kind=kind)
    spec = training.fit(found, kind=kind)
    path = tmp_path / "ranker.json"
    path.write_text(json.dumps(spec))
    model = ranking.Model(json.loads(path.read_text()))
    probe = examples(50, seed=4).vectors
    theirs = estimator.predict_proba(probe)[:, 1]
    ours = [model.probability(vector) for vector in probe]
    assert ours == pytest.approx(list(theirs), abs=1e-9)
    # It learned something: the right pairs score higher on the whole.
    right = [p for p, v in zip(ours, probe, strict=True) if v[0] + 0.5 * v[5] > 1.0]
    wrong = [p for p, v in zip(ours, probe, strict=True) if v[0] + 0.5 * v[5] < 0.6]
    assert min(right) > max(wrong)


def test_a_model_of_other_features_is_refused():
    spec = training.fit(examples(), kind="logistic")
    spec["features"] = spec["features"][:-1]
    with pytest.raises(ValueError, match="other features"):
        ranking.Model(spec)


def test_one_kind_of_example_cannot_be_fitted():
    found = examples()
    found.targets = [1] * len(found.targets)
    with pytest.raises(ValueError, match="both right and wrong"):
        training.fit(found)


def test_the_projects_model_reads_and_scores():
    model = ranking.model()
    probability = model.probability([0.0] * len(ranking.FEATURES))
    assert 0.0 <= probability <= 1.0
    assert "judged pairs" in model.about()

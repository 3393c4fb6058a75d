"""The theme tagger: its rules on real sentences, and its precision and recall on the
hand-labelled sample in tests/data/theme_labels.csv (docs/themes.md reports the figures)."""

import csv
from pathlib import Path

import pytest

from findings.themes import THEMES, THEMES_BY_SLUG, evaluate, tag

LABELS = Path(__file__).resolve().parent.parent / "data" / "theme_labels.csv"


def labelled(split=None):
    with LABELS.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [(r["text"], r["themes"].split()) for r in rows if split in (None, r["split"])]


def test_every_theme_has_a_unique_slug_name_and_description():
    assert len(THEMES_BY_SLUG) == len(THEMES)
    assert len({t.name for t in THEMES}) == len(THEMES)
    assert all(t.description for t in THEMES)


def test_the_kent_recommendations_get_their_themes():
    # Kent 2017 and 2019 (seeds and PDFs): the three links issue 6 names.
    assert "homelessness-16-17" in tag(
        "Ensure that homeless young people aged 16 and 17 years are aware of their right to "
        "become looked after, assessments of risk are completed and there is adequate "
        "accommodation to meet their needs."
    )
    assert "exploitation" in tag(
        "multi-agency action planning for vulnerable and exploited adolescents to ensure that "
        "this is outcome-focused, time limited and rigorously followed up"
    )
    assert set(
        tag(
            "initial front door decision-making, to ensure that triage decisions "
            "comprehensively consider and record the potential or likely risks to children"
        )
    ) == {"front-door"}


def test_tag_says_which_words_gave_each_theme():
    found = tag("Return home interviews are not always offered when children go missing.")
    assert set(found) == {"missing-children"}
    assert "return home interviews" in found["missing-children"]


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("Visits during school hours result in children missing lessons.", "missing-children"),
        ("Private fostering assessments are robust.", "fostering"),
        ("Seventeen care leavers were homeless last year.", "homelessness-16-17"),
        ("Parental mental health is a factor in many referrals to the MASH.", "health-wellbeing"),
    ],
)
def test_words_that_look_like_a_theme_but_are_not(text, absent):
    assert absent not in tag(text)


def test_a_hint_counts_alone_in_a_short_text_but_not_in_a_long_one():
    assert "partnership" in tag("Improve the attendance of partners at sub-groups.")
    long_text = (
        "Social workers visit children regularly and know them well. They write plans with "
        "families, review them often and make sure that children's circumstances improve. "
        "Managers oversee this work closely and help staff to reflect on it, and partners "
        "are kept informed of what happens next."
    )
    assert "partnership" not in tag(long_text)


def test_unknown_labels_are_refused():
    with pytest.raises(ValueError, match="unknown theme"):
        evaluate([("Some text.", ["not-a-theme"])])


def test_the_counts_add_up():
    scores = evaluate([("Return home interviews are late.", ["missing-children", "neglect"])])
    assert scores["missing-children"].true_positives == 1
    assert scores["neglect"].false_negatives == 1
    assert scores["all"].precision == 1.0
    assert scores["all"].recall == 0.5


def test_the_sample_is_labelled_in_two_halves():
    assert len(labelled("tuning")) == 115
    assert len(labelled("held_out")) == 115


def test_precision_and_recall_on_the_held_out_half_stay_at_their_measured_level():
    # Measured 0.76 and 0.88 (docs/themes.md); a change to the rules that loses much of
    # either fails here.
    total = evaluate(labelled("held_out"))["all"]
    assert total.precision >= 0.72
    assert total.recall >= 0.84

"""The second, blind reading of the labelled pairs' status (findings/labels/
followups_status_second.csv): it names pairs of the labelled set, and measure_followups can
count with it in place of the first reading, printing how far the two agree."""

from findings.measurement import (
    Label,
    Passage,
    _pair_key,
    read_labels,
    read_second_status,
    reading_agreement,
    with_second_status,
)

STATUSES = {"recurring", "progress", "noted", "no_progress", "resolved"}


def label(part: str, key: str, status: str, link: str = "right") -> Label:
    return Label(
        authority="kent",
        part=part,
        recommendation=Passage("a" * 64, 3, key),
        later=Passage("b" * 64, 7, key),
        link=link,
        status=status,
        found_by="suggested",
    )


def test_the_second_reading_replaces_only_the_pairs_it_read():
    labels = [label("tune", "one", "progress"), label("measure", "two", "recurring")]
    second = {_pair_key(labels[0]): "recurring"}
    changed = with_second_status(labels, second)
    assert [x.status for x in changed] == ["recurring", "recurring"]
    assert changed[1] == labels[1]
    assert [x.status for x in labels] == ["progress", "recurring"]  # the originals untouched


def test_agreement_is_counted_per_part_and_over_all():
    labels = [
        label("tune", "one", "progress"),
        label("tune", "two", "recurring"),
        label("measure", "three", "recurring"),
        label("measure", "four", "", link="wrong"),  # no status: not compared
    ]
    second = {
        _pair_key(labels[0]): "recurring",
        _pair_key(labels[1]): "recurring",
        _pair_key(labels[2]): "recurring",
        _pair_key(labels[3]): "progress",
    }
    counts = reading_agreement(labels, second)
    assert counts["tune"] == {"same": 1, "progress -> recurring": 1}
    assert counts["measure"] == {"same": 1}
    assert counts["all"] == {"same": 2, "progress -> recurring": 1}


def test_every_pair_of_the_second_reading_is_a_right_pair_of_the_labelled_set():
    labels = read_labels()
    by_key = {_pair_key(x): x for x in labels}
    second = read_second_status()
    assert len(second) >= 350
    assert set(second.values()) <= STATUSES
    for key in second:
        assert key in by_key, key
        assert by_key[key].link == "right" and by_key[key].status
    # The pairs judged right in both parts, as the set stood when it was read again (tune
    # pairs read later, for the status rules, were read once).
    read = [by_key[key] for key in second]
    assert {x.part for x in read} == {"tune", "measure"}
    measured = [x for x in labels if x.part == "measure" and x.link == "right" and x.status]
    assert {_pair_key(x) for x in measured} <= set(second)

"""The line patterns every parser shares (ingestion/text.py): what each takes and what not."""

import pytest

from ingestion.text import (
    BULLET_RE,
    NUMBERED_RE,
    PAPER_ITEM_RE,
    PARAGRAPH_NUMBER_RE,
    SENTENCE_NUMBER_RE,
    SUB_BULLET_RE,
    spaced_lines,
)
from ingestion.types import Page


@pytest.mark.parametrize(
    "line",
    [
        "\uf06e Children are seen",  # Wingdings, as pdfium gives Ofsted's template bullets
        "\uf0b7 Children are seen",
        "\uf0a7 Children are seen",
        "\uf02d improving information sharing",
        "◼ Children are seen",
        "■ Children are seen",
        "▪ Children are seen",
        "• Children are seen",
        "● Children are seen",
        "  - the quality of plans",  # the 2014 reports' sub-lists
        "\x83 Children are seen",  # one broken 2009 encoding
    ],
)
def test_a_bullet_line_opens_with_any_bullet_seen(line):
    match = BULLET_RE.match(line)
    assert match
    assert line[match.end() :][:1].isalpha()


@pytest.mark.parametrize("line", ["-2 degrees", "Children are seen", "1. In the MASH"])
def test_other_lines_are_not_bullets(line):
    assert not BULLET_RE.match(line)


@pytest.mark.parametrize(
    ("line", "number"),
    [
        ("1. In the MASH, social workers", 1),
        ("10.However, not all", 10),  # the PDF lost the space
        ("155.There is", 155),
        ("75. 10.2 per cent of children", 75),
        ("12. 'Front door' arrangements", 12),
    ],
)
def test_a_numbered_paragraph_opens_with_its_number(line, number):
    assert int(PARAGRAPH_NUMBER_RE.match(line)["number"]) == number


@pytest.mark.parametrize("line", ["2.5 million pounds", "1.children", "1000. The", "• 1. The"])
def test_a_figure_is_not_a_paragraph_number(line):
    assert not PARAGRAPH_NUMBER_RE.match(line)


def test_the_recaps_number_needs_a_space_and_their_sentences_may_keep_one_without():
    assert NUMBERED_RE.match("  3. The council")["number"] == "3"
    assert not NUMBERED_RE.match("3.The council")
    assert SENTENCE_NUMBER_RE.sub("", "3.The council") == "The council"
    assert SENTENCE_NUMBER_RE.sub("", "12. In 2017") == "In 2017"
    assert SENTENCE_NUMBER_RE.sub("", "2.5 million") == "2.5 million"


@pytest.mark.parametrize("line", ["\u0336 ensuring plans", "\uf02d ensuring plans", "– ensuring"])
def test_an_ilacs_sub_bullet(line):
    assert SUB_BULLET_RE.match(line)
    assert not SUB_BULLET_RE.match("ensuring plans")


@pytest.mark.parametrize(
    "line",
    ["• Good", "-Good", "◼ Good", "\uf0b7 Good", "(a) Good", "b) Good", "(iv) Good", "IV. Good"],
)
def test_a_committee_paper_item_is_marked_many_ways(line):
    assert PAPER_ITEM_RE.sub("", line) == "Good"


def test_a_committee_paper_item_is_not_a_plain_line():
    assert not PAPER_ITEM_RE.match("Good progress")


def test_spaced_lines_count_the_blank_lines_before_each_line():
    pages = (Page(1, "Title\n\nOne paragraph\nwrapped\n\n\nAnother\n1 A footnote"),)
    lines = spaced_lines(pages)
    assert [(line.text, line.gap) for line in lines] == [
        ("Title", 0),
        ("One paragraph", 1),
        ("wrapped", 0),
        ("Another", 2),
        ("1 A footnote", 0),
    ]
    # A page may stop before its end (at its footnotes, say).
    cut = spaced_lines(pages, page_end=lambda raw: raw.index("1 A footnote"))
    assert [line.text for line in cut][-1] == "Another"

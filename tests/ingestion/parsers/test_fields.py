"""The shared ways to a document's fields (ingestion/parsers/_fields.py), on short texts
written here: the addressees' council, the body's place, a line of dates alone, the labelled
dates, generic names, and the grades check."""

import datetime as dt

import pytest

from ingestion.parsers import _fields

D = dt.date


@pytest.mark.parametrize(
    "lines, council",
    [
        (
            [
                "12 May 2022",
                "Ms Jane Doe",
                "Director of Children's Services, London Borough of Croydon",
                "Bernard Weatherill House",
                "Dear Ms Doe",
            ],
            "London Borough of Croydon",
        ),
        (
            [
                "Collette O'Brien, Director of Children's Services, Liverpool City Council",
                "Howard Cooper, Chair of Liverpool LSCB",
                "Dear local partnership",
            ],
            "Liverpool City Council",
        ),
        (
            [
                "Mr X",
                "Director of Children's Services",
                "Kent County Council",
                "Sessions House",
                "Dear Mr X",
            ],
            "Kent County Council",
        ),
        (
            ["Mr X", "Director of Children's Services", "Royal Borough of Greenwich", "Dear Mr X"],
            "Royal Borough of Greenwich",
        ),
        # A council after "Dear" is the letter's body, not its addressees.
        (["Mr X", "Director of Children's Services", "Dear Mr X", "Kent County Council"], ""),
    ],
)
def test_council_in_addressees(lines, council):
    assert _fields.council_in_addressees(lines) == council


def test_authority_from_body_takes_the_place_that_stands_out():
    text = (
        "Children in Devon are safe. Many children in Devon wait too long. Some young "
        "people in Plymouth were placed out of area."
    )
    assert _fields.authority_from_body(text) == "Devon"
    assert _fields.authority_from_body("children in Devon and children in Plymouth") == ""
    assert _fields.authority_from_body("children in Care and children in Need") == ""


@pytest.mark.parametrize(
    "text, expected",
    [
        ("11 – 22 July 2022", True),
        ("30 September to 11 October 2024 and 13 to 16 January 2025", True),
        ("12/09/2016 to 06/10/2016", True),
        ("Inspection dates: 11 – 22 July 2022", False),
        ("Report published 12 June 2017", False),
        ("Kent County Council", False),
    ],
)
def test_is_date_line(text, expected):
    assert _fields.is_date_line(text) is expected


def test_labelled_dates_continue_on_the_next_line_but_not_into_the_next_label():
    assert _fields.labelled_dates(
        ["Inspection dates:", "3 to 5 June 2019", "Lead inspector: X"]
    ) == [(D(2019, 6, 3), D(2019, 6, 5))]
    assert _fields.labelled_dates(["Inspection date: 11 – 22 July 2022"]) == [
        (D(2022, 7, 11), D(2022, 7, 22))
    ]
    assert _fields.labelled_dates(["Inspection dates:", "Report published: 3 June 2019"]) == []


def test_generic_names_are_no_authority():
    assert _fields.is_named("local authority") == ""
    assert _fields.is_named("the local authority's children's services") == ""
    assert _fields.is_named("Kent County Council") == "Kent County Council"


def test_authority_records_the_way_or_the_problem():
    reading = _fields.Reading()
    name = _fields.authority(
        reading,
        (("title", lambda: ""), ("addressees", lambda: "Kent County Council")),
        where="on page 1",
    )
    assert name == "Kent County Council"
    assert reading.fields() == {"found_by": (("authority", "addressees"),), "problems": ()}
    reading = _fields.Reading()
    body = "children in Croydon and children in Sutton"
    assert _fields.authority(reading, (("title", lambda: ""),), where="on page 1", body=body) == ""
    assert reading.problems == [
        "authority not found on page 1; candidates: 'Croydon' (body), 'Sutton' (body)"
    ]


def test_check_grades_names_what_is_missing():
    reading = _fields.Reading()
    _fields.check_grades(reading, ["a", "b"], ["a", "b", "c", "d"], what="from page 1's table")
    assert reading.problems == ["2 of 4 judgements read from page 1's table; not found: c, d"]
    reading = _fields.Reading()
    _fields.check_grades(reading, ["a", "b", "x"], ["a", "b"], what="")
    assert reading.problems == []


def test_a_field_completed_by_several_ways_keeps_one_pair():
    reading = _fields.Reading()
    reading.found("judgements", "table")
    reading.found("dates", "dates line")
    reading.found("judgements", "headings")
    reading.found("judgements", "table")
    assert reading.fields()["found_by"] == (
        ("judgements", "table + headings"),
        ("dates", "dates line"),
    )

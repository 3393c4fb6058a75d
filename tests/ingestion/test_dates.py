"""The date spellings found in real Ofsted documents."""

import datetime

import pytest

from ingestion.dates import parse_date, parse_date_range, parse_period, parse_periods

D = datetime.date


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Inspection dates: 15 to 26 November 2018", (D(2018, 11, 15), D(2018, 11, 26))),
        ("28 February to 4 March 2019", (D(2019, 2, 28), D(2019, 3, 4))),
        ("11 September 2017 to 5 October 2017", (D(2017, 9, 11), D(2017, 10, 5))),
        ("19 November–30 November 2018", (D(2018, 11, 19), D(2018, 11, 30))),
        ("Inspection dates: 8 – 12 July 2013", (D(2013, 7, 8), D(2013, 7, 12))),
        ("the focused visit on 14 and 15 January 2019", (D(2019, 1, 14), D(2019, 1, 15))),
        ("6 March to 30 March 2017", (D(2017, 3, 6), D(2017, 3, 30))),
        ("29 December to 2 January 2020", (D(2019, 12, 29), D(2020, 1, 2))),
        ("Published: 2 August 2013", (D(2013, 8, 2), D(2013, 8, 2))),
        ("on 1st  and 2nd December 2021", (D(2021, 12, 1), D(2021, 12, 2))),
        # Redbridge 2016's report head prints its dates day first in figures.
        ("Inspection date: 12/09/2016 to 06/10/2016", (D(2016, 9, 12), D(2016, 10, 6))),
        ("Report published: 25/11/2016", (D(2016, 11, 25), D(2016, 11, 25))),
    ],
)
def test_ranges(text, expected):
    assert parse_date_range(text) == expected


def test_a_range_without_a_year_takes_the_default():
    assert parse_date_range("28 February to 4 March", default_year=2019) == (
        D(2019, 2, 28),
        D(2019, 3, 4),
    )
    assert parse_date_range("28 February to 4 March") is None


def test_impossible_dates_are_skipped():
    assert parse_date("31 February 2019, then 3 March 2019") == D(2019, 3, 3)


def test_impossible_numeric_dates_are_skipped_and_a_year_range_is_no_date():
    assert parse_date_range("12/13/2016 to 06/10/2016") == (D(2016, 10, 6), D(2016, 10, 6))
    assert parse_date_range("Reference 2016/17") is None


@pytest.mark.parametrize(
    "text, expected",
    [
        # South Tyneside 2023: a short inspection resumed two months later.
        (
            "5 to 9 December 2022 and 14 to 15 February 2023",
            [(D(2022, 12, 5), D(2022, 12, 9)), (D(2023, 2, 14), D(2023, 2, 15))],
        ),
        # Composed: a split visit whose first period gives no year.
        (
            "30 September to 11 October and 13 to 16 January 2025",
            [(D(2024, 9, 30), D(2024, 10, 11)), (D(2025, 1, 13), D(2025, 1, 16))],
        ),
        (
            "3 to 5 June and 17 to 19 June 2019",
            [(D(2019, 6, 3), D(2019, 6, 5)), (D(2019, 6, 17), D(2019, 6, 19))],
        ),
        ("11 – 22 July 2022", [(D(2022, 7, 11), D(2022, 7, 22))]),
        ("14 and 15 January 2019", [(D(2019, 1, 14), D(2019, 1, 15))]),
        # A later date that is not chained to the period is not part of it.
        ("on 5 to 7 March 2019, published on 1 April 2019", [(D(2019, 3, 5), D(2019, 3, 7))]),
        ("12/09/2016 to 06/10/2016", [(D(2016, 9, 12), D(2016, 10, 6))]),
        ("no dates here", []),
    ],
)
def test_periods(text, expected):
    assert parse_periods(text) == expected
    assert parse_period(text) == ((expected[0][0], expected[-1][1]) if expected else None)


def test_periods_without_a_year_take_the_default():
    assert parse_period("28 February to 4 March", default_year=2019) == (
        D(2019, 2, 28),
        D(2019, 3, 4),
    )


def test_a_range_whose_end_gives_no_year_takes_the_start_s():
    assert parse_date_range("28 February 2019 to 4 March") == (D(2019, 2, 28), D(2019, 3, 4))
    assert parse_period("29 December 2019 to 2 January") == (D(2019, 12, 29), D(2020, 1, 2))

"""Reading the dates Ofsted writes: single dates and ranges in all their real spellings.

"15 to 26 November 2018", "28 February to 4 March 2019", "11 September 2017 to 5 October
2017", "19 November–30 November 2018", "8 – 12 July 2013", "14 and 15 January 2019",
"1st December 2021", ranges whose year is missing ("28 February to 4 March"), the
numeric dates a few 2016 reports print ("12/09/2016 to 06/10/2016"), and a visit split in
periods ("30 September to 11 October 2024 and 13 to 16 January 2025": ``parse_period``).
"""

from __future__ import annotations

import datetime
import re

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}

_MONTH = r"(?P<{name}>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<{name}>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<{name}>(?:19|20)\d\d)"
_JOIN = r"\s*(?:to|until|and|-|–|—)\s*"

DATE_RE = re.compile(
    rf"\b{_DAY.format(name='d')}\s+{_MONTH.format(name='m')}\s*,?\s+{_YEAR.format(name='y')}\b",
    re.I,
)

RANGE_RE = re.compile(
    r"\b"
    + _DAY.format(name="d1")
    + rf"(?:\s+{_MONTH.format(name='m1')}(?:\s*,?\s+{_YEAR.format(name='y1')})?)?"
    + _JOIN
    + _DAY.format(name="d2")
    + rf"\s+{_MONTH.format(name='m2')}(?:\s*,?\s+{_YEAR.format(name='y2')})?\b",
    re.I,
)


# "12/09/2016": day, month, year, as a few SIF reports' heads print them.
NUMERIC_DATE_RE = re.compile(r"\b(?P<d>[0-3]?\d)/(?P<m>[01]?\d)/(?P<y>(?:19|20)\d\d)\b")
_NUMERIC_RANGE_RE = re.compile(
    rf"{NUMERIC_DATE_RE.pattern.replace('?P<', '?P<a')}{_JOIN}"
    rf"{NUMERIC_DATE_RE.pattern.replace('?P<', '?P<b')}"
)


def month_number(name: str) -> int | None:
    return MONTHS.get(name.lower().rstrip("."))


def _make(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def parse_date(text: str) -> datetime.date | None:
    """The first full date ("13 June 2017") in ``text``, or None."""
    for match in DATE_RE.finditer(text):
        found = _make(int(match["y"]), month_number(match["m"]), int(match["d"]))
        if found:
            return found
    return None


def _span(match: re.Match, year: int | None) -> tuple[datetime.date, datetime.date] | None:
    """A ``RANGE_RE`` match as (start, end), in ``year`` where it gives none; a range that
    crosses a new year ("29 December to 2 January") puts its start a year earlier. Where only
    the start gives a year ("28 February 2019 to 4 March"), the end takes it (or the next)."""
    month2 = month_number(match["m2"])
    month1 = month_number(match["m1"]) if match["m1"] else month2
    if not match["y2"] and match["y1"]:
        year = int(match["y1"]) + (1 if month2 < month1 else 0)
    year2 = int(match["y2"]) if match["y2"] else year
    if year2 is None:
        return None
    year1 = int(match["y1"]) if match["y1"] else year2
    if month1 > month2 and not match["y1"]:
        year1 = year2 - 1
    start = _make(year1, month1, int(match["d1"]))
    end = _make(year2, month2, int(match["d2"]))
    return (start, end) if start and end and start <= end else None


def parse_date_range(
    text: str, *, default_year: int | None = None
) -> tuple[datetime.date, datetime.date] | None:
    """The first date range in ``text`` as (start, end), or a single date as (d, d).

    Where the text gives no year, ``default_year`` is used (the letter's own date, say), and a
    range that crosses a new year ("29 December to 2 January") puts its start a year earlier.
    """
    match = RANGE_RE.search(text)
    if match:
        found = _span(match, default_year)
        if found:
            return found
    single = parse_date(text)
    if single:
        return single, single
    return _numeric_range(text)


# What joins the periods of a split visit: "... 2024 and 13 to 16 January 2025", "...; 3 to 5".
_PERIOD_JOIN_RE = re.compile(r"\s*(?:,|;|&|\band\b|,\s*and\b)\s*", re.I)


def parse_periods(
    text: str, *, default_year: int | None = None
) -> list[tuple[datetime.date, datetime.date]]:
    """The periods of an inspection or visit in ``text``, in order: its first range or date,
    and the periods chained to it ("30 September to 11 October 2024 and 13 to 16 January
    2025" gives two). A period without a year takes the next one's (a year earlier where it
    would otherwise come after it), the last one ``default_year``. A text with no range gives
    ``parse_date_range``'s single date, if any; none gives [].
    """
    first = RANGE_RE.search(text)
    single = None if first else parse_date_range(text, default_year=default_year)
    if first is None:
        return [single] if single else []
    chain = [first]
    while True:
        join = _PERIOD_JOIN_RE.match(text, chain[-1].end())
        following = RANGE_RE.match(text, join.end()) if join else None
        if following is None:
            break
        chain.append(following)
    spans: list[tuple[datetime.date, datetime.date]] = []
    year = default_year
    for match in reversed(chain):
        span = _span(match, year)
        if span is None:
            break
        if spans and not match["y2"] and span[1] >= spans[0][0]:
            span = _span(match, span[1].year - 1)
            if span is None:
                break
        spans.insert(0, span)
        year = span[0].year
    if len(spans) < len(chain) or spans[0][0] > spans[-1][1]:
        single = parse_date_range(text, default_year=default_year)
        return [single] if single else []
    return spans


def parse_period(
    text: str, *, default_year: int | None = None
) -> tuple[datetime.date, datetime.date] | None:
    """The whole period of ``parse_periods``: from the first day of the first to the last day
    of the last ("30 September 2024 to 16 January 2025"), or None."""
    periods = parse_periods(text, default_year=default_year)
    return (periods[0][0], periods[-1][1]) if periods else None


def parse_numeric_date(text: str) -> datetime.date | None:
    """The first "12/09/2016" (day first, as British documents write it) in ``text``."""
    for match in NUMERIC_DATE_RE.finditer(text):
        found = _make(int(match["y"]), int(match["m"]), int(match["d"]))
        if found:
            return found
    return None


def _numeric_range(text: str) -> tuple[datetime.date, datetime.date] | None:
    match = _NUMERIC_RANGE_RE.search(text)
    if match:
        start = _make(int(match["ay"]), int(match["am"]), int(match["ad"]))
        end = _make(int(match["by"]), int(match["bm"]), int(match["bd"]))
        if start and end and start <= end:
            return start, end
    single = parse_numeric_date(text)
    return (single, single) if single else None

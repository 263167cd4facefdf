"""Dates of birth with their precision."""

from __future__ import annotations

import dataclasses
import datetime

import pytest

from mixflow.lib.dates import (
    PLACEHOLDER_DAY_MONTHS,
    PartialDate,
    age_on,
    day_month_swapped,
    effective_precision,
    is_placeholder,
    is_possible_child,
    parse_partial_date,
)
from mixflow.lib.vocabularies import DatePrecision

D = datetime.date
ON = D(2026, 9, 14)

# --------------------------------------------------------------------------------------------
# parsing
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1990", PartialDate(1990, None, None, "year")),
        ("1990-05", PartialDate(1990, 5, None, "month")),
        ("1990-5", PartialDate(1990, 5, None, "month")),
        ("1990-05-17", PartialDate(1990, 5, 17, "exact")),
        ("17/05/1990", PartialDate(1990, 5, 17, "exact")),
        ("7/5/1990", PartialDate(1990, 5, 7, "exact")),
        ("17.05.1990", PartialDate(1990, 5, 17, "exact")),
        ("05/1990", PartialDate(1990, 5, None, "month")),
        ("  2008-02-29 ", PartialDate(2008, 2, 29, "exact")),
        ("", PartialDate(None, None, None, "unknown")),
        ("   ", PartialDate(None, None, None, "unknown")),
    ],
)
def test_parse_infers_the_precision(text: str, expected: PartialDate) -> None:
    assert parse_partial_date(text) == expected


@pytest.mark.parametrize(
    ("text", "precision", "expected"),
    [
        ("1990-05-17", "estimated", PartialDate(1990, None, None, "estimated")),
        ("1990", "estimated", PartialDate(1990, None, None, "estimated")),
        ("1990-05-17", "month", PartialDate(1990, 5, None, "month")),
        ("1990-05-17", "year", PartialDate(1990, None, None, "year")),
        ("1990-05-17", "exact", PartialDate(1990, 5, 17, "exact")),
        ("1990-05-17", "unknown", PartialDate(None, None, None, "unknown")),
        ("", "unknown", PartialDate(None, None, None, "unknown")),
        ("1990", DatePrecision.ESTIMATED, PartialDate(1990, None, None, "estimated")),
    ],
)
def test_a_given_precision_wins(text: str, precision: str, expected: PartialDate) -> None:
    assert parse_partial_date(text, precision) == expected


@pytest.mark.parametrize(
    ("text", "precision", "message"),
    [
        ("1990-13", None, "month 13"),
        ("1990-00-10", None, "month 0"),
        ("2023-02-29", None, "February 2023 has no day 29"),
        ("31/04/2001", None, "April 2001 has no day 31"),
        ("1990-05-00", None, "no day 0"),
        ("0000", None, "year 0"),
        ("1700-01-01", None, "out of range"),
        ("19900", None, "not a date"),
        ("May 1990", None, "not a date"),
        ("1990-05-17T10:00", None, "not a date"),
        ("1990", "exact", "not precise enough"),
        ("1990-05", "exact", "not precise enough"),
        ("1990", "month", "not precise enough"),
        ("", "estimated", "needs at least a year"),
        ("1990", "approximate", "Unknown date precision"),
    ],
)
def test_impossible_input_raises_a_clear_message(
    text: str, precision: str | None, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        parse_partial_date(text, precision)


def test_partial_date_rejects_inconsistent_parts() -> None:
    with pytest.raises(ValueError, match="needs a year and a month and a day"):
        PartialDate(1990, 5, None, "exact")
    with pytest.raises(ValueError, match="needs a year"):
        PartialDate(1990, 5, 1, "estimated")
    with pytest.raises(ValueError, match="no year, month or day"):
        PartialDate(1990, None, None, "unknown")
    with pytest.raises(ValueError, match="has no day 31"):
        PartialDate(2001, 6, 31, "exact")
    with pytest.raises(ValueError, match="Unknown date precision"):
        PartialDate(1990, None, None, "roughly")


def test_partial_date_is_frozen_and_hashable_whatever_the_precision_type() -> None:
    pd = PartialDate(1990, 5, 17, DatePrecision.EXACT)
    assert pd.precision == "exact"
    assert type(pd.precision) is str
    assert pd == PartialDate(1990, 5, 17, "exact")
    assert len({pd, PartialDate(1990, 5, 17, "exact")}) == 1
    with pytest.raises(dataclasses.FrozenInstanceError):
        pd.year = 1991  # type: ignore[misc]


# --------------------------------------------------------------------------------------------
# representative date and ISO form
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pd", "as_date", "iso"),
    [
        (PartialDate(1990, 5, 17, "exact"), D(1990, 5, 17), "1990-05-17"),
        (PartialDate(1990, 5, None, "month"), D(1990, 5, 15), "1990-05"),
        (PartialDate(1990, None, None, "year"), D(1990, 7, 1), "1990"),
        (PartialDate(2010, None, None, "estimated"), D(2010, 7, 1), "2010"),
        (PartialDate(None, None, None, "unknown"), None, ""),
        (PartialDate(1990, 1, 1, "exact"), D(1990, 1, 1), "1990-01-01"),
    ],
)
def test_as_date_and_iso(pd: PartialDate, as_date: D | None, iso: str) -> None:
    assert pd.as_date() == as_date
    assert pd.iso() == iso


@pytest.mark.parametrize("text", ["1990", "1990-05", "1990-05-17", ""])
def test_iso_round_trips(text: str) -> None:
    assert parse_partial_date(text).iso() == text


def test_representative_dates_sort_sensibly() -> None:
    dates = [
        parse_partial_date("1990-12-31"),
        parse_partial_date("1990"),
        parse_partial_date("1990-02"),
        parse_partial_date("1989-12"),
    ]
    ordered = sorted(dates, key=lambda pd: pd.as_date() or D.min)
    assert [pd.iso() for pd in ordered] == ["1989-12", "1990-02", "1990", "1990-12-31"]


# --------------------------------------------------------------------------------------------
# placeholders
# --------------------------------------------------------------------------------------------


def test_first_of_january_is_a_placeholder_worth_its_year() -> None:
    assert (1, 1) in PLACEHOLDER_DAY_MONTHS
    pd = parse_partial_date("01/01/2001")
    assert is_placeholder(pd)
    assert effective_precision(pd) == "year"


@pytest.mark.parametrize(
    "pd",
    [
        PartialDate(2001, 1, 2, "exact"),
        PartialDate(2001, 1, None, "month"),
        PartialDate(2001, None, None, "year"),
        PartialDate(2001, None, None, "estimated"),
        PartialDate(None, None, None, "unknown"),
    ],
)
def test_other_dates_are_no_placeholder(pd: PartialDate) -> None:
    assert not is_placeholder(pd)
    assert effective_precision(pd) == pd.precision


# --------------------------------------------------------------------------------------------
# ages
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pd", "on", "ages"),
    [
        (PartialDate(2008, 9, 14, "exact"), ON, (18, 18)),  # eighteenth birthday
        (PartialDate(2008, 9, 15, "exact"), ON, (17, 17)),  # the day before
        (PartialDate(2008, 2, 29, "exact"), D(2026, 2, 28), (17, 17)),
        (PartialDate(2008, 2, 29, "exact"), D(2026, 3, 1), (18, 18)),
        (PartialDate(2008, 9, None, "month"), ON, (17, 18)),
        (PartialDate(2008, 8, None, "month"), ON, (18, 18)),
        (PartialDate(2008, None, None, "year"), ON, (17, 18)),
        (PartialDate(2008, None, None, "year"), D(2026, 12, 31), (18, 18)),
        (PartialDate(2008, 1, 1, "exact"), ON, (17, 18)),  # a placeholder counts as a year
        (PartialDate(2008, None, None, "estimated"), ON, (15, 20)),
        (PartialDate(None, None, None, "unknown"), ON, (0, 120)),
        (PartialDate(2026, None, None, "year"), ON, (0, 0)),  # born this year, not later
        (PartialDate(2025, None, None, "estimated"), ON, (0, 3)),
    ],
)
def test_age_on_is_consistent_with_the_precision(
    pd: PartialDate, on: D, ages: tuple[int, int]
) -> None:
    assert age_on(pd, on) == ages


def test_age_before_birth_is_an_error() -> None:
    with pytest.raises(ValueError, match="not born yet"):
        age_on(PartialDate(2020, 5, 1, "exact"), D(2020, 4, 30))
    with pytest.raises(ValueError, match="not born yet"):
        age_on(PartialDate(2027, None, None, "year"), ON)


@pytest.mark.parametrize(
    ("pd", "child"),
    [
        (PartialDate(2008, 9, 15, "exact"), True),
        (PartialDate(2008, 9, 14, "exact"), False),
        (PartialDate(2008, None, None, "year"), True),  # 17 or 18: benefit of the doubt
        (PartialDate(2007, None, None, "year"), False),  # 18 or 19
        (PartialDate(2006, None, None, "estimated"), True),  # 20 give or take 2: maybe 17
        (PartialDate(2005, None, None, "estimated"), False),  # 18 at the youngest
        (PartialDate(2008, 1, 1, "exact"), True),  # placeholder: the year only
        (PartialDate(None, None, None, "unknown"), True),  # age unknown: may be a child
        (PartialDate(1980, 6, None, "month"), False),
    ],
)
def test_is_possible_child(pd: PartialDate, child: bool) -> None:
    assert is_possible_child(pd, ON) is child


# --------------------------------------------------------------------------------------------
# day and month swapped
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "swapped"),
    [
        ("1990-04-03", "1990-03-04", True),
        ("03/04/1990", "04/03/1990", True),
        ("1990-12-11", "1990-11-12", True),
        ("1990-03-03", "1990-03-03", False),  # equal, not swapped
        ("1990-04-03", "1990-04-03", False),
        ("1990-04-03", "1991-03-04", False),  # other year
        ("1990-04-03", "1990-03-05", False),
        ("1990-04", "1990-03", False),  # no day
        ("1990", "1990-03-04", False),
        ("", "", False),
    ],
)
def test_day_month_swapped(a: str, b: str, swapped: bool) -> None:
    pa, pb = parse_partial_date(a), parse_partial_date(b)
    assert day_month_swapped(pa, pb) is swapped
    assert day_month_swapped(pb, pa) is swapped

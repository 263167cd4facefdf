"""Dates of birth with their precision.

Django-free (the vocabulary module only imports ``django.db.models.enums``). A date of birth is
often known only by its month or year, estimated by an officer, or recorded as a placeholder
such as 1 January; :class:`PartialDate` keeps what is known and says how much of it is evidence,
and the helpers turn it into a representative date, an ISO string and an age range.

Error messages are plain English; the caller translates them.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass
from typing import Final

from mixflow.lib.vocabularies import DatePrecision

__all__ = [
    "ADULT_AGE",
    "ESTIMATED_TOLERANCE_YEARS",
    "MAX_AGE",
    "MAX_YEAR",
    "MIN_YEAR",
    "PLACEHOLDER_DAY_MONTHS",
    "PartialDate",
    "age_on",
    "day_month_swapped",
    "effective_precision",
    "is_placeholder",
    "is_possible_child",
    "parse_partial_date",
]

EXACT: Final = DatePrecision.EXACT.value
MONTH: Final = DatePrecision.MONTH.value
YEAR: Final = DatePrecision.YEAR.value
ESTIMATED: Final = DatePrecision.ESTIMATED.value
UNKNOWN: Final = DatePrecision.UNKNOWN.value
_PRECISIONS: Final = frozenset(str(v) for v in DatePrecision.values)

#: Earliest and latest plausible years of birth.
MIN_YEAR: Final = 1850
MAX_YEAR: Final = 2100
#: (month, day) pairs that registration practice uses when only the year is known. An *exact*
#: date on one of them is evidence of the year only.
PLACEHOLDER_DAY_MONTHS: Final[frozenset[tuple[int, int]]] = frozenset({(1, 1)})
#: An estimated year of birth may be this many years off either way.
ESTIMATED_TOLERANCE_YEARS: Final = 2
#: Upper bound of the age range when nothing is known.
MAX_AGE: Final = 120
ADULT_AGE: Final = 18

#: Where a missing month or day is put: the middle of the possible range (1 July, the 15th).
_MID_MONTH: Final = 7
_MID_DAY: Final = 15


def _check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"The year {year} is out of range ({MIN_YEAR} to {MAX_YEAR}).")


def _check_month(month: int) -> None:
    if not 1 <= month <= 12:
        raise ValueError(f"The month {month} does not exist: months go from 1 to 12.")


def _check_day(year: int, month: int, day: int) -> None:
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        name = calendar.month_name[month]
        raise ValueError(f"{name} {year} has no day {day}: it has {last} days.")


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date of birth as far as it is known.

    ``precision`` is a :class:`~mixflow.lib.vocabularies.DatePrecision` value: ``exact`` has
    year, month and day; ``month`` year and month; ``year`` and ``estimated`` the year only;
    ``unknown`` nothing. Invalid combinations raise :class:`ValueError`.
    """

    year: int | None
    month: int | None
    day: int | None
    precision: str

    def __post_init__(self) -> None:
        precision = str(self.precision)
        if precision not in _PRECISIONS:
            raise ValueError(f"Unknown date precision {precision!r}.")
        # A DatePrecision member hashes by name: keep the plain value so that equal dates hash
        # equally.
        object.__setattr__(self, "precision", precision)
        year, month, day = self.year, self.month, self.day
        wanted = {
            EXACT: (True, True, True),
            MONTH: (True, True, False),
            YEAR: (True, False, False),
            ESTIMATED: (True, False, False),
            UNKNOWN: (False, False, False),
        }[precision]
        if (year is not None, month is not None, day is not None) != wanted:
            raise ValueError(
                f"A date of precision {precision!r} needs "
                + _describe(wanted)
                + f"; got year={year}, month={month}, day={day}."
            )
        if year is not None:
            _check_year(year)
        if year is not None and month is not None:
            _check_month(month)
            if day is not None:
                _check_day(year, month, day)

    def as_date(self) -> datetime.date | None:
        """The representative date to store: the middle of the possible range.

        A year alone (known, estimated or a placeholder's) gives 1 July, a month the 15th, so
        that sorting and age arithmetic are sensible. ``None`` when the date is unknown.
        """
        if self.year is None:
            return None
        if self.month is None:
            return datetime.date(self.year, _MID_MONTH, 1)
        return datetime.date(self.year, self.month, self.day or _MID_DAY)

    def iso(self) -> str:
        """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` as far as known; ``""`` when unknown."""
        if self.year is None:
            return ""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def __str__(self) -> str:
        return self.iso() or UNKNOWN


def _describe(wanted: tuple[bool, bool, bool]) -> str:
    parts = [
        name for name, need in zip(("a year", "a month", "a day"), wanted, strict=True) if need
    ]
    return " and ".join(parts) if parts else "no year, month or day"


_ISO: Final = re.compile(r"^(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2}))?)?$")
_DAY_FIRST: Final = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_MONTH_YEAR: Final = re.compile(r"^(\d{1,2})[/.-](\d{4})$")
_ORDER: Final = (EXACT, MONTH, YEAR, ESTIMATED, UNKNOWN)


def parse_partial_date(text: str, precision: str | None = None) -> PartialDate:
    """Read a date of birth typed by a person.

    Accepts ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, ``DD/MM/YYYY`` and ``MM/YYYY`` (``.`` or
    ``-`` also separate the day-first forms); empty text is an unknown date. The precision
    follows from what was typed unless ``precision`` is given, which wins: a coarser precision
    drops the finer parts (``estimated`` keeps the year), an ``unknown`` one drops everything;
    a finer precision than what was typed is an error. Raises :class:`ValueError` with an
    English message for anything impossible.
    """
    if precision is not None:
        precision = str(precision)
        if precision not in _PRECISIONS:
            raise ValueError(f"Unknown date precision {precision!r}.")
    s = text.strip()
    if not s:
        if precision in (None, UNKNOWN):
            return PartialDate(None, None, None, UNKNOWN)
        raise ValueError(f"A date of precision {precision!r} needs at least a year.")
    year: int
    month: int | None = None
    day: int | None = None
    if m := _ISO.match(s):
        year = int(m.group(1))
        month = int(m.group(2)) if m.group(2) else None
        day = int(m.group(3)) if m.group(3) else None
    elif m := _DAY_FIRST.match(s):
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
    elif m := _MONTH_YEAR.match(s):
        month, year = int(m.group(1)), int(m.group(2))
    else:
        raise ValueError(
            f"{text.strip()!r} is not a date: write YYYY, YYYY-MM, YYYY-MM-DD, DD/MM/YYYY or "
            "MM/YYYY."
        )
    _check_year(year)
    if month is not None:
        _check_month(month)
        if day is not None:
            _check_day(year, month, day)
    typed = EXACT if day is not None else MONTH if month is not None else YEAR
    if precision is None:
        precision = typed
    elif _ORDER.index(precision) < _ORDER.index(typed):
        raise ValueError(
            f"{text.strip()!r} is not precise enough for precision {precision!r}: "
            + ("give the month and day." if precision == EXACT else "give the month.")
        )
    if precision == UNKNOWN:
        return PartialDate(None, None, None, UNKNOWN)
    if precision in (YEAR, ESTIMATED):
        return PartialDate(year, None, None, precision)
    if precision == MONTH:
        return PartialDate(year, month, None, MONTH)
    return PartialDate(year, month, day, EXACT)


def is_placeholder(pd: PartialDate) -> bool:
    """Whether an exact date is a registration placeholder (1 January): the year alone is known.

    The placeholders are :data:`PLACEHOLDER_DAY_MONTHS`; only dates of precision ``exact`` count.
    """
    return (
        pd.precision == EXACT
        and pd.month is not None
        and pd.day is not None
        and (pd.month, pd.day) in PLACEHOLDER_DAY_MONTHS
    )


def effective_precision(pd: PartialDate) -> str:
    """The precision of the evidence: a placeholder exact date is worth its year only."""
    return YEAR if is_placeholder(pd) else pd.precision


def _birth_range(pd: PartialDate) -> tuple[datetime.date, datetime.date] | None:
    """Earliest and latest possible dates of birth, by effective precision; None if unknown."""
    precision = effective_precision(pd)
    year = pd.year
    if year is None or precision == UNKNOWN:
        return None
    if precision == EXACT and pd.month is not None and pd.day is not None:
        exact = datetime.date(year, pd.month, pd.day)
        return exact, exact
    if precision == MONTH and pd.month is not None:
        last = calendar.monthrange(year, pd.month)[1]
        return datetime.date(year, pd.month, 1), datetime.date(year, pd.month, last)
    if precision == ESTIMATED:
        first = max(year - ESTIMATED_TOLERANCE_YEARS, datetime.MINYEAR)
        final = min(year + ESTIMATED_TOLERANCE_YEARS, datetime.MAXYEAR)
        return datetime.date(first, 1, 1), datetime.date(final, 12, 31)
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _age(born: datetime.date, on: datetime.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def age_on(pd: PartialDate, on: datetime.date) -> tuple[int, int]:
    """``(min_age, max_age)`` in whole years on the date ``on``, given the precision.

    Exact: one age. Month: the ages of someone born on the first or the last day of the month.
    Year (and a placeholder 1 January): born any day of that year, so the two ages differ by at
    most one. Estimated: the year give or take :data:`ESTIMATED_TOLERANCE_YEARS`. Unknown:
    ``(0, MAX_AGE)``. Birth dates after ``on`` are left out of the range; if the person cannot
    have been born yet on ``on``, :class:`ValueError` is raised.
    """
    span = _birth_range(pd)
    if span is None:
        return 0, MAX_AGE
    earliest, latest = span
    if earliest > on:
        raise ValueError(f"On {on.isoformat()} the person was not born yet ({pd.iso()}).")
    return _age(min(latest, on), on), _age(earliest, on)


def is_possible_child(pd: PartialDate, on: datetime.date) -> bool:
    """Whether the person may be under 18 on ``on``: the benefit of the doubt.

    True when the youngest age consistent with the date (and its precision) is under 18: a child
    for sure, or an uncertain age that may be a child's (including an unknown date of birth).
    """
    return age_on(pd, on)[0] < ADULT_AGE


def day_month_swapped(a: PartialDate, b: PartialDate) -> bool:
    """Whether two dates are the same but for day and month read the wrong way round.

    Both need a day and a month and the same year; 3 April and 4 March are swapped, 3 March and
    3 March are not (they are equal).
    """
    if None in (a.day, a.month, b.day, b.month) or a.year != b.year:
        return False
    return a.day == b.month and a.month == b.day and a.day != a.month


def stored_partial_date(value: datetime.date | None, precision: str) -> PartialDate:
    """The partial date behind a stored representative date and its precision.

    The inverse of storing ``pd.as_date()`` beside ``pd.precision``: the parts the precision
    does not vouch for (the 1 July of a year-only date) are dropped again.
    """
    if value is None or precision == UNKNOWN:
        return PartialDate(None, None, None, UNKNOWN)
    if precision == EXACT:
        return PartialDate(value.year, value.month, value.day, EXACT)
    if precision == MONTH:
        return PartialDate(value.year, value.month, None, MONTH)
    return PartialDate(value.year, None, None, precision)

"""Publication periods: a year (2026), a quarter (2026-Q3) or a month (2026-07)."""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

_PERIOD = re.compile(r"^(\d{4})(?:-Q([1-4])|-(0[1-9]|1[0-2]))?$")


@dataclass(frozen=True)
class Period:
    code: str
    start: datetime.date
    end: datetime.date
    """Inclusive."""
    level: str
    """``month``, ``quarter`` or ``year``: the time level of the disclosure policy."""

    def months(self) -> tuple[str, ...]:
        """Every month the period covers, as ``YYYY-MM``: the atoms differencing compares."""
        out = []
        year, month = self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            out.append(f"{year:04d}-{month:02d}")
            month += 1
            if month == 13:
                year, month = year + 1, 1
        return tuple(out)


def parse_period(code: str) -> Period:
    match = _PERIOD.match(code.strip())
    if match is None:
        raise ValueError(f"{code!r} is not a period (2026, 2026-Q3 or 2026-07)")
    year = int(match.group(1))
    if match.group(2):
        quarter = int(match.group(2))
        first = 3 * quarter - 2
        last = first + 2
        level = "quarter"
    elif match.group(3):
        first = last = int(match.group(3))
        level = "month"
    else:
        first, last = 1, 12
        level = "year"
    end = datetime.date(year, last, calendar.monthrange(year, last)[1])
    return Period(code.strip(), datetime.date(year, first, 1), end, level)

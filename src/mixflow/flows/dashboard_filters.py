"""The dashboard's filters, read from a URL's query string so that a view can be shared."""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlencode

from mixflow.flows.corridors import ROUTES
from mixflow.lib.vocabularies import Sex

GRAINS = ("day", "week", "month")
AGE_BANDS = ("0-4", "5-11", "12-17", "18-24", "25-39", "40-59", "60+", "unknown")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_COUNTRY = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True)
class Filters:
    start: datetime.date | None = None
    end: datetime.date | None = None
    """Inclusive dates; a quarter (``2026-Q1``) sets both."""
    quarter: str = ""
    grain: str = "month"
    site_ids: tuple[int, ...] = field(default=())
    country: str = ""
    """Country where people were met (the site's)."""
    route: str = ""
    nationality: str = ""
    sex: str = ""
    age_band: str = ""

    def as_query(self, **changes: Any) -> str:
        """The query string of these filters with ``changes`` (drill-down links)."""
        chosen = replace(self, **changes)
        pairs: list[tuple[str, str]] = []
        if chosen.quarter:
            pairs.append(("quarter", chosen.quarter))
        else:
            if chosen.start:
                pairs.append(("from", chosen.start.isoformat()))
            if chosen.end:
                pairs.append(("to", chosen.end.isoformat()))
        if chosen.grain != "month":
            pairs.append(("grain", chosen.grain))
        pairs += [("site", str(pk)) for pk in chosen.site_ids]
        for name in ("country", "route", "nationality", "sex", "age_band"):
            value = getattr(chosen, name)
            if value:
                pairs.append((name, value))
        return urlencode(pairs)

    @property
    def is_empty(self) -> bool:
        return self == Filters(grain=self.grain)


def _date(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


def quarter_dates(quarter: str) -> tuple[datetime.date, datetime.date] | None:
    match = _QUARTER.match(quarter)
    if not match:
        return None
    year, q = int(match[1]), int(match[2])
    start = datetime.date(year, 3 * q - 2, 1)
    end_month = 3 * q
    end = (
        datetime.date(year, 12, 31)
        if end_month == 12
        else datetime.date(year, end_month + 1, 1) - datetime.timedelta(days=1)
    )
    return start, end


def filters_from(query: Mapping[str, Any]) -> Filters:
    """Filters from a query string (a ``QueryDict`` or a plain mapping); what does not parse
    is ignored rather than refused, so an old shared link still opens."""

    def one(name: str) -> str:
        value = query.get(name, "")
        return value.strip() if isinstance(value, str) else ""

    getlist = getattr(query, "getlist", None)
    raw_sites = getlist("site") if getlist else [query.get("site", "")]
    site_ids = tuple(sorted({int(v) for v in raw_sites if isinstance(v, str) and v.isdigit()}))
    start, end = _date(one("from")), _date(one("to"))
    quarter = one("quarter")
    dates = quarter_dates(quarter)
    if dates:
        start, end = dates
    else:
        quarter = ""
    country = one("country").upper()
    nationality = one("nationality").upper()
    return Filters(
        start=start,
        end=end,
        quarter=quarter,
        grain=one("grain") if one("grain") in GRAINS else "month",
        site_ids=site_ids,
        country=country if _COUNTRY.match(country) else "",
        route=one("route") if one("route") in ROUTES else "",
        nationality=nationality if _COUNTRY.match(nationality) else "",
        sex=one("sex") if one("sex") in Sex.values else "",
        age_band=one("age_band") if one("age_band") in AGE_BANDS else "",
    )

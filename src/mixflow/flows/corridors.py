"""The migration routes of DOMAIN.md §5 as sets of sites, for filtering dashboards by route.

The shipped site fixture (``geo/data/route_sites.csv``) says which routes each site lies on; a
site added later by an organisation lies on no route until the fixture says so.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from mixflow.geo.models import Location

SITES_FILE = Path(__file__).resolve().parent.parent / "geo" / "data" / "route_sites.csv"

ROUTES: dict[str, Promise] = {
    "central_med": _("Central Mediterranean"),
    "western_med": _("Western Mediterranean / Atlantic"),
    "eastern_med": _("Eastern Mediterranean / Western Balkans"),
    "eastern": _("Eastern route (Horn of Africa to the Gulf)"),
    "southern": _("Southern route (to South Africa)"),
    "americas": _("Americas (Darién)"),
    "afghan": _("Afghanistan – Iran – Türkiye"),
    "rohingya": _("Bay of Bengal (Rohingya)"),
}


@lru_cache(maxsize=1)
def _site_codes_by_route() -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = {}
    with SITES_FILE.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            for route in row["routes"].replace(";", " ").split():
                found.setdefault(route, set()).add(row["code"])
    return {route: frozenset(codes) for route, codes in found.items()}


def site_ids_on(route: str) -> frozenset[int]:
    """Ids of the sites on ``route`` (empty for an unknown route)."""
    codes = _site_codes_by_route().get(route, frozenset())
    if not codes:
        return frozenset()
    return frozenset(Location.objects.filter(code__in=codes).values_list("pk", flat=True))


def site_codes_on(route: str) -> frozenset[str]:
    """Codes of the sites on ``route`` as the fixture names them (empty for an unknown route)."""
    return _site_codes_by_route().get(route, frozenset())


def countries_on(route: str) -> frozenset[str]:
    """The countries the sites of ``route`` lie in."""
    codes = site_codes_on(route)
    return frozenset(
        Location.objects.filter(code__in=codes).values_list("country_code", flat=True).distinct()
    )

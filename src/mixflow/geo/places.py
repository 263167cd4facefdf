"""Loading the shipped admin areas and sites (``geo/data/*.csv``), idempotently."""

from __future__ import annotations

import csv
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from mixflow.geo.models import Location
from mixflow.lib.vocabularies import LocationLevel

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class PlacesLoaded:
    areas_created: int
    sites_created: int


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@transaction.atomic
def load_places(directory: Path = DATA_DIR, only: Collection[str] | None = None) -> PlacesLoaded:
    """Create the sites (all, or those in ``only``) and their areas that do not exist yet;
    never changes existing ones."""
    existing = set(Location.objects.values_list("code", flat=True))
    sites = [
        row for row in _read(directory / "route_sites.csv") if only is None or row["code"] in only
    ]
    needed_areas = {row["area"] for row in sites}
    known = {loc.code: loc for loc in Location.objects.filter(level=LocationLevel.COUNTRY)}
    areas_created = sites_created = 0
    # Parents before children: admin 1 before admin 2 before admin 3.
    for row in sorted(_read(directory / "route_admin_areas.csv"), key=lambda r: int(r["level"])):
        if row["code"] in existing or row["code"] not in needed_areas:
            continue
        parent = _location(known, row["parent"] or row["country"])
        area = Location(
            code=row["code"],
            pcode=row["pcode"],
            level=f"admin{int(row['level'])}",
            parent=parent,
            country_code=row["country"],
            name=row["name"],
        )
        area.save()
        known[area.code] = area
        areas_created += 1
    for row in sites:
        if row["code"] in existing:
            continue
        Location(
            code=row["code"],
            level=LocationLevel.SITE,
            parent=_location(known, row["area"] or row["country"]),
            country_code=row["country"],
            name=row["name"],
            site_kind=row["kind"],
            latitude=float(row["latitude"]),
            longitude=float(row["longitude"]),
        ).save()
        sites_created += 1
    return PlacesLoaded(areas_created=areas_created, sites_created=sites_created)


def _location(known: dict[str, Location], code: str) -> Location:
    if code not in known:
        known[code] = Location.objects.get(code=code)
    return known[code]

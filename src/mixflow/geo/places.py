"""Loading the shipped admin areas and sites (``geo/data/*.csv``), idempotently."""

from __future__ import annotations

import csv
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
def load_places(directory: Path = DATA_DIR) -> PlacesLoaded:
    """Create the admin areas and sites that do not exist yet; never changes existing ones."""
    existing = set(Location.objects.values_list("code", flat=True))
    by_code = {loc.code: loc for loc in Location.objects.filter(level=LocationLevel.COUNTRY)}
    areas_created = sites_created = 0
    pending = _read(directory / "admin_areas.csv")
    # Parents before children: sort by level (admin1 < admin2 < admin3).
    for row in sorted(pending, key=lambda r: int(r["level"])):
        code = row["pcode"]
        parent_code = row.get("parent_pcode") or row["country"]
        if code in existing:
            continue
        parent = by_code.get(parent_code) or Location.objects.get(code=parent_code)
        location = Location(
            code=code,
            pcode=code,
            level=f"admin{int(row['level'])}",
            parent=parent,
            country_code=row["country"],
            name=row["name"],
        )
        location.save()
        by_code[code] = location
        areas_created += 1
    for row in _read(directory / "sites.csv"):
        if row["code"] in existing:
            continue
        parent_code = row.get("admin_pcode") or row["country"]
        parent = by_code.get(parent_code) or Location.objects.get(code=parent_code)
        Location(
            code=row["code"],
            level=LocationLevel.SITE,
            parent=parent,
            country_code=row["country"],
            name=row["name"],
            site_kind=row["kind"],
            latitude=float(row["latitude"]),
            longitude=float(row["longitude"]),
        ).save()
        sites_created += 1
    return PlacesLoaded(areas_created=areas_created, sites_created=sites_created)

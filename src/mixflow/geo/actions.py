"""Every write of places: the countries of ISO 3166 and the shipped admin areas and sites
(``geo/data/*.csv``), loaded idempotently by a system administrator or the machine's operator.

Places are reference data every organisation reads; only ``administer_system`` changes them.
"""

from __future__ import annotations

import csv
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from mixflow.core import audit
from mixflow.core.roles import Capability
from mixflow.core.scoping import scope_of
from mixflow.geo.countries import missing_countries
from mixflow.geo.models import Location
from mixflow.lib.vocabularies import LocationLevel

if TYPE_CHECKING:
    # Places sit below accounts: the actor's type is named for the type checker only.
    from mixflow.accounts.actors import Actor

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class PlacesLoaded:
    areas_created: int
    sites_created: int


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _may_change_places(actor: Actor) -> None:
    if not scope_of(actor).can(Capability.ADMINISTER_SYSTEM):
        raise PermissionDenied(_("Only a system administrator may change places."))


@transaction.atomic
def add_missing_countries(*, actor: Actor) -> int:
    """Add the ISO 3166 countries missing from the table; returns how many were added."""
    _may_change_places(actor)
    missing = missing_countries(Location)
    Location.objects.bulk_create(missing)
    if missing:
        first = Location.objects.get(code=missing[0].code)
        audit.record_bulk_change(actor, first, {"countries_added": len(missing)})
    return len(missing)


@transaction.atomic
def load_places(
    *, actor: Actor, directory: Path = DATA_DIR, only: Collection[str] | None = None
) -> PlacesLoaded:
    """Create the sites (all, or those in ``only``) and their areas that do not exist yet;
    never changes existing ones. Each new place is audited."""
    _may_change_places(actor)
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
        with audit.acting_as(actor):
            area.save()
        known[area.code] = area
        areas_created += 1
    for row in sites:
        if row["code"] in existing:
            continue
        with audit.acting_as(actor):
            Location.objects.create(
                code=row["code"],
                level=LocationLevel.SITE,
                parent=_location(known, row["area"] or row["country"]),
                country_code=row["country"],
                name=row["name"],
                site_kind=row["kind"],
                latitude=float(row["latitude"]),
                longitude=float(row["longitude"]),
            )
        sites_created += 1
    return PlacesLoaded(areas_created=areas_created, sites_created=sites_created)


def _location(known: dict[str, Location], code: str) -> Location:
    if code not in known:
        known[code] = Location.objects.get(code=code)
    return known[code]

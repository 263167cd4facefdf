"""Routes rebuilt from encounters, and people counted per site: movements beside people.

A route is the ordered encounters of one person, across every record identity resolution has
linked to them; per-site counts show encounters, records and the people behind them, so that
pages can say which is which.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import BigIntegerField, Case, Count, F, When

from mixflow.identity.models import Person
from mixflow.intake.queries import encounters_for


@dataclass(frozen=True)
class RouteStop:
    """One encounter of a person's route: where and when, nothing sensitive."""

    occurred_on: datetime.date
    site_id: int
    site_name: str
    country_code: str
    kind: str
    kind_label: str
    latitude: float | None
    longitude: float | None
    person_id: int
    encounter_id: int


def route_of(user: Any, person: Person) -> list[RouteStop]:
    """Every encounter the user may see of every record of the person's identity, by date."""
    encounters = encounters_for(user)
    if person.identity_id is not None:
        encounters = encounters.filter(person__identity_id=person.identity_id)
    else:
        encounters = encounters.filter(person=person)
    return [
        RouteStop(
            occurred_on=e.occurred_on,
            site_id=e.site_id,
            site_name=e.site.display_name,
            country_code=e.site.country_code,
            kind=e.kind,
            kind_label=str(e.get_kind_display()),
            latitude=e.site.latitude,
            longitude=e.site.longitude,
            person_id=e.person_id,
            encounter_id=e.pk,
        )
        for e in encounters.order_by("occurred_on", "id")
    ]


@dataclass(frozen=True)
class SitePeopleCount:
    """At one site: encounters, the records they belong to, and the people behind them."""

    site_id: int
    encounters: int
    records: int
    people: int


def people_counts_by_site(
    user: Any, start: datetime.date | None = None, end: datetime.date | None = None
) -> list[SitePeopleCount]:
    """Encounters against distinct identities per site, within the user's scope.

    A record not yet linked counts as a person of its own. ``start`` and ``end`` are inclusive.
    """
    encounters = encounters_for(user)
    if start is not None:
        encounters = encounters.filter(occurred_on__gte=start)
    if end is not None:
        encounters = encounters.filter(occurred_on__lte=end)
    # Identity ids are positive and negated person ids negative: one distinct count for both.
    who = Case(
        When(person__identity_id__isnull=True, then=-F("person_id")),
        default=F("person__identity_id"),
        output_field=BigIntegerField(),
    )
    rows = (
        encounters.order_by()
        .values("site_id")
        .annotate(
            n=Count("pk"),
            records=Count("person_id", distinct=True),
            people=Count(who, distinct=True),
        )
        .order_by("site_id")
    )
    return [SitePeopleCount(r["site_id"], r["n"], r["records"], r["people"]) for r in rows]

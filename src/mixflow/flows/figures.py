"""Headline figures for a user's scope: the home page and the site pages.

Every figure is computed from scoped querysets, and a figure the user's role may not see is
``None`` rather than zero, so pages can tell "none" from "not yours to see".
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Sum
from django.utils import timezone

from mixflow.core.roles import Capability
from mixflow.core.scoping import scope_of
from mixflow.geo.models import Location
from mixflow.geo.queries import sites_for
from mixflow.identity.queries import persons_for
from mixflow.intake.queries import encounters_for, flow_counts_for

RECENT_DAYS = 90


@dataclass(frozen=True)
class Figures:
    persons: int | None
    children: int | None
    encounters: int | None
    recent_encounters: int | None
    movements: int | None
    unaccompanied_children_observed: int | None
    sites: int
    top_nationalities: list[tuple[str, int]]
    recent_since: datetime.date


def _today() -> datetime.date:
    return timezone.localdate()


def figures_for(user: Any, site: Location | None = None) -> Figures:
    scope = scope_of(user)
    today = _today()
    since = today - datetime.timedelta(days=RECENT_DAYS)
    persons = encounters = recent = children = movements = unaccompanied = None
    top: list[tuple[str, int]] = []
    if scope.can(Capability.VIEW_PERSONS):
        person_qs = persons_for(user)
        encounter_qs = encounters_for(user)
        if site is not None:
            person_qs = person_qs.filter(registration_site=site)
            encounter_qs = encounter_qs.filter(site=site)
        persons = person_qs.count()
        children = person_qs.filter(birth_year__gt=today.year - 18).count()
        encounters = encounter_qs.count()
        recent = encounter_qs.filter(occurred_on__gte=since).count()
        top = [
            (row["nationalities__country"], row["n"])
            for row in person_qs.exclude(nationalities__country=None)
            .values("nationalities__country")
            .annotate(n=Count("id"))
            .order_by("-n")[:5]
        ]
    if scope.can(Capability.VIEW_FLOW_COUNTS):
        flow_qs = flow_counts_for(user)
        if site is not None:
            flow_qs = flow_qs.filter(site=site)
        sums = flow_qs.aggregate(people=Sum("group_size"), uac=Sum("unaccompanied_children"))
        movements = sums["people"] or 0
        unaccompanied = sums["uac"] or 0
        if not top:
            top = [
                (row["nationality"], row["n"])
                for row in flow_qs.exclude(nationality="")
                .values("nationality")
                .annotate(n=Sum("group_size"))
                .order_by("-n")[:5]
            ]
    return Figures(
        persons=persons,
        children=children,
        encounters=encounters,
        recent_encounters=recent,
        movements=movements,
        unaccompanied_children_observed=unaccompanied,
        sites=1 if site is not None else sites_for(user).count(),
        top_nationalities=top,
        recent_since=since,
    )

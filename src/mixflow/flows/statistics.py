"""The tables a publication or a report may hold, counted with plain GROUP BY queries.

Publications are prepared once, not on a hot path, so these read the scoped rows directly.
Each function returns a ``disclosure.Table`` of raw counts: nothing here leaves the system
until ``flows.gate`` has protected it. Dimension names are shared across tables
(``period`` holds months, ``site`` sites, ``nationality`` country codes) so that the
differencing ledger can see when two cells count nested populations.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from mixflow.core.roles import Capability
from mixflow.core.scoping import scoped
from mixflow.flows.disclosure import Table
from mixflow.flows.periods import Period
from mixflow.intake.models import Encounter, FlowCount

FLOW_COUNTS = "flow_counts"
ENCOUNTERS = "encounters"


@dataclass(frozen=True)
class Scope:
    """What a publication or report counts: one organisation's rows over one period, in one
    country, or at the sites of one route (``route_sites``, site codes: a route crosses
    countries, and ``route_countries`` says which)."""

    organisation_id: int
    organisation_code: str
    country: str
    period: Period
    route: str = ""
    route_sites: frozenset[str] = frozenset()
    route_countries: frozenset[str] = frozenset()

    def population(self, measure: str) -> dict[str, frozenset[str]]:
        where = (
            {"country": self.route_countries, "site": self.route_sites}
            if self.route
            else {"country": frozenset({self.country})}
        )
        return {
            "measure": frozenset({measure}),
            "organisation": frozenset({self.organisation_code}),
            **where,
            "period": frozenset(self.period.months()),
        }

    def where(self) -> Q:
        """The sites counted (the period is each source's own column)."""
        if self.route:
            return Q(site__code__in=sorted(self.route_sites))
        return Q(site__country_code=self.country)


def _flow_counts(reader: Any, scope: Scope) -> QuerySet[FlowCount]:
    return scoped(reader, FlowCount, Capability.PUBLISH_STATISTICS).filter(
        scope.where(),
        organisation_id=scope.organisation_id,
        observed_at__date__gte=scope.period.start,
        observed_at__date__lte=scope.period.end,
    )


def _encounters(reader: Any, scope: Scope) -> QuerySet[Encounter]:
    # Aggregates only: the analyst publishing does not read persons, so the capability that
    # opens these rows here is publication's, and nothing but counts comes out.
    return scoped(reader, Encounter, Capability.PUBLISH_STATISTICS).filter(
        scope.where(),
        organisation_id=scope.organisation_id,
        occurred_on__gte=scope.period.start,
        occurred_on__lte=scope.period.end,
    )


def movements_by_month(reader: Any, scope: Scope) -> Table:
    rows = (
        _flow_counts(reader, scope)
        .annotate(month=TruncMonth("observed_at"))
        .values("month", "direction")
        .annotate(n=Sum("group_size"))
        .order_by()
    )
    cells: Counter[tuple[str, ...]] = Counter()
    for row in rows:
        cells[(row["month"].strftime("%Y-%m"), row["direction"])] += row["n"] or 0
    return Table(
        "movements_by_month",
        ("period", "direction"),
        dict(cells),
        population=scope.population(FLOW_COUNTS),
        values={"period": scope.period.months(), "direction": ("incoming", "outgoing", "transit")},
        geography="country",
        time="month",
    )


def movements_by_site(reader: Any, scope: Scope) -> Table:
    rows = _flow_counts(reader, scope).values("site__code").annotate(n=Sum("group_size")).order_by()
    return Table(
        "movements_by_site",
        ("site",),
        {(row["site__code"],): row["n"] or 0 for row in rows},
        population=scope.population(FLOW_COUNTS),
        geography="site",
        time=scope.period.level,
    )


def movements_by_nationality(reader: Any, scope: Scope) -> Table:
    rows = (
        _flow_counts(reader, scope).values("nationality").annotate(n=Sum("group_size")).order_by()
    )
    return Table(
        "movements_by_nationality",
        ("nationality",),
        {(row["nationality"] or "UNK",): row["n"] or 0 for row in rows},
        population=scope.population(FLOW_COUNTS),
        geography="country",
        time=scope.period.level,
    )


def movements_by_sex_and_age(reader: Any, scope: Scope) -> Table:
    sums = _flow_counts(reader, scope).aggregate(
        men=Sum("men"), women=Sum("women"), boys=Sum("boys"), girls=Sum("girls")
    )
    cells: dict[tuple[str, ...], int] = {
        ("adult", "male"): sums["men"] or 0,
        ("adult", "female"): sums["women"] or 0,
        ("child", "male"): sums["boys"] or 0,
        ("child", "female"): sums["girls"] or 0,
    }
    return Table(
        "movements_by_sex_and_age",
        ("age_group", "sex"),
        cells,
        population=scope.population(FLOW_COUNTS),
        geography="country",
        time=scope.period.level,
    )


def unaccompanied_children_observed(reader: Any, scope: Scope) -> Table:
    """Sensitive: only by country and by quarter or coarser (the policy refuses finer)."""
    rows = (
        _flow_counts(reader, scope)
        .values("nationality")
        .annotate(n=Sum("unaccompanied_children"))
        .order_by()
    )
    return Table(
        "unaccompanied_children_observed",
        ("nationality",),
        {(row["nationality"] or "UNK",): row["n"] or 0 for row in rows},
        population=scope.population("unaccompanied_children"),
        sensitive=True,
        geography="country",
        time=scope.period.level,
    )


def encounters_by_origin(reader: Any, scope: Scope) -> Table:
    rows = _encounters(reader, scope).values("country_of_origin").annotate(n=Count("pk")).order_by()
    return Table(
        "encounters_by_origin",
        ("origin",),
        {(row["country_of_origin"] or "UNK",): row["n"] or 0 for row in rows},
        population=scope.population(ENCOUNTERS),
        geography="country",
        time=scope.period.level,
    )


def encounters_by_destination(reader: Any, scope: Scope) -> Table:
    rows = (
        _encounters(reader, scope).values("intended_destination").annotate(n=Count("pk")).order_by()
    )
    return Table(
        "encounters_by_destination",
        ("destination",),
        {(row["intended_destination"] or "UNK",): row["n"] or 0 for row in rows},
        population=scope.population(ENCOUNTERS),
        geography="country",
        time=scope.period.level,
    )


def reasons_for_leaving(reader: Any, scope: Scope) -> Table:
    """Several reasons per encounter: each cell counts encounters naming that reason, so the
    cells add up to more than the encounters (the total is the sum of mentions)."""
    cells: Counter[tuple[str, ...]] = Counter()
    for reasons in _encounters(reader, scope).values_list("reasons_for_leaving", flat=True):
        for reason in set(reasons or ()):
            cells[(str(reason),)] += 1
    return Table(
        "reasons_for_leaving",
        ("reason",),
        dict(cells),
        population=scope.population("reason_mentions"),
        geography="country",
        time=scope.period.level,
    )


@dataclass(frozen=True)
class Kind:
    build: Callable[[Any, Scope], Table]
    title: Any
    source: Any


KINDS: dict[str, Kind] = {
    "movements_by_month": Kind(
        movements_by_month, _("Movements by month and direction"), _("flow monitoring registry")
    ),
    "movements_by_site": Kind(
        movements_by_site, _("Movements by flow monitoring point"), _("flow monitoring registry")
    ),
    "movements_by_nationality": Kind(
        movements_by_nationality, _("Movements by nationality"), _("flow monitoring registry")
    ),
    "movements_by_sex_and_age": Kind(
        movements_by_sex_and_age, _("Movements by sex and age"), _("flow monitoring registry")
    ),
    "unaccompanied_children_observed": Kind(
        unaccompanied_children_observed,
        _("Unaccompanied children observed, by nationality"),
        _("flow monitoring registry"),
    ),
    "encounters_by_origin": Kind(
        encounters_by_origin, _("Interviews by country of origin"), _("registrations and surveys")
    ),
    "encounters_by_destination": Kind(
        encounters_by_destination,
        _("Interviews by intended destination"),
        _("registrations and surveys"),
    ),
    "reasons_for_leaving": Kind(
        reasons_for_leaving,
        _("Reasons for leaving (several per person)"),
        _("registrations and surveys"),
    ),
}


def build_tables(reader: Any, scope: Scope, kinds: list[str]) -> list[Table]:
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise ValueError(f"unknown tables: {', '.join(unknown)}")
    return [KINDS[k].build(reader, scope) for k in kinds]

"""The dashboards' figures for a user's scope: one function per chart, each a plain table.

Encounters are counted from the aggregate table (``EncounterFact``) through the DuckDB copy
(``flows.engine``); flow counts from the flow monitoring registry through the ORM (one row per
group, far fewer rows). Every function takes an ``Audience`` — whose figures may be counted —
built from the user's scope by ``audience_of`` (the same rule as ``core.scoping.scoped`` for
``EncounterFact``: the user's organisation, their sites for ``view_aggregates``). A government
official's national view is not counted here: it shows approved publications only
(``flows.national``).

A table is a list of dicts, each with its dimensions and ``count``; codes, not labels.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from mixflow.accounts.models import Organisation
from mixflow.core.roles import Capability
from mixflow.core.scoping import ALL_SITES, rule_for, scope_of, scoped
from mixflow.flows.corridors import site_ids_on
from mixflow.flows.dashboard_filters import Filters
from mixflow.flows.engine import FACTS, FLAGS, PEOPLE, flag
from mixflow.intake.models import FlowCount
from mixflow.lib.vocabularies import OrganisationKind

Row = dict[str, Any]
Table = list[Row]


@dataclass(frozen=True)
class Audience:
    """Whose data a dashboard counts: an organisation (``None``: all), sites (``None``: all),
    a country (``""``: any)."""

    organisation_id: int | None
    site_ids: frozenset[int] | None
    country: str = ""
    nobody: bool = False
    sensitive: bool = False
    """Whether vulnerabilities from sensitive answers may be counted."""


NOBODY = Audience(None, frozenset(), nobody=True)


def audience_of(user: Any, capability: Capability = Capability.VIEW_AGGREGATES) -> Audience:
    scope = scope_of(user)
    sensitive = scope.can(Capability.VIEW_SENSITIVE)
    if scope.system and scope.organisation_id is None:
        return Audience(None, None, sensitive=True)
    if not scope.can(capability) or scope.organisation_id is None:
        return NOBODY
    sites = scope.sites_for(capability)
    return Audience(
        scope.organisation_id,
        None if sites is ALL_SITES else frozenset(sites),
        "",
        False,
        sensitive,
    )


def national_country_of(user: Any) -> str:
    """The country a government official sees whole ("" when the user is not one)."""
    scope = scope_of(user)
    if not scope.can(Capability.VIEW_AGGREGATES) or scope.organisation_id is None:
        return ""
    organisation = Organisation.objects.filter(pk=scope.organisation_id).first()
    if organisation is None or organisation.kind != OrganisationKind.GOVERNMENT:
        return ""
    return organisation.country


# ------------------------------------------------------------------------------------------
# Encounters (DuckDB over the facts)
# ------------------------------------------------------------------------------------------


def _where(audience: Audience, filters: Filters) -> tuple[str, list[Any]]:
    if audience.nobody:
        return "FALSE", []
    clauses: list[str] = []
    params: list[Any] = []
    if audience.organisation_id is not None:
        clauses.append("organisation_id = ?")
        params.append(audience.organisation_id)
    site_sets: list[frozenset[int]] = []
    if audience.site_ids is not None:
        site_sets.append(audience.site_ids)
    if filters.site_ids:
        site_sets.append(frozenset(filters.site_ids))
    if filters.route:
        site_sets.append(site_ids_on(filters.route))
    for sites in site_sets:
        clauses.append("list_contains(?, site_id)")
        params.append(sorted(sites))
    for column, value in (
        ("country", audience.country),
        ("country", filters.country),
        ("nationality", filters.nationality),
        ("sex", filters.sex),
        ("age_band", filters.age_band),
    ):
        if value:
            clauses.append(f"{column} = ?")
            params.append(value)
    return _within_period(clauses, params, filters, "occurred_on")


def _within_period(
    clauses: list[str], params: list[Any], filters: Filters, day: str
) -> tuple[str, list[Any]]:
    """The clauses joined, with the filters' first and last day on the ``day`` column."""
    if filters.start:
        clauses.append(f"{day} >= ?")
        params.append(filters.start)
    if filters.end:
        clauses.append(f"{day} <= ?")
        params.append(filters.end)
    return " AND ".join(clauses) or "TRUE", params


def _facts(
    audience: Audience, filters: Filters, select: str, group: str, order: str = "count DESC"
) -> Table:
    where, params = _where(audience, filters)
    sql = f"SELECT {select} FROM facts WHERE {where} GROUP BY {group} ORDER BY {order}"  # noqa: S608
    names, rows = FACTS.answer(sql, params)
    return [dict(zip(names, row, strict=True)) for row in rows]


def totals(audience: Audience, filters: Filters) -> Row:
    """Encounters, and the people behind them (records identity resolution linked count once)."""
    rows = _facts(
        audience,
        filters,
        f"count(*) AS encounters, {PEOPLE} AS people",
        "()",
        "encounters",
    )
    return rows[0] if rows else {"encounters": 0, "people": 0}


def encounters_over_time(audience: Audience, filters: Filters) -> Table:
    grain = filters.grain if filters.grain in ("day", "week", "month") else "month"
    return [
        {**row, "period": row["period"].isoformat()}
        for row in _facts(
            audience,
            filters,
            f"CAST(date_trunc('{grain}', occurred_on) AS DATE) AS period, kind, count(*) AS count",
            "period, kind",
            "period, kind",
        )
    ]


def pyramid(audience: Audience, filters: Filters) -> Table:
    return _facts(
        audience, filters, "sex, age_band, count(*) AS count", "sex, age_band", "sex, age_band"
    )


def nationalities(audience: Audience, filters: Filters) -> Table:
    return _facts(
        audience,
        filters,
        f"nationality, count(*) AS count, {PEOPLE} AS people",
        "nationality",
        "count DESC, nationality",
    )


def _flags(audience: Audience, filters: Filters, kind: str) -> Table:
    """Counts of a list (several reasons, several means per person) from its flag columns: a
    person with two reasons counts once under each. One scan, no unnesting."""
    codes = FLAGS[kind]
    select = ", ".join(f"count(*) FILTER (WHERE {flag(kind, c)}) AS {flag(kind, c)}" for c in codes)
    rows = _facts(audience, filters, select, "()", "1")
    if not rows:
        return []
    found = [{kind: c, "count": rows[0][flag(kind, c)]} for c in codes]
    return sorted(
        (row for row in found if row["count"]), key=lambda row: (-row["count"], row[kind])
    )


def reasons(audience: Audience, filters: Filters) -> Table:
    return _flags(audience, filters, "reason")


def transport(audience: Audience, filters: Filters) -> Table:
    return _flags(audience, filters, "transport")


def destinations(audience: Audience, filters: Filters) -> Table:
    return _facts(
        audience,
        filters,
        "destination, count(*) AS count",
        "destination",
        "count DESC, destination",
    )


def smuggling(audience: Audience, filters: Filters) -> Table:
    """Use of smugglers (yes, no, not said) and what was paid, in US dollars."""
    return _facts(
        audience,
        filters,
        "CASE WHEN used_smuggler IS NULL THEN 'unknown' WHEN used_smuggler THEN 'yes' "
        "ELSE 'no' END AS answer, count(*) AS count, "
        "CAST(median(smuggler_cost_usd) AS BIGINT) AS median_cost_usd, "
        "count(smuggler_cost_usd) AS costs_given",
        "answer",
        "answer DESC",
    )


def vulnerabilities(audience: Audience, filters: Filters) -> Table:
    """Encounters with trafficking, violence or health answers: sensitive, so only for an
    audience allowed them (empty otherwise)."""
    if not audience.sensitive:
        return []
    rows = _facts(
        audience,
        filters,
        "count(*) FILTER (WHERE trafficking) AS trafficking, "
        "count(*) FILTER (WHERE violence) AS violence, "
        "count(*) FILTER (WHERE health) AS health",
        "()",
        "1",
    )
    if not rows:
        return []
    return [{"vulnerability": k, "count": v} for k, v in rows[0].items()]


def sankey(audience: Audience, filters: Filters) -> Table:
    """Origin → country where met → intended destination, for a Sankey diagram."""
    return _facts(
        audience,
        filters,
        "origin, country AS transit, destination, count(*) AS count",
        "origin, transit, destination",
        "count DESC, origin, transit, destination",
    )


def sites(audience: Audience, filters: Filters) -> Table:
    """Per site: encounters and the people behind them (identity-linked records once)."""
    return _facts(
        audience,
        filters,
        f"site_id, count(*) AS count, {PEOPLE} AS people",
        "site_id",
        "count DESC, site_id",
    )


# ------------------------------------------------------------------------------------------
# The flow monitoring registry (movements): DuckDB's copy of it (``FACTS.counts_answer``);
# ``flows.registry_orm`` asks the same through the ORM (the tests' reference)
# ------------------------------------------------------------------------------------------


def flow_counts_in(user: Any, audience: Audience, filters: Filters) -> QuerySet[FlowCount]:
    """Flow counts for the audience and filters (sex and age band do not apply: a count has
    men, women, boys and girls, not one person's sex)."""
    if audience.nobody:
        return FlowCount.objects.none()
    if audience.country:  # national view: every organisation, that country's sites
        counts = FlowCount.objects.filter(site__country_code=audience.country)
    else:
        counts = scoped(user, FlowCount)
    q = Q()
    if filters.site_ids:
        q &= Q(site_id__in=filters.site_ids)
    if filters.route:
        q &= Q(site_id__in=site_ids_on(filters.route))
    if filters.country:
        q &= Q(site__country_code=filters.country)
    if filters.nationality:
        q &= Q(nationality=filters.nationality)
    # Ranges of instants, not ``__date``: on SQLite a date cast is a Python call per row, and
    # a range uses the (site, observed_at) index.
    if filters.start:
        q &= Q(observed_at__gte=_midnight(filters.start))
    if filters.end:
        q &= Q(observed_at__lt=_midnight(filters.end + datetime.timedelta(days=1)))
    return counts.filter(q)


def _midnight(day: datetime.date) -> datetime.datetime:
    """The start of ``day`` in the server's time zone (as ``__date`` compares)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


OBSERVED = ("men", "women", "boys", "girls")
VULNERABLE = (
    "unaccompanied_children",
    "pregnant_women",
    "older_persons",
    "persons_with_disability",
)


def _counts_where(user: Any, audience: Audience, filters: Filters) -> tuple[str, list[Any]]:
    """The same rows as ``flow_counts_in`` (tested against it), as a DuckDB condition.

    Scope: a national view reads every organisation's counts at that country's sites;
    otherwise the user's ``view_flow_counts`` scope, as ``core.scoping.scoped`` computes it
    for ``FlowCount``'s rule (their organisation; their sites when the role names sites).
    """
    if audience.nobody:
        return "FALSE", []
    clauses: list[str] = []
    params: list[Any] = []
    if audience.country:
        clauses.append("country = ?")
        params.append(audience.country)
    else:
        rule = rule_for(FlowCount)
        if rule.shared_through or rule.assigned_to or rule.cross_organisation:
            raise TypeError("FlowCount's scope rule is no longer an organisation and a site")
        scope = scope_of(user)
        if not (scope.system and scope.organisation_id is None):
            if not scope.can(rule.capability) or scope.organisation_id is None:
                return "FALSE", []
            clauses.append("organisation_id = ?")
            params.append(scope.organisation_id)
            sites = scope.sites_for(rule.capability)
            if sites is not ALL_SITES:
                clauses.append("list_contains(?, site_id)")
                params.append(sorted(sites))
    for sites in (
        frozenset(filters.site_ids) if filters.site_ids else None,
        site_ids_on(filters.route) if filters.route else None,
    ):
        if sites is not None:
            clauses.append("list_contains(?, site_id)")
            params.append(sorted(sites))
    for column, value in (("country", filters.country), ("nationality", filters.nationality)):
        if value:
            clauses.append(f"{column} = ?")
            params.append(value)
    return _within_period(clauses, params, filters, "observed_on")


def _counts(
    user: Any, audience: Audience, filters: Filters, select: str, group: str, order: str
) -> Table:
    where, params = _counts_where(user, audience, filters)
    sql = f"SELECT {select} FROM flow_counts WHERE {where} GROUP BY {group} ORDER BY {order}"  # noqa: S608
    names, rows = FACTS.counts_answer(sql, params)
    return [dict(zip(names, row, strict=True)) for row in rows]


def movements_over_time(user: Any, audience: Audience, filters: Filters) -> Table:
    """People counted passing per period (day, week from Monday, month: days in the server's
    time zone) and direction."""
    grain = filters.grain if filters.grain in ("day", "week", "month") else "month"
    return [
        {**row, "period": row["period"].isoformat(), "count": int(row["count"] or 0)}
        for row in _counts(
            user,
            audience,
            filters,
            f"CAST(date_trunc('{grain}', observed_on) AS DATE) AS period, direction, "
            "sum(group_size) AS count",
            "period, direction",
            "period, direction",
        )
    ]


def movement_breakdown(user: Any, audience: Audience, filters: Filters) -> Table:
    """People counted passing, by who they are and the vulnerabilities observed (not
    personal: nobody is named in a flow count)."""
    names = (*OBSERVED, *VULNERABLE)
    rows = _counts(user, audience, filters, ", ".join(f"sum({n}) AS {n}" for n in names), "()", "1")
    sums = rows[0] if rows else {}
    return [{"group": name, "count": int(sums.get(name) or 0)} for name in names]


def movements_by_site(user: Any, audience: Audience, filters: Filters) -> Table:
    rows = _counts(
        user,
        audience,
        filters,
        "site_id, sum(group_size) AS count",
        "site_id",
        "count DESC, site_id",
    )
    return [{"site_id": r["site_id"], "count": int(r["count"] or 0)} for r in rows]


def movement_nationalities(user: Any, audience: Audience, filters: Filters) -> Table:
    rows = _counts(
        user,
        audience,
        filters,
        "nationality, sum(group_size) AS count",
        "nationality",
        "count DESC, nationality",
    )
    return [{"nationality": r["nationality"], "count": int(r["count"] or 0)} for r in rows]


def route_segments(user: Any, audience: Audience, filters: Filters) -> Table:
    """Previous transit point → site of flow counts: the route segments drawn on the map."""
    where, params = _counts_where(user, audience, filters)
    names, rows = FACTS.counts_answer(
        "SELECT previous_transit_point_id AS from_site_id, site_id AS to_site_id, "  # noqa: S608
        f"sum(group_size) AS count FROM flow_counts WHERE ({where}) "
        "AND previous_transit_point_id IS NOT NULL GROUP BY from_site_id, to_site_id "
        "ORDER BY count DESC, from_site_id, to_site_id",
        params,
    )
    return [{**dict(zip(names, row, strict=True)), "count": int(row[2] or 0)} for row in rows]


def flow_count_list(user: Any, filters: Filters, direction: str = "") -> QuerySet[FlowCount]:
    """The flow counts the user may see, newest first, for the list page."""
    counts = flow_counts_in(user, audience_of(user, Capability.VIEW_FLOW_COUNTS), filters)
    if direction:
        counts = counts.filter(direction=direction)
    return counts.select_related("site").order_by("-observed_at", "-id")

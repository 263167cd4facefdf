"""The flow monitoring registry's dashboard figures asked through the Django ORM: what
``flows.dashboard_queries`` answered before it read DuckDB's copy of the registry.

Kept as the reference the copy is tested against (same answers on SQLite and PostgreSQL) and
as the benchmark's baseline (``benchmarks/flows_dashboard.py``); pages do not use it. On
SQLite ``TruncMonth`` is a Python call per row: 200,000 groups took seconds.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Sum
from django.db.models.functions import TruncDay, TruncMonth, TruncWeek

from mixflow.flows.dashboard_filters import Filters
from mixflow.flows.dashboard_queries import (
    OBSERVED,
    VULNERABLE,
    Audience,
    Table,
    flow_counts_in,
)

_TRUNC = {"day": TruncDay, "week": TruncWeek, "month": TruncMonth}


def movements_over_time(user: Any, audience: Audience, filters: Filters) -> Table:
    trunc = _TRUNC.get(filters.grain, TruncMonth)
    rows = (
        flow_counts_in(user, audience, filters)
        .order_by()
        .annotate(period=trunc("observed_at"))
        .values("period", "direction")
        .annotate(count=Sum("group_size"))
        .order_by("period", "direction")
    )
    return [
        {
            "period": _day(r["period"]).isoformat(),
            "direction": r["direction"],
            "count": r["count"] or 0,
        }
        for r in rows
    ]


def _day(value: datetime.date | datetime.datetime) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def movement_breakdown(user: Any, audience: Audience, filters: Filters) -> Table:
    """People counted passing, by who they are and the vulnerabilities observed (not
    personal: nobody is named in a flow count)."""
    sums = flow_counts_in(user, audience, filters).aggregate(
        **{name: Sum(name) for name in (*OBSERVED, *VULNERABLE)}
    )
    return [{"group": name, "count": sums[name] or 0} for name in (*OBSERVED, *VULNERABLE)]


def movements_by_site(user: Any, audience: Audience, filters: Filters) -> Table:
    rows = (
        flow_counts_in(user, audience, filters)
        .order_by()
        .values("site_id")
        .annotate(count=Sum("group_size"))
        .order_by("-count", "site_id")
    )
    return [{"site_id": r["site_id"], "count": r["count"] or 0} for r in rows]


def movement_nationalities(user: Any, audience: Audience, filters: Filters) -> Table:
    rows = (
        flow_counts_in(user, audience, filters)
        .order_by()
        .values("nationality")
        .annotate(count=Sum("group_size"))
        .order_by("-count", "nationality")
    )
    return [{"nationality": r["nationality"], "count": r["count"] or 0} for r in rows]


def route_segments(user: Any, audience: Audience, filters: Filters) -> Table:
    """Previous transit point → site of flow counts: the route segments drawn on the map."""
    rows = (
        flow_counts_in(user, audience, filters)
        .exclude(previous_transit_point=None)
        .order_by()
        .values("previous_transit_point_id", "site_id")
        .annotate(count=Sum("group_size"))
        .order_by("-count")
    )
    return [
        {
            "from_site_id": r["previous_transit_point_id"],
            "to_site_id": r["site_id"],
            "count": r["count"] or 0,
        }
        for r in rows
    ]

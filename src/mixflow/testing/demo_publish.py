"""Demo publications: the analyst prepares one per country where the busiest organisation
counts most (its quarter with the most movements) and a second analyst approves it, so that
the public portal, its downloads and ``mixflow report`` have something to show."""

from __future__ import annotations

from django.db.models import Count, Sum
from django.db.models.functions import TruncQuarter

from mixflow.accounts.actions import create_or_update_user
from mixflow.accounts.models import User
from mixflow.core.actors import SystemActor
from mixflow.core.roles import Role
from mixflow.flows.actions import approve_publication, prepare_publication
from mixflow.flows.models import Publication
from mixflow.flows.reports import DRAFT_TABLES
from mixflow.geo.queries import country_name
from mixflow.intake.models import FlowCount

DEMO = SystemActor("mixflow demo")
COUNTRIES = 2


def publish_demo(users: list[User], password: str) -> list[User]:
    """Publish, and return the accounts made for it (the second analyst) to list with the
    others."""
    analyst = next((u for u in users if u.username == Role.ANALYST.value), None)
    if analyst is None or analyst.organisation is None:
        return []
    organisation = analyst.organisation
    approver = create_or_update_user(
        username="analyst2",
        organisation=organisation,
        password=password,
        roles=[Role.ANALYST],
        first_name="Second analyst",
        actor=DEMO,
    )
    if Publication.objects.filter(organisation=organisation).exists():
        return [approver]  # already published on an earlier run
    counts = FlowCount.objects.filter(organisation=organisation)
    busiest = (
        counts.values("site__country_code")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("site__country_code", flat=True)[:COUNTRIES]
    )
    for country in busiest:
        best = (
            counts.filter(site__country_code=country)
            .annotate(quarter=TruncQuarter("observed_at"))
            .values("quarter")
            .annotate(people=Sum("group_size"))
            .order_by("-people")
            .first()
        )
        if best is None:
            continue
        start = best["quarter"]
        period = f"{start.year}-Q{(start.month - 1) // 3 + 1}"
        publication = prepare_publication(
            actor=analyst,
            organisation=organisation,
            title=f"Flow monitoring — {country_name(country)}, {period}",
            country=country,
            period=period,
            table_kinds=DRAFT_TABLES,
        )
        approve_publication(actor=approver, publication=publication)
    return [approver]

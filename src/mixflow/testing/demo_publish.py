"""Demo publications: the analyst prepares one per country of the busiest organisation's flow
counts (the quarter of its latest count) and a second analyst approves it, so that the public portal,
its downloads and ``mixflow report`` have something to show."""

from __future__ import annotations

from django.db.models import Count, Max

from mixflow.accounts.actions import create_or_update_user
from mixflow.accounts.models import User
from mixflow.core.actors import SystemActor
from mixflow.core.roles import Role
from mixflow.flows.actions import approve_publication, prepare_publication
from mixflow.flows.models import Publication
from mixflow.flows.reports import DRAFT_TABLES
from mixflow.intake.models import FlowCount

DEMO = SystemActor("mixflow demo")
COUNTRIES = 2


def publish_demo(users: list[User], password: str) -> list[Publication]:
    analyst = next((u for u in users if u.username == Role.ANALYST.value), None)
    if analyst is None or analyst.organisation is None:
        return []
    organisation = analyst.organisation
    if Publication.objects.filter(organisation=organisation).exists():
        return []  # already published on an earlier run
    approver = create_or_update_user(
        username="analyst2",
        organisation=organisation,
        password=password,
        roles=[Role.ANALYST],
        first_name="Second analyst",
        actor=DEMO,
    )
    counts = FlowCount.objects.filter(organisation=organisation)
    busiest = (
        counts.values("site__country_code")
        .annotate(n=Count("pk"), last=Max("observed_at"))
        .order_by("-n")[:COUNTRIES]
    )
    published = []
    for row in busiest:
        last = row["last"]
        quarter = (last.month - 1) // 3 + 1
        period = f"{last.year}-Q{quarter}"
        publication = prepare_publication(
            actor=analyst,
            organisation=organisation,
            title=f"Flow monitoring — {row['site__country_code']} {period}",
            country=row["site__country_code"],
            period=period,
            table_kinds=DRAFT_TABLES,
        )
        published.append(approve_publication(actor=approver, publication=publication))
    return published

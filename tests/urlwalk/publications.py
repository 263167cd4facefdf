"""An approved publication of home for the walk (publication pages, portal, public API)."""

from __future__ import annotations

from typing import Any

from mixflow.accounts.actions import create_or_update_user
from mixflow.core.actors import SystemActor
from mixflow.core.roles import Role
from mixflow.flows.actions import approve_publication, prepare_publication
from mixflow.flows.models import Publication

TABLE = "movements_by_nationality"


def approved_publication(world: Any) -> Publication:
    approver = create_or_update_user(
        username="walk_second_analyst",
        organisation=world.home,
        password="walk-second-analyst-password-42",
        roles=[Role.ANALYST],
        actor=SystemActor("tests"),
    )
    publication = prepare_publication(
        actor=world.user(Role.ANALYST),
        organisation=world.home,
        title="Walk publication",
        country="NER",
        period="2026-Q3",
        table_kinds=[TABLE, "movements_by_site"],
    )
    return approve_publication(actor=approver, publication=publication)

"""Flow counts in Niger and Libya for the third quarter of 2026, and a second analyst to
approve what the first prepares."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest

from mixflow.accounts.actions import create_or_update_user
from mixflow.accounts.models import User
from mixflow.core.roles import Role
from mixflow.intake.actions import record_flow_count
from tests.conftest import PASSWORD, SETUP, World


@dataclass
class Flows:
    world: World
    analyst: User
    second_analyst: User

    def count(self, *, site: Any = None, day: datetime.date, **values: Any) -> None:
        """One group observed (recorded by the operator, who may record anywhere)."""
        record_flow_count(
            actor=SETUP,
            organisation=self.world.home,
            site=site or self.world.agadez,
            values={"observed_at": day, "direction": "incoming", **values},
        )


def observed(
    flows: Flows, nationality: str, people: int, *, day: datetime.date, **more: Any
) -> None:
    """``people`` observed in groups of at most five (so counts of one are visible)."""
    while people > 0:
        size = min(5, people)
        flows.count(day=day, nationality=nationality, group_size=size, men=size, **more)
        people -= size


@pytest.fixture
def flows(world: World) -> Flows:
    second = create_or_update_user(
        username="second_analyst",
        organisation=world.home,
        password=PASSWORD,
        roles=[Role.ANALYST],
        actor=SETUP,
    )
    f = Flows(world, world.user(Role.ANALYST), second)
    day = datetime.date(2026, 8, 10)
    observed(f, "NER", 40, day=day)
    observed(f, "MLI", 23, day=day)
    observed(f, "SEN", 3, day=day)
    observed(f, "NGA", 12, day=datetime.date(2026, 9, 2))
    f.count(
        day=day,
        nationality="NER",
        group_size=6,
        men=2,
        women=2,
        boys=1,
        girls=1,
        unaccompanied_children=1,
    )
    observed(f, "SDN", 30, day=day, site=world.tripoli)
    return f

"""Shared data of the flows tests: flow counts in Niger and Libya for the third quarter of 2026
and a second analyst to approve what the first prepares (publications); a small known set of
encounters on top of the shared world (dashboards)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest

from mixflow.accounts.actions import create_or_update_user
from mixflow.accounts.models import User
from mixflow.core.roles import Role
from mixflow.identity.actions import PersonDetails, register_person
from mixflow.intake.actions import Journey, Sensitive, record_encounter, record_flow_count
from mixflow.lib.vocabularies import EncounterKind
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


LATER = datetime.date(2026, 11, 2)


@pytest.fixture
def known(world: World) -> World:
    """On top of the world's four encounters (two of home, two of other, all on DAY):
    two more of home's at Tripoli, one of them a second encounter of the same person."""
    officer = world.user(Role.REGISTRATION_OFFICER)
    child = register_person(
        actor=officer,
        organisation=world.home,
        site=world.tripoli,
        registered_on=LATER,
        details=PersonDetails(
            given_name="Amina",
            family_name="Yusuf",
            sex="female",
            date_of_birth="2014",
            nationalities=["SDN"],
        ),
    )
    journey = Journey(
        country_of_origin="SDN",
        countries_transited=["TCD", "LBY"],
        intended_destination="ITA",
        transport=["truck", "boat"],
        reasons_for_leaving=["conflict", "persecution"],
        used_smuggler=True,
        smuggler_cost_usd=1200,
    )
    record_encounter(
        actor=officer,
        person=child,
        site=world.tripoli,
        occurred_on=LATER,
        kind=EncounterKind.REGISTRATION,
        journey=journey,
    )
    record_encounter(
        actor=officer,
        person=world.at_tripoli,
        site=world.tripoli,
        occurred_on=LATER,
        kind=EncounterKind.SCREENING,
        journey=Journey(
            country_of_origin="SDN",
            intended_destination="DEU",
            reasons_for_leaving=["economic"],
            used_smuggler=False,
        ),
        sensitive=Sensitive(health_conditions=["chronic"]),
    )
    return world

"""A small known dataset on top of the shared world, for the dashboards' tests."""

from __future__ import annotations

import datetime

import pytest

from mixflow.core.roles import Role
from mixflow.identity.actions import PersonDetails, register_person
from mixflow.intake.actions import Journey, Sensitive, record_encounter
from mixflow.lib.vocabularies import EncounterKind
from tests.conftest import World

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

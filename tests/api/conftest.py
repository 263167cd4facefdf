"""API clients for the ``world`` users, and flow counts and a group to read."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from mixflow.accounts.actions import issue_api_token
from mixflow.accounts.models import User
from mixflow.core.actors import SystemActor
from mixflow.core.roles import Role
from mixflow.identity.actions import register_group
from mixflow.intake.actions import record_flow_count, upload_questionnaire
from mixflow.intake.models import QuestionnaireVersion
from mixflow.lib.vocabularies import Direction, GroupKind, Relationship
from tests.intake.builders import flow_count_form, registration_form

Client = Callable[[User], APIClient]


@pytest.fixture
def api() -> Client:
    """``api(user)``: a client sending ``user``'s token, as a script would."""

    def client_of(user: User) -> APIClient:
        client = APIClient()
        _token, key = issue_api_token(actor=user, user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        return client

    return client_of


@pytest.fixture
def records(world: Any) -> dict[str, Any]:
    """A group at Agadez, and flow counts at Agadez and Tripoli (home) and Agadez (other)."""
    officer = world.user(Role.REGISTRATION_OFFICER)
    group = register_group(
        actor=officer,
        organisation=world.home,
        site=world.agadez,
        kind=GroupKind.FAMILY,
        formed_on=datetime.date(2026, 9, 14),
        members=[(world.at_agadez, Relationship.HEAD)],
    )

    def count(org: Any, site: Any, day: int, direction: str, men: int) -> Any:
        # Each organisation's counts are recorded for it (the other's by a loading command).
        return record_flow_count(
            actor=officer if org == world.home else SystemActor("test", organisation_id=org.pk),
            organisation=org,
            site=site,
            values={
                "observed_at": datetime.datetime(2026, 9, day, 10, tzinfo=datetime.UTC),
                "direction": direction,
                "group_size": men,
                "men": men,
                "nationality": "NER",
            },
        )

    return {
        "group": group,
        "agadez_in": count(world.home, world.agadez, 10, Direction.INCOMING, 3),
        "agadez_out": count(world.home, world.agadez, 20, Direction.OUTGOING, 5),
        "tripoli": count(world.home, world.tripoli, 15, Direction.TRANSIT, 7),
        "other": count(world.other, world.agadez, 12, Direction.INCOMING, 11),
    }


@pytest.fixture
def registration(world: Any) -> QuestionnaireVersion:
    """A registration form (needs ``register_persons``) of the home organisation."""
    return upload_questionnaire(
        actor=world.user(Role.ORG_ADMIN),
        organisation=world.home,
        content=registration_form(),
        file_name="registration.xlsx",
    )


@pytest.fixture
def counts(world: Any) -> QuestionnaireVersion:
    """A flow count form (needs ``record_flow_counts``) of the home organisation."""
    return upload_questionnaire(
        actor=world.user(Role.ORG_ADMIN),
        organisation=world.home,
        content=flow_count_form(),
        file_name="counts.xlsx",
    )

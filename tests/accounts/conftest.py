"""Accounts used by the accounts tests, made by the operator through the actions."""

from __future__ import annotations

from typing import Any

import pytest
from auditlog.models import LogEntry

from mixflow.accounts import actions
from mixflow.accounts.models import RoleAssignment, User
from mixflow.core.roles import Role
from tests.conftest import PASSWORD, SETUP


@pytest.fixture
def newcomer(world: Any) -> User:
    """An account of the home organisation without any role yet."""
    return actions.create_user(
        actor=SETUP, organisation=world.home, username="newcomer", password=PASSWORD
    )


@pytest.fixture
def site_admin(world: Any) -> User:
    """An organisation administrator limited to Agadez."""
    return actions.create_or_update_user(
        actor=SETUP,
        username="agadez-admin",
        organisation=world.home,
        password=PASSWORD,
        roles=[Role.ORG_ADMIN],
        limited_to=[world.agadez],
    )


def roles_of(user: User) -> set[str]:
    return set(RoleAssignment.objects.filter(user=user).values_list("role", flat=True))


def entries_about(model: type[Any], pk: int) -> Any:
    return LogEntry.objects.filter(
        content_type__model=model._meta.model_name, object_pk=str(pk)
    ).order_by("pk")

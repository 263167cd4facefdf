"""State changes of accounts. Each is atomic; auditlog records it in the same transaction."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from mixflow.accounts.models import Organisation, RoleAssignment, User
from mixflow.core import audit
from mixflow.core.roles import ROLE_CAPABILITIES, Capability
from mixflow.core.scoping import forget_scope
from mixflow.geo.models import Location


@transaction.atomic
def create_or_update_user(
    *,
    username: str,
    organisation: Organisation,
    password: str,
    roles: Iterable[str],
    limited_to: Iterable[Location] = (),
    first_name: str = "",
    actor: Any = None,
) -> User:
    """Create the user (or bring an existing one to this state): organisation, password, roles.

    Administrators get ``is_staff`` so that the admin's own sign-in form accepts them.
    """
    roles = list(roles)
    with audit.acting_as(actor):
        user, _ = User.objects.get_or_create(
            username=username, defaults={"organisation": organisation}
        )
        user.organisation = organisation
        user.first_name = first_name or user.first_name
        capabilities = set().union(*(ROLE_CAPABILITIES[r] for r in roles)) if roles else set()
        user.is_staff = bool(capabilities & {Capability.ADMINISTER_SYSTEM, Capability.MANAGE_USERS})
        user.set_password(password)
        user.save()
        user.role_assignments.exclude(role__in=roles).delete()
        places = list(limited_to)
        for role in roles:
            assignment, _ = RoleAssignment.objects.get_or_create(user=user, role=role)
            assignment.limited_to.set(places)
    forget_scope(user)
    return user

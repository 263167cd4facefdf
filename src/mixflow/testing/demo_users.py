"""One demo account per role, named after the role, in the demo data's busiest organisations."""

from __future__ import annotations

from django.db.models import Count

from mixflow.accounts.actions import create_or_update_user
from mixflow.accounts.models import Organisation, User
from mixflow.core.actors import SystemActor
from mixflow.core.roles import Role
from mixflow.lib.vocabularies import OrganisationKind

# Each role works in the kind of organisation it belongs to, where the demo data has one.
HOME_KIND = {
    Role.SERVICE_PROVIDER: OrganisationKind.SERVICE_PROVIDER,
    Role.GOVERNMENT_OFFICIAL: OrganisationKind.GOVERNMENT,
}


def _busiest(kind: str | None = None) -> Organisation:
    organisations = Organisation.objects.annotate(n=Count("persons")).order_by("-n", "pk")
    if kind is not None:
        of_kind = organisations.filter(kind=kind).first()
        if of_kind is not None:
            return of_kind
    busiest = organisations.first()
    if busiest is None:
        raise RuntimeError("No organisation yet: load a dataset first.")
    return busiest


def ensure_demo_users(password: str) -> list[User]:
    users = []
    for role in Role:
        users.append(
            create_or_update_user(
                username=role.value,
                organisation=_busiest(HOME_KIND.get(role)),
                password=password,
                roles=[role.value],
                first_name=str(role.label),
                actor=SystemActor("mixflow demo"),
            )
        )
    return users

"""Reads of accounts for pages, the admin and the CLI, scoped to the actor where they show
accounts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from mixflow.accounts.actors import Actor
from mixflow.accounts.models import ApiToken, Organisation, RoleAssignment, User
from mixflow.core.roles import ROLE_CAPABILITIES, Capability, Role
from mixflow.core.scoping import ALL_SITES, scope_of, scoped
from mixflow.geo.models import Location
from mixflow.lib.vocabularies import LocationLevel

PLACES_SHOWN = 50
"""How many sites or areas a search for a role's limit offers at most."""


def users_for(actor: Actor) -> QuerySet[User]:
    """The accounts ``actor`` may manage: their organisation's, or every one's for a system
    administrator; with their roles and limits at hand."""
    return (
        scoped(actor, User)
        .select_related("organisation")
        .prefetch_related("role_assignments__limited_to")
        .order_by("username")
    )


def user_for(actor: Actor, pk: int) -> User | None:
    return users_for(actor).filter(pk=pk).first()


def user_by_username(username: str) -> User | None:
    """For the CLI's ``--user`` and arguments: the machine's operator names accounts."""
    return User.objects.select_related("organisation").filter(username=username).first()


def username_taken(username: str) -> bool:
    return User.objects.filter(username__iexact=username).exists()


def organisation_by_code(code: str) -> Organisation | None:
    return Organisation.objects.filter(code=code).first()


def organisations() -> QuerySet[Organisation]:
    """Every organisation, by code: for commands run by the machine's operator."""
    return Organisation.objects.order_by("code")


def organisation_codes() -> list[str]:
    return list(Organisation.objects.order_by("code").values_list("code", flat=True))


def organisations_for(actor: Actor) -> QuerySet[Organisation]:
    return scoped(actor, Organisation)


def assignment_of(user: User, pk: int) -> RoleAssignment | None:
    return RoleAssignment.objects.filter(user=user, pk=pk).first()


def assignment_by_pk(pk: int) -> RoleAssignment | None:
    return RoleAssignment.objects.select_related("user").filter(pk=pk).first()


@dataclass(frozen=True)
class HeldRole:
    role: str
    label: str
    limited_to: list[Location]


def roles_of(user: User) -> list[HeldRole]:
    """The roles ``user`` holds with their limits (none: the whole organisation)."""
    return [
        HeldRole(
            role=a.role,
            label=str(a.get_role_display()),
            limited_to=list(a.limited_to.all()),
        )
        for a in user.role_assignments.all()
    ]


def grantable_roles(actor: Actor) -> list[Role]:
    """The roles made only of capabilities ``actor`` holds (where the actor is limited to some
    sites, the grant must also be limited: ``accounts.actions.check_grant`` says so)."""
    scope = scope_of(actor)
    return [
        role
        for role in Role
        if all(scope.can(c) for c in ROLE_CAPABILITIES[role])
        and (role != Role.SYSTEM_ADMIN or scope.can(Capability.ADMINISTER_SYSTEM))
    ]


def places_for_limits(actor: Actor, search: str = "") -> QuerySet[Location]:
    """Sites and areas ``actor`` may offer as a role's limit, matching ``search``.

    An actor limited to some sites offers those sites only (an area could hold others)."""
    scope = scope_of(actor)
    places = Location.objects.all()
    limited = [s for c in scope.capabilities if (s := scope.sites_for(c)) is not ALL_SITES]
    if limited:
        allowed = frozenset.intersection(*limited)
        places = places.filter(pk__in=allowed, level=LocationLevel.SITE)
    if search:
        places = places.filter(
            Q(name__icontains=search)
            | Q(name_fr__icontains=search)
            | Q(name_es__icontains=search)
            | Q(code__icontains=search)
            | Q(pcode__iexact=search)
        )
    return places.order_by("path")


def places_offered(actor: Actor, search: str = "") -> QuerySet[Location]:
    """What a form offers for a role's limit: the places matching ``search``, or, before any
    search, the sites (an organisation works at sites; areas and countries are found by name)."""
    places = places_for_limits(actor, search)
    return places if search else places.filter(level=LocationLevel.SITE)


def places_by_code(codes: Iterable[str]) -> tuple[list[Location], list[str]]:
    """The places named by ``codes`` (sites or areas), and the codes that name none."""
    wanted = list(codes)
    found = {p.code: p for p in Location.objects.filter(code__in=wanted)}
    return [found[c] for c in wanted if c in found], [c for c in wanted if c not in found]


def user_for_api_key(key: str) -> User | None:
    """The account an API key belongs to (looked up by its digest), or ``None``."""
    token = ApiToken.objects.select_related("user").filter(digest=ApiToken.digest_of(key)).first()
    return token.user if token is not None else None


def api_tokens_of(user: User) -> QuerySet[ApiToken]:
    """An account's own tokens, newest first (listed to it; never their keys)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")

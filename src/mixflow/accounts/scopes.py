"""How a user's role assignments become their scope (registered with ``core.scoping``)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import reduce
from operator import or_

from django.db.models import Q

from mixflow.accounts.models import RoleAssignment, User
from mixflow.core.roles import ROLE_CAPABILITIES, Capability
from mixflow.core.scoping import ALL_SITES, Scope
from mixflow.geo.models import Location
from mixflow.lib.vocabularies import LocationLevel


def compute_scope(user: User) -> Scope:
    limits: dict[Capability, frozenset[int] | None] = {}
    assignments = RoleAssignment.objects.filter(user=user).prefetch_related("limited_to")
    for assignment in assignments:
        sites = sites_within(assignment.limited_to.all())
        for capability in ROLE_CAPABILITIES.get(assignment.role, frozenset()):
            if capability in limits and limits[capability] is ALL_SITES:
                continue
            if sites is ALL_SITES:
                limits[capability] = ALL_SITES
            else:
                limits[capability] = (limits.get(capability) or frozenset()) | sites
    return Scope(user_id=user.pk, organisation_id=user.organisation_id, site_limits=limits)


def sites_within(locations: Iterable[Location]) -> frozenset[int] | None:
    """Ids of the sites inside ``locations`` (sites or areas); ``ALL_SITES`` when none given."""
    paths = [location.path for location in locations]
    if not paths:
        return ALL_SITES
    inside = reduce(or_, (Q(path=p) | Q(path__startswith=f"{p}/") for p in paths))
    return frozenset(
        Location.objects.filter(inside, level=LocationLevel.SITE).values_list("pk", flat=True)
    )


def limit_paths(user: User) -> dict[Capability, frozenset[str] | None]:
    """Per capability the user holds, the paths of the sites and areas their roles limit it to
    (``None``: not limited). Where sites compare as sets of ids, these compare as places: a limit
    to an area is wider than a limit to the one site it holds today, as sites may be added."""
    paths: dict[Capability, frozenset[str] | None] = {}
    assignments = RoleAssignment.objects.filter(user=user).prefetch_related("limited_to")
    for assignment in assignments:
        places = frozenset(p.path for p in assignment.limited_to.all())
        for capability in ROLE_CAPABILITIES.get(assignment.role, frozenset()):
            if capability in paths and paths[capability] is None:
                continue
            paths[capability] = (
                None if not places else (paths.get(capability) or frozenset()) | places
            )
    return paths


def within(path: str, paths: Iterable[str]) -> bool:
    """Whether the place at ``path`` is one of ``paths`` or inside one of them."""
    return any(path == p or path.startswith(f"{p}/") for p in paths)

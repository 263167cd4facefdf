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

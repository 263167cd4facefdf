"""The one scoping mechanism: every read of scoped data goes through ``scoped``.

A user's *scope* is what their role assignments allow: a set of capabilities, each limited to the
user's organisation and, where the assignment names sites or areas, to the sites inside them.
Each scoped model declares a ``ScopeRule`` (which capability reading it needs, which field holds
its organisation and its site, and how another organisation may gain access by the person's
consent). Views, the API, the CLI and the admin all ask ``scoped(user, Model)``; none builds its
own filter.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from typing import Any, TypeVar

from django.db.models import Model, Q, QuerySet

from mixflow.accounts.roles import ROLE_CAPABILITIES, Capability

M = TypeVar("M", bound=Model)

ALL_SITES = None
"""Marker in ``Scope.site_limits``: the capability covers every site of the organisation."""


@dataclass(frozen=True)
class ScopeRule:
    """How one model is scoped.

    ``organisation`` and ``site`` are ORM paths from the model (``""`` for ``site`` means the
    rows are not tied to a site; ``"pk"`` means the row *is* a site). ``shared_with`` returns a
    filter for rows another organisation may read because the person consented to sharing.
    ``cross_organisation`` marks reference data (sites) that every organisation may read;
    ``all_organisations_with`` names a capability that lifts the organisation filter (system
    administrators managing every organisation's accounts).
    """

    capability: Capability
    organisation: str = "organisation"
    site: str = "site"
    shared_with: Callable[[int], Q] | None = None
    cross_organisation: bool = False
    all_organisations_with: Capability | None = None


@dataclass(frozen=True)
class Scope:
    user_id: int | None
    organisation_id: int | None
    site_limits: dict[Capability, frozenset[int] | None] = field(default_factory=dict)

    @property
    def capabilities(self) -> frozenset[Capability]:
        return frozenset(self.site_limits)

    def can(self, capability: Capability) -> bool:
        return capability in self.site_limits

    def sites_for(self, capability: Capability) -> frozenset[int] | None:
        """Site ids the capability is limited to; ``None`` for the whole organisation."""
        return self.site_limits.get(capability, frozenset())

    def can_at_site(self, capability: Capability, site_id: int) -> bool:
        if not self.can(capability):
            return False
        sites = self.sites_for(capability)
        return sites is ALL_SITES or site_id in sites


NOBODY = Scope(user_id=None, organisation_id=None)


def scope_of(user: Any) -> Scope:
    """The scope of ``user``, computed once per user object (so once per request)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOBODY
    cached = getattr(user, "_mixflow_scope", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    scope = _compute_scope(user)
    user._mixflow_scope = scope
    return scope


def forget_scope(user: Any) -> None:
    """Drop the cached scope (after the user's roles change)."""
    if hasattr(user, "_mixflow_scope"):
        del user._mixflow_scope


def _compute_scope(user: Any) -> Scope:
    from mixflow.accounts.models import RoleAssignment

    if user.organisation_id is None:
        return Scope(user_id=user.pk, organisation_id=None)
    limits: dict[Capability, frozenset[int] | None] = {}
    assignments = RoleAssignment.objects.filter(user=user).prefetch_related("limited_to")
    for assignment in assignments:
        sites = _sites_within(assignment.limited_to.all())
        for capability in ROLE_CAPABILITIES.get(assignment.role, frozenset()):
            if capability in limits and limits[capability] is ALL_SITES:
                continue
            if sites is ALL_SITES:
                limits[capability] = ALL_SITES
            else:
                limits[capability] = (limits.get(capability) or frozenset()) | sites
    return Scope(user_id=user.pk, organisation_id=user.organisation_id, site_limits=limits)


def _sites_within(locations: Iterable[Any]) -> frozenset[int] | None:
    from mixflow.geo.models import Location

    paths = [location.path for location in locations]
    if not paths:
        return ALL_SITES
    inside = reduce(or_, (Q(path=p) | Q(path__startswith=f"{p}/") for p in paths))
    return frozenset(Location.objects.filter(inside, level="site").values_list("pk", flat=True))


def rule_for(model: type[Model]) -> ScopeRule:
    rule = getattr(model, "scope_rule", None)
    if not isinstance(rule, ScopeRule):
        raise TypeError(f"{model.__name__} declares no scope_rule: it cannot be read scoped")
    return rule


def scoped(
    user_or_scope: Any,
    model_or_queryset: type[M] | QuerySet[M],
    capability: Capability | None = None,
) -> QuerySet[M]:
    """``model_or_queryset`` limited to what the user may read.

    ``capability`` overrides the model's own (for example, sensitive rows that need more than
    the model's usual capability).
    """
    if isinstance(model_or_queryset, QuerySet):
        queryset = model_or_queryset
    else:
        queryset = model_or_queryset._default_manager.all()
    scope = user_or_scope if isinstance(user_or_scope, Scope) else scope_of(user_or_scope)
    rule = rule_for(queryset.model)
    needed = capability or rule.capability
    if rule.all_organisations_with is not None and scope.can(rule.all_organisations_with):
        needed = rule.all_organisations_with
    if not scope.can(needed) or (scope.organisation_id is None and not rule.cross_organisation):
        return queryset.none()

    sites = scope.sites_for(needed)
    site_filter = Q()
    if sites is not ALL_SITES and rule.site:
        site_filter = Q(**{f"{rule.site}__in": sites})
    if rule.cross_organisation or (
        rule.all_organisations_with is not None and scope.can(rule.all_organisations_with)
    ):
        return queryset.filter(site_filter)

    own = Q(**{rule.organisation: scope.organisation_id})
    if rule.shared_with is not None:
        own |= rule.shared_with(scope.organisation_id)  # type: ignore[arg-type]
    return queryset.filter(own & site_filter)

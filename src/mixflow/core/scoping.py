"""The one scoping mechanism: every read of scoped data goes through ``scoped``.

A user's *scope* is what their role assignments allow: a set of capabilities, each limited to the
user's organisation and, where the assignment names sites or areas, to the sites inside them.
Each scoped model declares a ``ScopeRule`` (which capability reading it needs, which field holds
its organisation and its site, and how another organisation may gain access by the person's
consent). Views, the API, the CLI and the admin all ask ``scoped(user, Model)``; none builds its
own filter.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db.models import Model, Q, QuerySet

from mixflow.core.actors import SystemActor
from mixflow.core.roles import Capability

M = TypeVar("M", bound=Model)

ALL_SITES = None
"""Marker in ``Scope.site_limits``: the capability covers every site of the organisation."""


@dataclass(frozen=True)
class ScopeRule:
    """How one model is scoped.

    ``organisation`` and ``site`` are ORM paths from the model (``""`` for ``site`` means the
    rows are not tied to a site; ``"pk"`` means the row *is* a site). Rows with a
    ``shared_through`` path are readable by another organisation when the sharing policy (the
    person's consent, owned by ``protection``) says so.
    ``cross_organisation`` marks reference data (sites) that every organisation may read;
    ``all_organisations_with`` names a capability that lifts the organisation filter (system
    administrators managing every organisation's accounts).
    """

    capability: Capability
    organisation: str = "organisation"
    site: str = "site"
    shared_through: str | None = None
    """ORM path from the model to the person whose consent may open the row to another
    organisation (``"pk"`` for the person itself); ``None``: never shared."""
    cross_organisation: bool = False
    all_organisations_with: Capability | None = None
    assigned_to: str | None = None
    """ORM path from the model to the user the row is assigned to (a case's caseworker). A
    reader limited to some sites also reads the rows of their organisation assigned to them,
    wherever their site: work handed to someone (a case accepted on transfer, opened at the
    sender's site) is theirs to see, and only theirs."""


@dataclass(frozen=True)
class Scope:
    user_id: int | None
    organisation_id: int | None
    site_limits: dict[Capability, frozenset[int] | None] = field(default_factory=dict)
    system: bool = False
    """A system actor's scope: every capability; every organisation when ``organisation_id``
    is ``None``."""

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

    def acts_for(self, organisation_id: int | None) -> bool:
        """Whether this scope may act on behalf of ``organisation_id``'s data."""
        if self.system and self.organisation_id is None:
            return organisation_id is not None
        return self.organisation_id is not None and self.organisation_id == organisation_id


NOBODY = Scope(user_id=None, organisation_id=None)


def system_scope(actor: SystemActor) -> Scope:
    return Scope(
        user_id=None,
        organisation_id=actor.organisation_id,
        site_limits=dict.fromkeys(Capability, ALL_SITES),
        system=True,
    )


def scope_of(user: Any) -> Scope:
    """The scope of ``user``, computed once per user object (so once per request)."""
    if isinstance(user, SystemActor):
        return system_scope(user)
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


ScopeProvider = Callable[[Any], Scope]
SharingPolicy = Callable[[str, int], Q]
_providers: dict[str, Callable[..., Any]] = {}


def use_scope_provider(provider: ScopeProvider) -> None:
    """Set how a user's scope is computed from their role assignments (``accounts`` does, at
    start-up: it owns the assignments; core only knows what a scope is)."""
    _providers["scope"] = provider


def use_sharing_policy(policy: SharingPolicy) -> None:
    """Set the filter of rows another organisation may read by the person's consent
    (``protection`` does, at start-up: it owns consent). ``policy(person_path, organisation_id)``
    returns a ``Q`` over the model whose path to the person is ``person_path``."""
    _providers["sharing"] = policy


def _compute_scope(user: Any) -> Scope:
    provider = _providers.get("scope")
    if provider is None or user.organisation_id is None:
        return Scope(user_id=user.pk, organisation_id=None)
    return provider(user)  # type: ignore[no-any-return]


def _shared(rule: ScopeRule, organisation_id: int) -> Q | None:
    policy = _providers.get("sharing")
    if rule.shared_through is None or policy is None:
        return None  # fail closed: without a policy nothing is shared
    return policy(rule.shared_through, organisation_id)  # type: ignore[no-any-return]


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
    if scope.system and scope.organisation_id is None:
        return queryset
    if not scope.can(needed) or (scope.organisation_id is None and not rule.cross_organisation):
        return queryset.none()

    sites = scope.sites_for(needed)
    site_filter = Q()
    if sites is not ALL_SITES and rule.site:
        site_filter = Q(**{f"{rule.site}__in": sites})
        if rule.assigned_to and scope.user_id is not None:
            site_filter |= Q(**{rule.assigned_to: scope.user_id})
    if rule.cross_organisation or (
        rule.all_organisations_with is not None and scope.can(rule.all_organisations_with)
    ):
        return queryset.filter(site_filter)

    assert scope.organisation_id is not None
    own = Q(**{rule.organisation: scope.organisation_id})
    shared = _shared(rule, scope.organisation_id)
    if shared is not None:
        own |= shared
    return queryset.filter(own & site_filter)

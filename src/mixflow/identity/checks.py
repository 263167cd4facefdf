"""The check every identity and protection action starts with: may this actor do this here?

An action names the capabilities it needs, the organisation whose data it changes and the sites
of the records it touches; the actor's scope (``core.scoping.scope_of``) must allow all of
them. A system actor's scope allows everything within the organisation it names (or every
organisation). The answer never depends on who calls: a user without a primary key, ``None``
or an anonymous user have the empty scope and are refused like anyone else without the right.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied

from mixflow.core.roles import Capability
from mixflow.core.scoping import scope_of

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise

    from mixflow.accounts.actors import Actor


def require(
    actor: Actor,
    capabilities: Iterable[Capability],
    *,
    organisation_id: int | None,
    site_ids: Iterable[int | None] = (),
    refusal: _StrOrPromise,
) -> None:
    """Raise ``PermissionDenied(refusal)`` unless ``actor`` holds every capability for
    ``organisation_id`` at every one of ``site_ids`` (``None`` stands for "the whole
    organisation": only an organisation-wide capability allows it)."""
    scope = scope_of(actor)
    if not scope.acts_for(organisation_id):
        raise PermissionDenied(refusal)
    sites = list(site_ids)
    for capability in capabilities:
        if not scope.can(capability):
            raise PermissionDenied(refusal)
        for site_id in sites:
            allowed = scope.sites_for(capability)
            if allowed is not None and (site_id is None or site_id not in allowed):
                raise PermissionDenied(refusal)

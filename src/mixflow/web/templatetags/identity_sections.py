"""The identity sections of the person page: other registrations of the person and the route.

An inclusion tag, so the person page gains them without its view knowing about identities.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import template

from mixflow.core.roles import Capability
from mixflow.core.scoping import scope_of
from mixflow.flows.routes import route_of
from mixflow.identity.queries import other_registrations_of
from mixflow.web.route_map import route_map

if TYPE_CHECKING:
    from mixflow.identity.models import Person

register = template.Library()


@register.inclusion_tag("web/identity/_person_sections.html", takes_context=True)
def person_identity(context: template.Context, person: Person) -> dict[str, Any]:
    user = context["request"].user
    route = route_of(user, person)
    return {
        "person": person,
        "others": list(other_registrations_of(user, person).prefetch_related("nationalities")),
        "route": route,
        "map": route_map(route),
        "can_review": scope_of(user).can(Capability.REVIEW_MATCHES),
        "csrf_token": context.get("csrf_token"),
        "request": context["request"],
    }

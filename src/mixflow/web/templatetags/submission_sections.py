"""The person page's section of files answered in forms (photos, recordings, documents)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import template

from mixflow.core.roles import Capability
from mixflow.core.scoping import scope_of
from mixflow.intake import queries

if TYPE_CHECKING:
    from mixflow.identity.models import Person

register = template.Library()


@register.inclusion_tag("web/questionnaires/_attachments.html", takes_context=True)
def person_attachments(context: template.Context, person: Person) -> dict[str, Any]:
    user = context["request"].user
    allowed = scope_of(user).can(Capability.VIEW_PERSONS)
    return {"attachments": list(queries.attachments_of(user, person=person)) if allowed else []}

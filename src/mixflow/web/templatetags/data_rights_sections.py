"""The data-rights section of the person page, for those who handle data requests."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import template
from django.utils import timezone

from mixflow.core.roles import Capability
from mixflow.core.scoping import scope_of
from mixflow.lib.vocabularies import Sex
from mixflow.protection import data_rights
from mixflow.protection.data_rights_models import RequestKind

if TYPE_CHECKING:
    from mixflow.identity.models import Person

register = template.Library()


@register.inclusion_tag("web/protection/_person_data_rights.html", takes_context=True)
def person_data_rights(context: template.Context, person: Person) -> dict[str, Any]:
    user = context["request"].user
    allowed = scope_of(user).can(Capability.HANDLE_DATA_REQUESTS)
    requests = list(data_rights.requests_of(user, person)) if allowed else []
    return {
        "allowed": allowed,
        "person": person,
        "requests": requests,
        "restricted": any(r.is_active_restriction for r in requests),
        "corrections": list(data_rights.corrections_of(user, person)) if allowed else [],
        "sexes": Sex.choices,
        "dob": person.date_of_birth.isoformat() if person.date_of_birth else "",
        "kinds": RequestKind.choices,
        "today": timezone.localdate().isoformat(),
        "csrf_token": context.get("csrf_token"),
    }

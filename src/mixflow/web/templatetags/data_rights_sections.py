"""The data-rights section of the person page, for those who handle data requests."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone

from mixflow.core.roles import Capability
from mixflow.core.scoping import scope_of
from mixflow.lib.vocabularies import Sex
from mixflow.protection import data_rights
from mixflow.protection.data_rights_models import RequestKind

if TYPE_CHECKING:
    from mixflow.identity.models import Person

register = template.Library()


def _label(person: Person, name: str) -> str:
    try:
        return str(getattr(person._meta.get_field(name), "verbose_name", name))
    except FieldDoesNotExist:  # a field renamed since the correction: show its old name
        return name


def _corrections(user: Any, person: Person) -> list[dict[str, Any]]:
    """Each correction with its fields' labels in the reader's language."""
    return [
        {
            "item": item,
            "changes": [
                (_label(person, name), value, item.after.get(name, ""))
                for name, value in item.before.items()
            ],
        }
        for item in data_rights.corrections_of(user, person)
    ]


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
        "corrections": _corrections(user, person) if allowed else [],
        "holds": list(data_rights.holds_of(user, person)) if allowed else [],
        "sexes": Sex.choices,
        "dob": person.date_of_birth.isoformat() if person.date_of_birth else "",
        "kinds": RequestKind.choices,
        "today": timezone.localdate().isoformat(),
        "csrf_token": context.get("csrf_token"),
    }

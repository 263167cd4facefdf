"""Template filters that turn stored codes into words in the reader's language."""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.db.models import TextChoices

from mixflow.geo.queries import country_name
from mixflow.lib import vocabularies

register = template.Library()

VOCABULARIES: dict[str, type[TextChoices]] = {
    "reason": vocabularies.ReasonForLeaving,
    "transport": vocabularies.Transport,
    "trafficking": vocabularies.TraffickingIndicator,
    "violence": vocabularies.ViolenceIncident,
    "health": vocabularies.HealthCondition,
    "sex": vocabularies.Sex,
    "precision": vocabularies.DatePrecision,
}


@register.filter
def country(code: str | None) -> str:
    return country_name(code) if code else ""


@register.filter
def countries(codes: Iterable[str] | None) -> str:
    return ", ".join(country_name(code) for code in codes or [])


@register.filter
def labels(codes: Iterable[str] | None, vocabulary: str) -> str:
    """``["economic", "conflict"]|labels:"reason"`` → "Work or livelihood, Conflict …"."""
    choices = VOCABULARIES[vocabulary]
    return ", ".join(
        str(choices(code).label) if code in choices.values else code for code in codes or []
    )

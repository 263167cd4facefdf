"""Template filters that turn stored codes into words in the reader's language."""

from __future__ import annotations

import gettext
from collections.abc import Iterable
from functools import cache

import pycountry
from django import template
from django.db.models import TextChoices
from django.utils.translation import get_language

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


@cache
def _language_catalogue(language: str) -> gettext.NullTranslations:
    return gettext.translation(
        "iso639-3", pycountry.LOCALES_DIR, languages=[language], fallback=True
    )


@register.filter
def languages(codes: Iterable[str] | None) -> str:
    """ISO 639-3 codes → language names in the reader's language (``tir`` → Tigrinya)."""
    catalogue = _language_catalogue((get_language() or "en")[:2])
    names = []
    for code in codes or []:
        found = pycountry.languages.get(alpha_3=code)
        names.append(catalogue.gettext(found.name) if found is not None else code)
    return ", ".join(names)


@register.filter
def labels(codes: Iterable[str] | None, vocabulary: str) -> str:
    """``["economic", "conflict"]|labels:"reason"`` → "Work or livelihood, Conflict …"."""
    choices = VOCABULARIES[vocabulary]
    return ", ".join(
        str(choices(code).label) if code in choices.values else code for code in codes or []
    )

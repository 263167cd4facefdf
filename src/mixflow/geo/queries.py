"""Scoped reads of places."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import get_language

from mixflow.core.scoping import scoped
from mixflow.geo.models import Location
from mixflow.lib.vocabularies import LocationLevel


def sites_for(user: Any) -> QuerySet[Location]:
    return scoped(user, Location).filter(level=LocationLevel.SITE).order_by("country_code", "name")


def site_for(user: Any, site_id: int) -> Location | None:
    return sites_for(user).filter(pk=site_id).first()


def site_by_code(code: str) -> Location | None:
    """The site with this code: reference data, readable by every organisation (a filter
    names a site by its code; what the site holds is scoped separately)."""
    return Location.objects.filter(code=code, level=LocationLevel.SITE).first()


def countries() -> QuerySet[Location]:
    """Every country: reference data needed by forms even before any scope applies."""
    return Location.objects.filter(level=LocationLevel.COUNTRY)


_COUNTRY_NAMES: dict[str, dict[str, str]] = {}


def country_names() -> dict[str, str]:
    """ISO alpha-3 → name in the active language (countries never change at run time)."""
    language = (get_language() or "en")[:2]
    if language not in _COUNTRY_NAMES:
        rows = countries().only("code", "name", "name_fr", "name_es")
        names = {c.code: c.display_name for c in rows}
        if not names:
            return names  # not migrated yet: don't cache an empty table
        _COUNTRY_NAMES[language] = names
    return _COUNTRY_NAMES[language]


def country_name(code: str) -> str:
    return country_names().get(code, code)

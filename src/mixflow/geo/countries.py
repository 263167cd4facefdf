"""Every ISO 3166-1 country with its names in English, French and Spanish, from pycountry."""

from __future__ import annotations

import gettext
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

import pycountry


@dataclass(frozen=True)
class Country:
    alpha_3: str
    name_en: str
    name_fr: str
    name_es: str


@cache
def _translation(language: str) -> gettext.NullTranslations:
    return gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True
    )


def _english_name(country: object) -> str:
    # "common_name" is the everyday form (Bolivia rather than Plurinational State of Bolivia).
    return str(getattr(country, "common_name", None) or country.name)  # type: ignore[attr-defined]


def all_countries() -> Iterator[Country]:
    for country in pycountry.countries:
        everyday = _english_name(country)
        yield Country(
            alpha_3=str(country.alpha_3),
            name_en=everyday,
            name_fr=_translation("fr").gettext(everyday),
            name_es=_translation("es").gettext(everyday),
        )


def missing_countries(location_model: Any) -> list[Any]:
    """Unsaved rows for the countries missing from ``location_model``'s table (the data
    migration passes its historical model and saves them; ``geo.actions`` does afterwards)."""
    existing = set(location_model.objects.filter(level="country").values_list("code", flat=True))
    return [
        location_model(
            code=c.alpha_3,
            level="country",
            path=c.alpha_3,
            country_code=c.alpha_3,
            name=c.name_en,
            name_fr=c.name_fr,
            name_es=c.name_es,
        )
        for c in all_countries()
        if c.alpha_3 not in existing
    ]


def is_country_code(code: str) -> bool:
    return pycountry.countries.get(alpha_3=code.upper()) is not None if code else False

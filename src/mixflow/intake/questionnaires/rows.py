"""The building blocks of the default questionnaires: trilingual text, survey rows and choices.

The questionnaires are written as Python values (reviewable diffs, shared choice lists) and
``build`` turns them into the XLSForm workbooks that are committed beside this module.
"""

from __future__ import annotations

from dataclasses import dataclass

LANGUAGES = ("English (en)", "Français (fr)", "Español (es)")
"""XLSForm language suffixes, in column order; the first is the default language."""


@dataclass(frozen=True)
class T:
    """One user-facing text in English, French and Spanish."""

    en: str
    fr: str
    es: str

    def in_order(self) -> tuple[str, str, str]:
        return (self.en, self.fr, self.es)


@dataclass(frozen=True)
class Row:
    """One row of the survey sheet; empty strings and ``None`` leave the cell blank."""

    type: str
    name: str
    label: T | None = None
    hint: T | None = None
    required: str = ""
    required_message: T | None = None
    relevant: str = ""
    constraint: str = ""
    constraint_message: T | None = None
    choice_filter: str = ""
    default: str = ""
    appearance: str = ""
    read_only: str = ""
    calculation: str = ""
    repeat_count: str = ""
    mixflow: str = ""


@dataclass(frozen=True)
class Choice:
    list_name: str
    name: str
    label: T


@dataclass(frozen=True)
class FormDefinition:
    form_id: str
    version: str
    title: str
    survey: tuple[Row, ...]
    choices: tuple[Choice, ...]
    instance_name: str = ""


def end(kind: str, name: str) -> Row:
    """The row closing a group or repeat (``kind`` is ``group`` or ``repeat``)."""
    return Row(f"end_{kind}", name)


def choices(list_name: str, *items: tuple[str, T]) -> tuple[Choice, ...]:
    return tuple(Choice(list_name, name, label) for name, label in items)


REQUIRED = T(
    "This question must be answered.",
    "Cette question est obligatoire.",
    "Esta pregunta es obligatoria.",
)
NOT_NEGATIVE = T(
    "Enter a number of 0 or more.",
    "Saisissez un nombre égal ou supérieur à 0.",
    "Introduzca un número igual o superior a 0.",
)
NOT_IN_FUTURE = T(
    "The date cannot be in the future.",
    "La date ne peut pas être dans le futur.",
    "La fecha no puede ser futura.",
)
SITE_CODE = r"regex(., '^[A-Za-z0-9_-]+$')"

"""Small XLSForms written by the tests themselves (openpyxl), for the intake tests."""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook

LANGS = ("English (en)", "Français (fr)", "Español (es)")


def xlsform(
    survey: Sequence[dict[str, str]],
    choices: Sequence[dict[str, str]] = (),
    *,
    form_id: str = "test_form",
    version: str = "1",
    title: str = "Test form",
) -> bytes:
    """An .xlsx from rows given as dicts (column → value); columns are the union of keys."""
    book = Workbook()
    sheets = [("survey", survey), ("choices", choices)]
    first = True
    for name, rows in sheets:
        sheet = book.active if first else book.create_sheet(name)
        assert sheet is not None
        sheet.title = name
        first = False
        columns: list[str] = []
        for row in rows:
            for key in row:
                if key not in columns:
                    columns.append(key)
        if not columns:
            columns = ["list_name", "name", *(f"label::{lang}" for lang in LANGS)]
        sheet.append(columns)
        for row in rows:
            sheet.append([row.get(c, "") for c in columns])
    settings = book.create_sheet("settings")
    settings.append(["form_id", "version", "form_title", "default_language"])
    settings.append([form_id, version, title, LANGS[0]])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def labels(en: str, fr: str, es: str, prefix: str = "label") -> dict[str, str]:
    return {f"{prefix}::{LANGS[0]}": en, f"{prefix}::{LANGS[1]}": fr, f"{prefix}::{LANGS[2]}": es}


def registration_form(version: str = "1") -> bytes:
    """Registration with a members repeat, consent, a relevant question and a constraint."""
    survey = [
        {
            "type": "text",
            "name": "given",
            "required": "yes",
            "mixflow": "person.given_name",
            **labels("Given name", "Prénom", "Nombre"),
        },
        {
            "type": "text",
            "name": "family",
            "mixflow": "person.family_name",
            **labels("Family name", "Nom de famille", "Apellido"),
        },
        {
            "type": "select_one sex",
            "name": "sex",
            "required": "yes",
            "mixflow": "person.sex",
            **labels("Sex", "Sexe", "Sexo"),
        },
        {
            "type": "date",
            "name": "born",
            "mixflow": "person.date_of_birth",
            "constraint": ". <= today()",
            **labels("Date of birth", "Date de naissance", "Fecha de nacimiento"),
            **labels(
                "Not in the future", "Pas dans le futur", "No en el futuro", "constraint_message"
            ),
        },
        {
            "type": "text",
            "name": "nationality",
            "mixflow": "person.nationality",
            **labels("Nationality", "Nationalité", "Nacionalidad"),
        },
        {
            "type": "select_one yes_no",
            "name": "smuggler",
            "mixflow": "encounter.used_smuggler",
            **labels("Paid a smuggler?", "A payé un passeur ?", "¿Pagó a un traficante?"),
        },
        {
            "type": "integer",
            "name": "cost",
            "relevant": "${smuggler} = 'yes'",
            "constraint": ". >= 0",
            "mixflow": "encounter.smuggler_cost_usd",
            **labels("Cost (USD)", "Coût (USD)", "Costo (USD)"),
        },
        {
            "type": "select_multiple trafficking",
            "name": "trafficking",
            "mixflow": "sensitive.trafficking_indicators",
            **labels("Trafficking indicators", "Indicateurs de traite", "Indicadores de trata"),
        },
        {
            "type": "begin_repeat",
            "name": "members",
            "mixflow": "group.members",
            **labels("Group member", "Membre du groupe", "Miembro del grupo"),
        },
        {
            "type": "text",
            "name": "m_given",
            "mixflow": "person.given_name",
            **labels("Member's given name", "Prénom du membre", "Nombre del miembro"),
        },
        {
            "type": "select_one relationship",
            "name": "m_rel",
            "mixflow": "member.relationship",
            **labels("Relationship", "Lien", "Parentesco"),
        },
        {"type": "end_repeat", "name": ""},
        {
            "type": "select_one yes_no",
            "name": "consent_services",
            "mixflow": "consent.services",
            **labels("Consents to services", "Consent aux services", "Consiente a los servicios"),
        },
        {"type": "text", "name": "remarks", **labels("Remarks", "Remarques", "Observaciones")},
    ]
    choices = [
        {"list_name": "sex", "name": "female", **labels("Female", "Femme", "Mujer")},
        {"list_name": "sex", "name": "male", **labels("Male", "Homme", "Hombre")},
        {"list_name": "yes_no", "name": "yes", **labels("Yes", "Oui", "Sí")},
        {"list_name": "yes_no", "name": "no", **labels("No", "Non", "No")},
        {
            "list_name": "trafficking",
            "name": "deceived",
            **labels("Deceived", "Trompé", "Engañado"),
        },
        {"list_name": "trafficking", "name": "unpaid", **labels("Unpaid", "Non payé", "No pagado")},
        {
            "list_name": "relationship",
            "name": "child",
            **labels("Son or daughter", "Fils ou fille", "Hijo o hija"),
        },
        {"list_name": "relationship", "name": "spouse", **labels("Spouse", "Conjoint", "Cónyuge")},
    ]
    return xlsform(
        survey, choices, form_id="test_registration", version=version, title="Test registration"
    )


def flow_count_form() -> bytes:
    survey = [
        {
            "type": "date",
            "name": "day",
            "mixflow": "flow_count.observed_at",
            **labels("Day", "Jour", "Día"),
        },
        {
            "type": "select_one direction",
            "name": "direction",
            "required": "yes",
            "mixflow": "flow_count.direction",
            **labels("Direction", "Direction", "Dirección"),
        },
        {
            "type": "integer",
            "name": "size",
            "required": "yes",
            "mixflow": "flow_count.group_size",
            "constraint": ". > 0",
            **labels("Group size", "Taille du groupe", "Tamaño del grupo"),
        },
        {
            "type": "integer",
            "name": "men",
            "mixflow": "flow_count.men",
            **labels("Men", "Hommes", "Hombres"),
        },
        {
            "type": "integer",
            "name": "women",
            "mixflow": "flow_count.women",
            "constraint": "${men} + . <= ${size}",
            **labels("Women", "Femmes", "Mujeres"),
            **labels(
                "More adults than people in the group",
                "Plus d'adultes que de personnes",
                "Más adultos que personas",
                "constraint_message",
            ),
        },
    ]
    choices = [
        {"list_name": "direction", "name": "incoming", **labels("Incoming", "Entrant", "Entrante")},
        {"list_name": "direction", "name": "outgoing", **labels("Outgoing", "Sortant", "Saliente")},
    ]
    return xlsform(survey, choices, form_id="test_counts", title="Test counts")

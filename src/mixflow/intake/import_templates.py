"""What an import file of a questionnaire looks like: its expected columns, each with its label
and an example, and template files (CSV and XLSX) to fill in. Read-only: nothing is written."""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass

from openpyxl import Workbook  # type: ignore[import-untyped]

from mixflow.intake.xlsform.model import METADATA_TYPES, Form, Question, Section
from mixflow.lib.spreadsheet_cells import safe_row

NOT_COLUMNS = METADATA_TYPES | {"calculate", "note"}
HOUR_MINUTE = "[0-5][0-9]$')"


@dataclass(frozen=True)
class Column:
    name: str
    label: str
    kind: str
    required: bool
    example: str


def _example(question: Question, site_code: str) -> str:
    kind = question.type
    if (question.maps_to or "").endswith(".site"):
        return site_code
    if kind in ("select_one", "select_multiple") and question.choices_hint:
        return question.choices_hint[0].name
    if kind == "integer":
        return "2"
    if kind == "decimal":
        return "1.5"
    if kind == "date":
        return datetime.date.today().isoformat()
    if kind == "time" or HOUR_MINUTE in question.constraint:
        return "14:30"
    if kind == "datetime":
        return datetime.datetime.now().replace(second=0, microsecond=0).isoformat()
    if kind == "geopoint":
        return "16.97 7.99"
    return ""


def expected_columns(form: Form, lang: str, site_code: str = "") -> list[Column]:
    """One column per question a file can answer (repeats aside), in the form's order."""
    columns: list[Column] = []

    def walk(children: tuple[Question | Section, ...]) -> None:
        for child in children:
            if isinstance(child, Section):
                if not child.repeat:
                    walk(child.children)
                continue
            if child.type in NOT_COLUMNS or child.device_only:
                continue
            columns.append(
                Column(
                    name=child.name,
                    label=child.label_in(lang),
                    kind=child.type,
                    required=child.required == "true()",
                    example=_example(child, site_code),
                )
            )

    walk(form.children)
    return columns


def template_csv(columns: list[Column]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(safe_row(c.name for c in columns))
    writer.writerow(safe_row(c.example for c in columns))
    return out.getvalue().encode("utf-8-sig")


def template_xlsx(columns: list[Column]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "data"
    sheet.append(list(safe_row(c.name for c in columns)))
    sheet.append(list(safe_row(c.example for c in columns)))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

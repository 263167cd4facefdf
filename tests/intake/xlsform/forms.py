"""Small XLSForms written by the tests (openpyxl): a workbook from lists of rows."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped]

from mixflow.intake.xlsform.model import Form
from mixflow.intake.xlsform.parse import load_xlsform

EN, FR, ES = "English (en)", "Français (fr)", "Español (es)"
Rows = Sequence[Sequence[Any]]


def workbook(
    survey: Rows,
    choices: Rows = (),
    settings: Rows = (("form_id", "version", "form_title"), ("t", "1", "T")),
) -> bytes:
    """An .xlsx whose sheets hold the given rows (the first row of each is its header)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "survey"
    for row in survey:
        sheet.append(list(row))
    if choices:
        sheet = book.create_sheet("choices")
        for row in choices:
            sheet.append(list(row))
    if settings:
        sheet = book.create_sheet("settings")
        for row in settings:
            sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def form(survey: Rows, choices: Rows = (), settings: Rows | None = None) -> Form:
    content = workbook(survey, choices) if settings is None else workbook(survey, choices, settings)
    return load_xlsform(content, "test.xlsx")

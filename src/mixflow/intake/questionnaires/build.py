"""Write the default questionnaires' XLSForm workbooks from their Python definitions.

``python -m mixflow.intake.questionnaires.build [DIRECTORY]`` (default: this package's directory)
writes one .xlsx per form. The output is byte-for-byte reproducible: openpyxl stamps the current
time into the document properties and the zip entries, so both are pinned here, which keeps
regenerated files out of ``git diff`` unless a definition changed.
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook  # type: ignore[import-untyped]

from mixflow.intake.questionnaires.registration_form import REGISTRATION_SCREENING
from mixflow.intake.questionnaires.registry_form import FLOW_MONITORING_REGISTRY
from mixflow.intake.questionnaires.rows import LANGUAGES, FormDefinition, Row, T
from mixflow.intake.questionnaires.survey_form import FLOW_MONITORING_SURVEY
from mixflow.lib.spreadsheet_cells import safe_row

HERE = Path(__file__).resolve().parent
FORMS: tuple[FormDefinition, ...] = (
    FLOW_MONITORING_REGISTRY,
    FLOW_MONITORING_SURVEY,
    REGISTRATION_SCREENING,
)
PLAIN_COLUMNS = (
    "required",
    "relevant",
    "constraint",
    "choice_filter",
    "default",
    "appearance",
    "read_only",
    "calculation",
    "repeat_count",
    "mixflow",
)
TRANSLATED_COLUMNS = ("label", "hint", "required_message", "constraint_message")
FIXED_TIMESTAMP = "2026-01-01T00:00:00Z"
FIXED_ZIP_TIME = (2026, 1, 1, 0, 0, 0)


def file_name(form: FormDefinition) -> str:
    return f"{form.form_id}.xlsx"


def _translated(name: str) -> list[str]:
    return [f"{name}::{language}" for language in LANGUAGES]


def survey_table(rows: Sequence[Row]) -> list[list[str]]:
    """The survey sheet as a header and rows; only columns some row uses are written."""
    header = ["type", "name"]
    for column in TRANSLATED_COLUMNS:
        if any(getattr(row, column) is not None for row in rows):
            header += _translated(column)
    header += [c for c in PLAIN_COLUMNS if any(getattr(row, c) for row in rows)]
    table = [header]
    for row in rows:
        cells: list[str] = [row.type, row.name]
        for column in TRANSLATED_COLUMNS:
            if f"{column}::{LANGUAGES[0]}" in header:
                text: T | None = getattr(row, column)
                cells += list(text.in_order()) if text else ["", "", ""]
        cells += [getattr(row, c) for c in header[len(cells) :]]
        table.append(cells)
    return table


def choices_table(form: FormDefinition) -> list[list[str]]:
    table = [["list_name", "name", *_translated("label")]]
    table += [[c.list_name, c.name, *c.label.in_order()] for c in form.choices]
    return table


def settings_table(form: FormDefinition) -> list[list[str]]:
    header = ["form_id", "version", "form_title", "default_language"]
    values = [form.form_id, form.version, form.title, LANGUAGES[0]]
    if form.instance_name:
        header.append("instance_name")
        values.append(form.instance_name)
    return [header, values]


def workbook_bytes(form: FormDefinition) -> bytes:
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for title, table in (
        ("survey", survey_table(form.survey)),
        ("choices", choices_table(form)),
        ("settings", settings_table(form)),
    ):
        sheet = book.create_sheet(title)
        for line in table:
            # openpyxl writes a text starting with "=" as a formula: never from our forms.
            sheet.append(safe_row(line))
    book.properties.creator = "Mixflow"
    raw = io.BytesIO()
    book.save(raw)
    return _pinned(raw.getvalue())


def _pinned(content: bytes) -> bytes:
    """The same .xlsx with fixed timestamps in its zip entries and document properties."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(content)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)",
                    rb"\g<1>" + FIXED_TIMESTAMP.encode() + rb"\g<2>",
                    data,
                )
            info = zipfile.ZipInfo(item.filename, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, data)
    return out.getvalue()


def build(directory: Path = HERE) -> list[Path]:
    """Write every default questionnaire into ``directory``; returns the files written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for form in FORMS:
        path = directory / file_name(form)
        path.write_bytes(workbook_bytes(form))
        written.append(path)
    return written


def main(argv: Sequence[str] = ()) -> int:
    directory = Path(argv[0]) if argv else HERE
    for path in build(directory):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

"""Submissions of one questionnaire as tables, the way KoboToolbox and ODK Central export them.

One table for the top of the form and one per repeat (nested repeats included), linked by
``_index`` / ``_parent_index``; columns in the order of the survey sheet; values as stored (choice
names) or as labels in one of the form's languages. Answers mapped to sensitive details are never
in a submission's stored answers, so they are never in an export either. Writers: one XLSX
workbook with a sheet per table, or CSV (a single file, or a zip of one file per table when the
form has repeats). Every cell goes through ``lib.spreadsheet_cells.safe_row``.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped]

from mixflow.intake.xlsform.model import Form, Question, Section
from mixflow.lib.spreadsheet_cells import safe_row

# Types that hold no answer of their own.
_NO_VALUE = frozenset({"note"})
# Excel's limit on sheet names, and the characters it refuses in them.
_SHEET_NAME_MAX = 31
_SHEET_NAME_BAD = str.maketrans(dict.fromkeys("[]:*?/\\", "_"))


@dataclass(frozen=True)
class ExportedSubmission:
    """What the export needs of one stored submission."""

    number: int
    instance_id: str
    received_at: datetime.datetime
    site: str
    answers: Mapping[str, Any]


@dataclass
class Table:
    """One sheet: the top of the form, or one repeat."""

    name: str
    questions: list[Question]
    parent: str | None
    header: list[str] = field(default_factory=list)
    rows: list[list[Any]] = field(default_factory=list)


def _columns(children: Sequence[Question | Section]) -> tuple[list[Question], list[Section]]:
    """The questions of one level (groups entered, repeats not) and the repeats met there."""
    questions: list[Question] = []
    repeats: list[Section] = []
    for child in children:
        if isinstance(child, Section):
            if child.repeat:
                repeats.append(child)
            else:
                inner_questions, inner_repeats = _columns(child.children)
                questions.extend(inner_questions)
                repeats.extend(inner_repeats)
        elif child.type not in _NO_VALUE:
            questions.append(child)
    return questions, repeats


def _tables(form: Form) -> tuple[Table, dict[str, Table], dict[str, list[Section]]]:
    top_questions, top_repeats = _columns(form.children)
    top = Table(form.form_id, top_questions, None)
    tables: dict[str, Table] = {}
    repeats_of: dict[str, list[Section]] = {top.name: top_repeats}
    pending = [(section, top.name) for section in top_repeats]
    while pending:
        section, parent = pending.pop(0)
        questions, inner = _columns(section.children)
        tables[section.name] = Table(section.name, questions, parent)
        repeats_of[section.name] = inner
        pending.extend((child, section.name) for child in inner)
    return top, tables, repeats_of


def _shown(question: Question, value: Any, labels: bool, lang: str) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        parts = [_shown(question, item, labels, lang) for item in value]
        return " ".join(str(p) for p in parts)
    if labels and question.is_select:
        choice = question.choice(str(value))
        return choice.label_in(lang) if choice else value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        return " ".join(str(v) for v in value.values())
    return value


def export_tables(
    form: Form,
    submissions: Iterable[ExportedSubmission],
    *,
    labels: bool = False,
    lang: str = "",
) -> list[Table]:
    """The tables of ``submissions``: the top first, then each repeat in the form's order."""
    lang = lang or form.default_language
    top, tables, repeats_of = _tables(form)

    def heading(question: Question) -> str:
        return question.label_in(lang) if labels else question.name

    top.header = ["_id", "_instance_id", "_received_at", "_site", "_index"]
    top.header += [heading(q) for q in top.questions]
    for table in tables.values():
        table.header = ["_index", "_parent_index", "_parent_table", "_submission_id"]
        table.header += [heading(q) for q in table.questions]
    counters = dict.fromkeys(tables, 0)

    def add_repeats(owner: str, answers: Mapping[str, Any], parent_index: int, number: int) -> None:
        for section in repeats_of[owner]:
            instances = answers.get(section.name)
            if not isinstance(instances, list):
                continue
            table = tables[section.name]
            for instance in instances:
                if not isinstance(instance, Mapping):
                    continue
                counters[section.name] += 1
                index = counters[section.name]
                values = [_shown(q, instance.get(q.name), labels, lang) for q in table.questions]
                table.rows.append([index, parent_index, owner, number, *values])
                add_repeats(section.name, instance, index, number)

    for position, submission in enumerate(submissions, start=1):
        answers = submission.answers
        values = [_shown(q, answers.get(q.name), labels, lang) for q in top.questions]
        top.rows.append(
            [
                submission.number,
                submission.instance_id,
                submission.received_at.isoformat(timespec="seconds"),
                submission.site,
                position,
                *values,
            ]
        )
        add_repeats(top.name, answers, position, submission.number)
    return [top, *tables.values()]


def _sheet_name(name: str, taken: set[str]) -> str:
    base = name.translate(_SHEET_NAME_BAD)[:_SHEET_NAME_MAX] or "sheet"
    candidate, n = base, 1
    while candidate.lower() in taken:
        n += 1
        suffix = f"_{n}"
        candidate = base[: _SHEET_NAME_MAX - len(suffix)] + suffix
    taken.add(candidate.lower())
    return candidate


def to_xlsx(tables: Sequence[Table]) -> bytes:
    """One workbook, one sheet per table."""
    workbook = Workbook(write_only=True)
    taken: set[str] = set()
    for table in tables:
        sheet = workbook.create_sheet(_sheet_name(table.name, taken))
        sheet.append(safe_row(table.header))
        for row in table.rows:
            sheet.append(safe_row(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _csv(table: Table) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(safe_row(table.header))
    writer.writerows(safe_row(row) for row in table.rows)
    # A byte-order mark so that spreadsheets open accents and other scripts as UTF-8.
    return ("\ufeff" + text.getvalue()).encode("utf-8")


def to_csv(tables: Sequence[Table]) -> tuple[bytes, str]:
    """The CSV file of a form without repeats, else a zip of one CSV per table; with the
    file extension to use (``csv`` or ``zip``)."""
    if len(tables) == 1:
        return _csv(tables[0]), "csv"
    out = io.BytesIO()
    taken: set[str] = set()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for table in tables:
            archive.writestr(_sheet_name(table.name, taken) + ".csv", _csv(table))
    return out.getvalue(), "zip"

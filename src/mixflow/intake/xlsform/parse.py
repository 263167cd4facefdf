"""Load an XLSForm (.xlsx): check it against what Mixflow supports, then let pyxform build it.

Two readings of the same workbook, each for what it does best:

* our own openpyxl pass knows row numbers and columns, so every refusal names the sheet, row and
  column the author must fix (types, columns, the ``mixflow`` mapping, XPath expressions);
* pyxform (``convert``) checks the rest of the XLSForm rules and produces the XForm XML that
  OpenRosa clients download, plus the JSON tree the model is built from.

The ``mixflow`` column: pyxform 4.5 tolerates an unknown survey column, passes it through to its
JSON and leaves it out of the XForm. We nevertheless read it from our own pass (by row), so the
mapping never depends on that pass-through.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext_lazy as _

from mixflow.intake.xlsform import xpath
from mixflow.intake.xlsform.mapping_targets import MAPPING_TARGETS, MEMBERS
from mixflow.intake.xlsform.model import METADATA_TYPES, Choice, Form, Question, Section

MAPPING_COLUMN = "mixflow"
MAX_BYTES = 5 * 1024 * 1024

QUESTION_TYPES = frozenset(
    {"text", "integer", "decimal", "date", "note", "geopoint", "calculate", *METADATA_TYPES}
)
TYPE_ALIASES = {
    "int": "integer",
    "string": "text",
    "begin group": "begin_group",
    "end group": "end_group",
    "begin repeat": "begin_repeat",
    "end repeat": "end_repeat",
    "select one": "select_one",
    "select all that apply": "select_multiple",
    "select multiple": "select_multiple",
}
TRANSLATABLE = frozenset({"label", "hint", "constraint_message", "required_message"})
SURVEY_COLUMNS = frozenset(
    {
        "type",
        "name",
        "relevant",
        "constraint",
        "required",
        "choice_filter",
        "default",
        "appearance",
        "read_only",
        "calculation",
        "repeat_count",
        MAPPING_COLUMN,
        *TRANSLATABLE,
    }
)
EXPRESSION_COLUMNS = ("relevant", "constraint", "calculation", "choice_filter", "repeat_count")
CHOICE_MEDIA = frozenset({"image", "audio", "video", "media"})
SHEETS = frozenset({"survey", "choices", "settings"})
SETTINGS_COLUMNS = frozenset(
    {"form_id", "form_title", "version", "default_language", "instance_name", "style", "name"}
)
LANGUAGE_NAMES = {
    "english": "en",
    "french": "fr",
    "français": "fr",
    "francais": "fr",
    "spanish": "es",
    "español": "es",
    "espanol": "es",
    "arabic": "ar",
    "portuguese": "pt",
}
YES = frozenset({"yes", "true", "true()", "1"})
NO = frozenset({"", "no", "false", "false()", "0"})


@dataclass(frozen=True)
class Problem:
    """One reason a form is refused, where the author must look."""

    sheet: str | None
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = ", ".join(
            part
            for part in (
                self.sheet or "",
                f"row {self.row}" if self.row else "",
                f"column “{self.column}”" if self.column else "",
            )
            if part
        )
        return f"{where}: {self.message}" if where else str(self.message)


class FormError(ValueError):
    """The form is refused; ``problems`` says every reason found."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems: list[Problem] = list(problems)
        super().__init__("; ".join(str(p) for p in self.problems))


def language_code(name: str, default: str = "en") -> str:
    """``"Français (fr)"`` → ``"fr"``; a bare name is looked up; ``default`` stays default."""
    if name in ("default", ""):
        return default
    match = re.search(r"\(\s*([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)?)\s*\)\s*$", name)
    if match:
        return match.group(1).lower()
    return LANGUAGE_NAMES.get(name.strip().lower(), name.strip().lower())


# --- our own reading: rows and columns ---------------------------------------------------


@dataclass
class _Sheet:
    name: str
    header: list[str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_sheets(content: bytes) -> dict[str, _Sheet]:
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    sheets: dict[str, _Sheet] = {}
    try:
        for sheet in book.worksheets:
            rows = sheet.iter_rows(values_only=True)
            header_row = next(rows, None)
            header = [_cell(v) for v in header_row or ()]
            data = _Sheet(sheet.title.strip().lower(), header)
            for number, values in enumerate(rows, start=2):
                cells = {
                    header[i]: _cell(v)
                    for i, v in enumerate(values)
                    if i < len(header) and header[i]
                }
                if any(cells.values()):
                    data.rows.append((number, cells))
            sheets[data.name] = data
    finally:
        book.close()
    return sheets


def _base_column(column: str) -> tuple[str, str | None]:
    """``"label::Français (fr)"`` → ``("label", "Français (fr)")``."""
    if "::" in column:
        base, lang = column.split("::", 1)
        return base.strip().lower(), lang.strip()
    return column.strip().lower(), None


def _normal_type(raw: str) -> tuple[str, str | None, list[str]]:
    """(type, choice list, extra words) from a type cell."""
    words = raw.split()
    if not words:
        return "", None, []
    joined = " ".join(words).lower()
    for alias, target in TYPE_ALIASES.items():
        if joined == alias or joined.startswith(alias + " "):
            rest = " ".join(words)[len(alias) :].split()
            return target, (rest[0] if rest else None), rest[1:]
    kind = words[0].lower()
    kind = TYPE_ALIASES.get(kind, kind)
    if kind in ("select_one", "select_multiple"):
        return kind, (words[1] if len(words) > 1 else None), words[2:]
    return kind, None, words[1:]


@dataclass
class _RowInfo:
    row: int
    cells: dict[str, str]


def _check_expression(
    expr: str, sheet: str, row: int, column: str, problems: list[Problem], *, fields_ok: bool
) -> None:
    try:
        tree = xpath.parse(expr)
    except xpath.XPathError as error:
        problems.append(
            Problem(
                sheet,
                row,
                column,
                str(_("This expression is not supported: %(error)s") % {"error": error}),
            )
        )
        return
    if not fields_ok and xpath.fields(tree):
        names = ", ".join(sorted(xpath.fields(tree)))
        problems.append(
            Problem(
                sheet,
                row,
                column,
                str(
                    _("Refer to questions as ${name}, not by a bare name (%(names)s).")
                    % {"names": names}
                ),
            )
        )


def _check_survey(
    survey: _Sheet, choice_lists: set[str], problems: list[Problem]
) -> dict[tuple[str, ...], _RowInfo]:
    """Check types, columns, mapping and expressions; return rows by element path."""
    for column in survey.header:
        if not column:
            continue
        base, lang = _base_column(column)
        if base not in SURVEY_COLUMNS or (lang is not None and base not in TRANSLATABLE):
            problems.append(
                Problem(
                    "survey",
                    1,
                    column,
                    str(_("This column is not supported by Mixflow: remove it.")),
                )
            )
    rows: dict[tuple[str, ...], _RowInfo] = {}
    stack: list[tuple[str, bool, str | None]] = []  # name, repeat, mapping
    scopes: list[dict[str, int]] = [{}]
    for number, cells in survey.rows:
        lowered = {_base_column(k)[0] if "::" not in k else k: v for k, v in cells.items()}
        raw_type = cells.get("type", "") or lowered.get("type", "")
        kind, list_name, extra = _normal_type(raw_type)
        name = lowered.get("name", "")
        if not kind:
            continue
        if kind in ("end_group", "end_repeat"):
            if stack:
                _name, was_repeat, _m = stack.pop()
                if was_repeat:
                    scopes.pop()
            continue
        supported = kind in QUESTION_TYPES or kind in (
            "begin_group",
            "begin_repeat",
            "select_one",
            "select_multiple",
        )
        if not supported or extra:
            problems.append(
                Problem(
                    "survey",
                    number,
                    "type",
                    str(
                        _("The question type “%(type)s” is not supported by Mixflow.")
                        % {"type": raw_type}
                    ),
                )
            )
            continue
        if (
            kind in ("select_one", "select_multiple")
            and list_name
            and list_name not in choice_lists
        ):
            problems.append(
                Problem(
                    "survey",
                    number,
                    "type",
                    str(
                        _("The choice list “%(list)s” is not in the choices sheet.")
                        % {"list": list_name}
                    ),
                )
            )
        if name:
            scope = scopes[-1]
            if name in scope:
                problems.append(
                    Problem(
                        "survey",
                        number,
                        "name",
                        str(
                            _("The name “%(name)s” is already used on row %(row)s.")
                            % {"name": name, "row": scope[name]}
                        ),
                    )
                )
            scope[name] = number
        in_members = any(repeat and mapping == MEMBERS for _n, repeat, mapping in stack)
        target = lowered.get(MAPPING_COLUMN, "")
        if target:
            _check_target(target, kind, in_members, number, problems)
        for column in EXPRESSION_COLUMNS:
            if lowered.get(column):
                _check_expression(
                    lowered[column],
                    "survey",
                    number,
                    column,
                    problems,
                    fields_ok=column == "choice_filter",
                )
        for column in ("required", "read_only"):
            value = lowered.get(column, "")
            if value.lower() not in YES | NO:
                _check_expression(value, "survey", number, column, problems, fields_ok=False)
        default = lowered.get("default", "")
        if default and _default_is_dynamic(default, kind):
            _check_expression(default, "survey", number, "default", problems, fields_ok=False)
        path = (*(n for n, _r, _m in stack), name)
        rows[path] = _RowInfo(number, cells)
        if kind in ("begin_group", "begin_repeat"):
            stack.append((name, kind == "begin_repeat", target or None))
            if kind == "begin_repeat":
                scopes.append({})
    return rows


def _check_target(
    target: str, kind: str, in_members: bool, row: int, problems: list[Problem]
) -> None:
    message = None
    if target not in MAPPING_TARGETS:
        message = _("“%(target)s” is not a Mixflow field (see the list of mapping targets).")
    elif target == MEMBERS and kind != "begin_repeat":
        message = _("“%(target)s” goes on a begin_repeat row: each instance is one member.")
    elif target != MEMBERS and kind in ("begin_group", "begin_repeat"):
        message = _("A group or repeat can only map to “group.members”, not “%(target)s”.")
    elif target == "member.relationship" and not in_members:
        message = _("“%(target)s” only means something inside the group.members repeat.")
    if message is not None:
        problems.append(Problem("survey", row, MAPPING_COLUMN, str(message % {"target": target})))


def _default_is_dynamic(value: str, kind: str) -> bool:
    from pyxform.utils import default_is_dynamic  # type: ignore[import-untyped]

    pyxform_type = {"date": "date", "geopoint": "geopoint"}.get(kind)
    return bool(default_is_dynamic(value, pyxform_type))


def _check_choices(choices: _Sheet | None, problems: list[Problem]) -> set[str]:
    if choices is None:
        return set()
    for column in choices.header:
        base, _lang = _base_column(column)
        if base in CHOICE_MEDIA:
            problems.append(
                Problem(
                    "choices",
                    1,
                    column,
                    str(_("Media in choices are not supported by Mixflow: remove the column.")),
                )
            )
    return {cells.get("list_name", "") for _n, cells in choices.rows if cells.get("list_name")}


def _check_settings(settings: _Sheet | None, problems: list[Problem]) -> None:
    if settings is None:
        return
    for column in settings.header:
        if column and column.strip().lower() not in SETTINGS_COLUMNS:
            problems.append(
                Problem(
                    "settings",
                    1,
                    column,
                    str(_("This setting is not supported by Mixflow: remove it.")),
                )
            )


# --- pyxform's reading: the tree and the XForm -------------------------------------------


def _pyxform_problem(error: Exception) -> Problem:
    message = str(error).strip()
    match = re.search(r"\[row\s*:\s*(\d+)\]", message)
    sheet_match = re.search(r"'(survey|choices|settings)' sheet", message)
    return Problem(
        sheet_match.group(1) if sheet_match else ("survey" if match else None),
        int(match.group(1)) if match else None,
        None,
        message,
    )


def _texts(value: Any, default_code: str) -> dict[str, str]:
    if value is None or value == "":
        return {}
    if isinstance(value, Mapping):
        return {language_code(k, default_code): str(v) for k, v in value.items() if v}
    return {default_code: str(value)}


def _bind_flag(value: Any) -> str:
    text = str(value or "").strip()
    if text.lower() in YES:
        return "true()"
    if text.lower() in NO:
        return ""
    return text


class _Builder:
    def __init__(
        self,
        data: Mapping[str, Any],
        rows: dict[tuple[str, ...], _RowInfo],
        default_code: str,
    ) -> None:
        self.rows = rows
        self.default = default_code
        self.lists: dict[str, tuple[Choice, ...]] = {
            name: tuple(self.choice(c) for c in items)
            for name, items in (data.get("choices") or {}).items()
        }

    def choice(self, item: Mapping[str, Any]) -> Choice:
        extra = {
            str(k): str(v)
            for k, v in item.items()
            if k not in ("name", "label", "media") and not isinstance(v, Mapping)
        }
        return Choice(
            name=str(item.get("name", "")),
            label=_texts(item.get("label"), self.default),
            extra=extra,
            default_language=self.default,
        )

    def children(
        self, items: Iterable[Mapping[str, Any]], path: tuple[str, ...]
    ) -> tuple[Question | Section, ...]:
        out: list[Question | Section] = []
        for item in items:
            name = str(item.get("name", ""))
            info = self.rows.get((*path, name))
            if info is None:  # added by pyxform itself (meta/instanceID): not a question
                continue
            cells = {_base_column(k)[0]: v for k, v in info.cells.items() if "::" not in k}
            target = cells.get(MAPPING_COLUMN) or None
            bind = item.get("bind") or {}
            control = item.get("control") or {}
            kind = str(item.get("type", ""))
            if kind in ("group", "repeat"):
                out.append(
                    Section(
                        name=name,
                        row=info.row,
                        label=_texts(item.get("label"), self.default),
                        relevant=str(bind.get("relevant", "")),
                        repeat=kind == "repeat",
                        repeat_count=str(control.get("jr:count", "")),
                        children=self.children(item.get("children") or [], (*path, name)),
                        maps_to=target,
                        appearance=str(control.get("appearance", "")),
                        default_language=self.default,
                    )
                )
                continue
            kind, list_name, _extra = _normal_type(info.cells.get("type", ""))
            default = str(item.get("default", "") or "")
            out.append(
                Question(
                    name=name,
                    type=kind,
                    row=info.row,
                    label=_texts(item.get("label"), self.default),
                    hint=_texts(item.get("hint"), self.default),
                    required=_bind_flag(bind.get("required")),
                    required_message=_texts(bind.get("jr:requiredMsg"), self.default),
                    relevant=str(bind.get("relevant", "")),
                    constraint=str(bind.get("constraint", "")),
                    constraint_message=_texts(bind.get("jr:constraintMsg"), self.default),
                    calculation=str(bind.get("calculate", "")),
                    default=default,
                    default_is_expression=bool(default) and _default_is_dynamic(default, kind),
                    read_only=_bind_flag(bind.get("readonly")),
                    choice_list=list_name,
                    choices=self.lists.get(list_name or "", ()),
                    choice_filter=str(item.get("choice_filter", "")),
                    appearance=str(control.get("appearance", "")),
                    maps_to=target,
                    default_language=self.default,
                )
            )
        return tuple(out)


def _languages(data: Mapping[str, Any], default_code: str) -> tuple[str, ...]:
    found: dict[str, None] = {default_code: None}

    def walk(node: Any) -> None:
        if isinstance(node, Mapping):
            for key in ("label", "hint", "jr:constraintMsg", "jr:requiredMsg"):
                value = node.get(key)
                if isinstance(value, Mapping):
                    for lang in value:
                        found[language_code(lang, default_code)] = None
            for value in node.values():
                if isinstance(value, list | Mapping):
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(data.get("children") or [])
    return tuple(found)


def load_xlsform(
    source: Path | bytes, filename: str = "form.xlsx", *, odk_validate: bool = False
) -> Form:
    """Parse and check an XLSForm; ``FormError`` lists every problem found.

    ``odk_validate=True`` also runs ODK Validate (Java, a few seconds): worth it at upload.
    """
    from pyxform.errors import PyXFormError  # type: ignore[import-untyped]
    from pyxform.xls2xform import convert  # type: ignore[import-untyped]

    content = source.read_bytes() if isinstance(source, Path) else bytes(source)
    if not filename.lower().endswith(".xlsx"):
        raise FormError(
            [Problem(None, None, None, str(_("Upload the XLSForm as an .xlsx workbook.")))]
        )
    if len(content) > MAX_BYTES:
        raise FormError(
            [Problem(None, None, None, str(_("An XLSForm larger than 5 MB is refused.")))]
        )
    try:
        sheets = _read_sheets(content)
    except Exception as error:  # openpyxl raises many kinds on a file that is no workbook
        raise FormError(
            [
                Problem(
                    None,
                    None,
                    None,
                    str(
                        _("This file cannot be read as an .xlsx workbook (%(error)s).")
                        % {"error": type(error).__name__}
                    ),
                )
            ]
        ) from None
    survey = sheets.get("survey")
    if survey is None:
        raise FormError(
            [Problem("survey", None, None, str(_("The workbook has no survey sheet.")))]
        )
    problems: list[Problem] = []
    for name in sheets:
        if name not in SHEETS:
            problems.append(
                Problem(
                    name,
                    None,
                    None,
                    str(_("This sheet is not supported by Mixflow: remove it.")),
                )
            )
    _check_settings(sheets.get("settings"), problems)
    choice_lists = _check_choices(sheets.get("choices"), problems)
    rows = _check_survey(survey, choice_lists, problems)
    if problems:
        raise FormError(problems)
    try:
        result = convert(xlsform=content, validate=odk_validate, file_type=".xlsx")
    except (PyXFormError, ValueError, KeyError, TypeError) as error:
        raise FormError([_pyxform_problem(error)]) from None
    except Exception as error:  # ODK Validate's own error class, Java missing…
        raise FormError([_pyxform_problem(error)]) from None
    data: Mapping[str, Any] = result._pyxform  # the JSON tree pyxform built the XForm from
    default_code = language_code(str(data.get("default_language") or "default"), "en")
    builder = _Builder(data, rows, default_code)
    settings = sheets.get("settings")
    setting_row = settings.rows[0][1] if settings and settings.rows else {}
    title = _texts(data.get("title"), default_code)
    return Form(
        form_id=str(data.get("id_string", "")),
        title=title,
        version=str(data.get("version") or setting_row.get("version") or ""),
        default_language=default_code,
        languages=_languages(data, default_code),
        children=builder.children(data.get("children") or [], ()),
        choice_lists=builder.lists,
        xform=result.xform,
        root_name=str(data.get("name") or "data"),
    )


def form_xml(form: Form) -> str:
    """The XForm XML an OpenRosa client downloads."""
    return form.xform

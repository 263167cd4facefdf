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
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext_lazy as _

from mixflow.core import language
from mixflow.intake.xlsform import xpath
from mixflow.intake.xlsform.mapping_targets import MAPPING_TARGETS, MEMBERS
from mixflow.intake.xlsform.media import choices_from_file, csv_tables, is_choice_file
from mixflow.intake.xlsform.model import (
    MEDIA_TYPES,
    METADATA_TYPES,
    WEB_TYPES,
    Choice,
    Form,
    Problem,
    Question,
    Section,
)
from mixflow.lib.archives import ArchiveTooLarge, check_unpacked_size

__all__ = ["FormError", "Problem", "form_xml", "language_code", "load_xlsform"]

MAPPING_COLUMN = "mixflow"
MAX_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
"""What an XLSForm may unpack to (the largest of the corpus, 4 MB, unpacks to 4 MB)."""
MAX_EMPTY_ROWS = 60
"""pyxform stops reading a sheet after this many empty rows in a row; so do we."""

QUESTION_TYPES = (WEB_TYPES | METADATA_TYPES | MEDIA_TYPES) - {"select_one", "select_multiple"}
"""The types Mixflow knows (the web page renders them or the server fills them)."""
TYPE_ALIASES = {
    # longest first: a type cell is matched on its first words
    "select all that apply": "select_multiple",
    "add acknowledge prompt": "acknowledge",
    "add date time prompt": "datetime",
    "add calculate prompt": "calculate",
    "add location prompt": "geopoint",
    "add barcode prompt": "barcode",
    "add decimal prompt": "decimal",
    "add integer prompt": "integer",
    "get subscriber id": "subscriberid",
    "add image prompt": "image",
    "add audio prompt": "audio",
    "add video prompt": "video",
    "add date prompt": "date",
    "add file prompt": "file",
    "add note prompt": "note",
    "add text prompt": "text",
    "get phone number": "phonenumber",
    "select multiple": "select_multiple",
    "get start time": "start",
    "get device id": "deviceid",
    "get end time": "end",
    "begin repeat": "begin_repeat",
    "begin group": "begin_group",
    "end repeat": "end_repeat",
    "end group": "end_group",
    "get sim id": "simserial",
    "select one": "select_one",
    "phone number": "phonenumber",
    "subscriber id": "subscriberid",
    "q acknowledge": "acknowledge",
    "q date time": "datetime",
    "q calculate": "calculate",
    "q location": "geopoint",
    "q geopoint": "geopoint",
    "q geotrace": "geotrace",
    "q geoshape": "geoshape",
    "q picture": "image",
    "q barcode": "barcode",
    "q decimal": "decimal",
    "q string": "text",
    "q image": "image",
    "q audio": "audio",
    "q video": "video",
    "q note": "note",
    "q date": "date",
    "q int": "integer",
    "get today": "today",
    "start time": "start",
    "date time": "datetime",
    "device id": "deviceid",
    "end time": "end",
    "sim id": "simserial",
    "datetime": "datetime",
    "uri:deviceid": "deviceid",
    "uri:email": "email",
    "uri:phonenumber": "phonenumber",
    "uri:simserial": "simserial",
    "uri:subscriberid": "subscriberid",
    "uri:username": "username",
    "trigger": "acknowledge",
    "photo": "image",
    "location": "geopoint",
    "gps": "geopoint",
    "imei": "deviceid",
    "int": "integer",
    "string": "text",
}
TRANSLATABLE = frozenset({"label", "hint", "constraint_message", "required_message"})
MEDIA_COLUMNS = frozenset({"image", "audio", "video", "big-image", "media"})
TRANSLATABLE_ANY = TRANSLATABLE | MEDIA_COLUMNS | {"guidance_hint"}
COLUMN_ALIASES = {
    "calculate": "calculation",
    "relevance": "relevant",
    "readonly": "read_only",
    "count": "repeat_count",
    "jr:count": "repeat_count",
    "constraining_message": "constraint_message",
    "jr:constraintmsg": "constraint_message",
    "requiredmsg": "required_message",
    "jr:requiredmsg": "required_message",
}
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
ODK_COLUMNS = frozenset(
    {
        *MEDIA_COLUMNS,
        "guidance_hint",
        "parameters",
        "trigger",
        "autoplay",
        "save_to",
        "caption",
        "value",
        "tag",
        "body",
        "bind",
        "instance",
        "control",
        "intent",
        "rows",
        "list_name",
    }
)
"""Columns of the XLSForm spec that ODK Collect uses and Mixflow's web page does not."""
EXPRESSION_COLUMNS = ("relevant", "constraint", "calculation", "choice_filter", "repeat_count")
CHOICE_MEDIA = MEDIA_COLUMNS
SHEETS = frozenset({"survey", "choices", "settings"})
ODK_SHEETS = frozenset({"external_choices", "entities", "osm"})
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
    "português": "pt",
    "russian": "ru",
    "swahili": "sw",
    "german": "de",
    "italian": "it",
    "chinese": "zh",
    "hindi": "hi",
    "amharic": "am",
    "tigrinya": "ti",
    "somali": "so",
    "persian": "fa",
    "farsi": "fa",
    "dari": "prs",
    "pashto": "ps",
    "urdu": "ur",
    "turkish": "tr",
    "ukrainian": "uk",
    "hausa": "ha",
}
YES = frozenset({"yes", "true", "true()", "1"})
NO = frozenset({"", "no", "false", "false()", "0"})


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


def _header(text: str) -> str:
    """A column name with its column part lower-cased (XLSForm is case-insensitive there),
    its language part as written: ``"LABEL::EN"`` → ``"label::EN"``."""
    if "::" in text:
        base, lang = text.split("::", 1)
        return f"{base.lower()}::{lang}"
    if ":" in text:
        base, lang = text.split(":", 1)
        return f"{base.lower()}:{lang}"
    return text.lower()


def _read_sheets(content: bytes) -> dict[str, _Sheet]:
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    sheets: dict[str, _Sheet] = {}
    try:
        for sheet in book.worksheets:
            rows = sheet.iter_rows(values_only=True)
            header_row = next(rows, None)
            header = [_header(_cell(v)) for v in header_row or ()]
            data = _Sheet(sheet.title.strip().lower(), header)
            empty_run = 0
            for number, values in enumerate(rows, start=2):
                cells = {
                    header[i]: _cell(v)
                    for i, v in enumerate(values)
                    if i < len(header) and header[i]
                }
                if any(cells.values()):
                    data.rows.append((number, cells))
                    empty_run = 0
                else:
                    # pyxform's rule: after a run of empty rows the data has ended (a sheet
                    # formatted down to row 1,048,576 would otherwise take a minute to read)
                    empty_run += 1
                    if empty_run > MAX_EMPTY_ROWS:
                        break
            sheets[data.name] = data
    finally:
        book.close()
    return sheets


def _base_column(column: str) -> tuple[str, str | None]:
    """The column and its language, in every spelling the XLSForm spec allows:
    ``"label::Français (fr)"`` → ``("label", "Français (fr)")``, ``"label:English"`` →
    ``("label", "English")``, ``"media::image::fr"`` → ``("image", "fr")``, ``"jr:constraintMsg"``
    → ``("constraint_message", None)``."""
    text = column.strip()
    lowered = text.lower()
    for alias in ("jr:constraintmsg", "jr:requiredmsg", "jr:count"):
        if lowered == alias or lowered.startswith(alias + ":"):
            text = COLUMN_ALIASES[alias] + text[len(alias) :]
            lowered = text.lower()
    if lowered.startswith(("media::", "media:")):
        text = text.split(":", 1)[1].lstrip(":")
        lowered = text.lower()
    if "::" in text:
        base, lang = text.split("::", 1)
    elif ":" in text and text.split(":", 1)[0].strip().lower() in TRANSLATABLE_ANY:
        base, lang = text.split(":", 1)
    else:
        return COLUMN_ALIASES.get(lowered, lowered), None
    base = base.strip().lower()
    return COLUMN_ALIASES.get(base, base), lang.strip()


def _normal_type(raw: str) -> tuple[str, str | None, list[str]]:
    """(type, choice list, extra words) from a type cell."""
    words = raw.split()
    if not words:
        return "", None, []
    joined = " ".join(words).lower()
    for alias, target in TYPE_ALIASES.items():
        if joined == alias or joined.startswith(alias + " "):
            rest = " ".join(words)[len(alias) :].split()
            if target in ("select_one", "select_multiple") and rest and rest[0] == "from":
                rest = rest[1:]  # "select all that apply from list"
            return target, (rest[0] if rest else None), rest[1:]
    kind = words[0].lower()
    kind = TYPE_ALIASES.get(kind, kind)
    if kind in ("select_one_from_file", "select_multiple_from_file"):
        # The list is a file attached to the form (``fruits.csv``): a select like any other.
        kind = kind.removesuffix("_from_file")
    if kind in ("select_one", "select_multiple"):
        return kind, (words[1] if len(words) > 1 else None), words[2:]
    return kind, None, words[1:]


@dataclass
class _RowInfo:
    row: int
    cells: dict[str, str]


def _check_expression(
    expr: str,
    sheet: str,
    row: int,
    column: str,
    notes: list[Problem],
    *,
    fields_ok: bool,
    attached: frozenset[str] = frozenset(),
) -> None:
    """Notes for what the server cannot evaluate; never a refusal (pyxform, and ODK Validate
    at upload, judge the syntax; ODK Collect evaluates what the server cannot)."""
    try:
        tree = xpath.parse(expr)
    except xpath.XPathError as error:
        notes.append(
            Problem(
                sheet,
                row,
                column,
                str(
                    _(
                        "Mixflow cannot read this expression (%(error)s): ODK Collect evaluates "
                        "it on the device; on the server its value is unknown. Check it in ODK "
                        "Collect."
                    )
                    % {"error": error}
                ),
            )
        )
        return
    for what in (*xpath.unknowns(tree), *xpath.left_to_the_device(tree, attached)):
        notes.append(
            Problem(
                sheet,
                row,
                column,
                str(
                    _(
                        "“%(what)s” is evaluated by ODK Collect on the device, not by Mixflow's "
                        "server or web page: there this expression's value is unknown."
                    )
                    % {"what": what}
                ),
            )
        )
    if any(what.startswith("pulldata(") for what in xpath.left_to_the_device(tree, attached)):
        notes.append(
            Problem(
                sheet,
                row,
                column,
                str(
                    _(
                        "Attach the CSV file that pulldata() reads with the workbook to have it "
                        "evaluated on the server and the web page too."
                    )
                ),
            )
        )
    if not fields_ok and xpath.fields(tree):
        names = ", ".join(sorted(xpath.fields(tree)))
        notes.append(
            Problem(
                sheet,
                row,
                column,
                str(
                    _(
                        "Mixflow reads questions written ${name}; a bare name (%(names)s) is "
                        "unknown on the server. Write ${name} to have it checked there too."
                    )
                    % {"names": names}
                ),
            )
        )


def _column_notes(sheet: str, header: list[str], known: frozenset[str]) -> list[Problem]:
    notes: list[Problem] = []
    for column in header:
        if not column:
            continue
        base, lang = _base_column(column)
        if base in known and (lang is None or base in TRANSLATABLE_ANY):
            if base in MEDIA_COLUMNS or base == "guidance_hint":
                message = _(
                    "ODK Collect shows this column; Mixflow's web page ignores it (nothing to "
                    "change)."
                )
            else:
                continue
        elif base in ODK_COLUMNS or column.split(":", 1)[0].lower() in ODK_COLUMNS:
            message = _(
                "ODK Collect uses this column; Mixflow's web page ignores it (nothing to change)."
            )
        else:
            message = _(
                "Mixflow does not know this column: it is kept in the workbook and ignored."
            )
        notes.append(Problem(sheet, 1, column, str(message)))
    return notes


def _check_survey(
    survey: _Sheet,
    choice_lists: set[str],
    problems: list[Problem],
    notes: list[Problem],
    media: Mapping[str, bytes] | None = None,
) -> dict[tuple[str, ...], _RowInfo]:
    """Check types, columns, mapping and expressions; return rows by element path."""
    notes.extend(_column_notes("survey", survey.header, SURVEY_COLUMNS))
    rows: dict[tuple[str, ...], _RowInfo] = {}
    stack: list[tuple[str, bool, str | None]] = []  # name, repeat, mapping
    scopes: list[dict[str, int]] = [{}]
    for number, cells in survey.rows:
        lowered = {_base_column(k)[0]: v for k, v in cells.items() if _base_column(k)[1] is None}
        raw_type = lowered.get("type", "")
        kind, list_name, extra = _normal_type(raw_type)
        name = lowered.get("name", "")
        if not kind:
            continue
        if kind in ("end_group", "end_repeat") or (kind == "end" and extra):  # "end loop"
            if stack:
                _name, was_repeat, _m = stack.pop()
                if was_repeat:
                    scopes.pop()
            continue
        if kind == "begin" and extra:  # "begin loop over list": groups pyxform expands
            notes.append(_type_note(number, raw_type))
            stack.append((name, False, None))
            continue
        is_select = kind in ("select_one", "select_multiple")
        if is_select and extra == ["or_other"]:
            extra = []
        if is_select and extra and extra[-2:] == ["specify", "other"]:
            extra = extra[:-3] if extra[-3:-2] == ["or"] else extra[:-2]
        known = kind in QUESTION_TYPES or kind in ("begin_group", "begin_repeat") or is_select
        if not known or extra:
            notes.append(_type_note(number, raw_type))
        if is_select and is_choice_file(list_name):
            if list_name not in (media or {}):
                notes.append(
                    Problem(
                        "survey",
                        number,
                        "type",
                        str(
                            _(
                                "The choices of this question come from the file “%(file)s”: "
                                "attach it to the form so that the web page and ODK Collect "
                                "can offer them."
                            )
                            % {"file": list_name}
                        ),
                    )
                )
        elif is_select and list_name and list_name not in choice_lists:
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
                    notes,
                    fields_ok=column == "choice_filter",
                    attached=frozenset(media or ()),
                )
        for column in ("required", "read_only"):
            value = lowered.get(column, "")
            if value.lower() not in YES | NO:
                _check_expression(
                    value,
                    "survey",
                    number,
                    column,
                    notes,
                    fields_ok=False,
                    attached=frozenset(media or ()),
                )
        default = lowered.get("default", "")
        if default and _default_is_dynamic(default, kind):
            _check_expression(
                default,
                "survey",
                number,
                "default",
                notes,
                fields_ok=False,
                attached=frozenset(media or ()),
            )
        path = (*(n for n, _r, _m in stack), name)
        rows[path] = _RowInfo(number, cells)
        if kind in ("begin_group", "begin_repeat"):
            stack.append((name, kind == "begin_repeat", target or None))
            if kind == "begin_repeat":
                scopes.append({})
    return rows


def _type_note(row: int, raw_type: str) -> Problem:
    return Problem(
        "survey",
        row,
        "type",
        str(
            _(
                "Mixflow's web page cannot show questions of type “%(type)s” yet: they are "
                "answered in ODK Collect; from the web page they stay unanswered."
            )
            % {"type": raw_type}
        ),
    )


def target_problem(target: str, kind: str, in_members: bool) -> str | None:
    """Why ``target`` cannot go on a row of type ``kind`` (``begin_repeat``, ``text``…), or
    None; for the upload and for the mapping page alike."""
    problems: list[Problem] = []
    _check_target(target, kind, in_members, 0, problems)
    return problems[0].message if problems else None


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


def _list_name(cells: Mapping[str, str]) -> str:
    return cells.get("list_name") or cells.get("list name") or ""


def _check_choices(choices: _Sheet | None, notes: list[Problem]) -> set[str]:
    if choices is None:
        return set()
    for column in choices.header:
        base, _lang = _base_column(column)
        if base in CHOICE_MEDIA:
            notes.append(
                Problem(
                    "choices",
                    1,
                    column,
                    str(
                        _(
                            "ODK Collect shows media in choices; Mixflow's web page shows their "
                            "labels only (nothing to change)."
                        )
                    ),
                )
            )
    return {_list_name(cells) for _n, cells in choices.rows if _list_name(cells)}


def _check_settings(settings: _Sheet | None, notes: list[Problem]) -> None:
    if settings is None:
        return
    for column in settings.header:
        if column and column.strip().lower() not in SETTINGS_COLUMNS:
            notes.append(
                Problem(
                    "settings",
                    1,
                    column,
                    str(
                        _(
                            "Mixflow does not use this setting: it is kept in the XForm for ODK "
                            "Collect and ignored on the server (nothing to change)."
                        )
                    ),
                )
            )


def _check_sheets(sheets: Mapping[str, _Sheet], notes: list[Problem]) -> None:
    for name in sheets:
        if name in SHEETS:
            continue
        if name in ODK_SHEETS:
            message = _(
                "ODK Collect uses this sheet; Mixflow's web page ignores it (nothing to change)."
            )
        else:
            message = _(
                "This sheet is not part of the XLSForm: it is kept in the workbook and ignored."
            )
        notes.append(Problem(name, None, None, str(message)))


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


def _row_texts(cells: Mapping[str, str], base: str, default_code: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for column, value in cells.items():
        column_base, lang = _base_column(column)
        if column_base == base and value:
            out[language_code(lang or "default", default_code)] = value
    return out


def _header_languages(sheets: Mapping[str, _Sheet], default_code: str) -> list[str]:
    found: list[str] = []
    for name in ("survey", "choices"):
        sheet = sheets.get(name)
        for column in sheet.header if sheet else ():
            base, lang = _base_column(column)
            if lang and base in TRANSLATABLE:
                found.append(language_code(lang, default_code))
    return found


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
        choice_rows: _Sheet | None = None,
        media: Mapping[str, bytes] | None = None,
    ) -> None:
        self.rows = rows
        self.media = media or {}
        self.default = default_code
        self.choice_cells: dict[tuple[str, str], dict[str, str]] = {
            (_list_name(cells), cells.get("name", "")): cells
            for _n, cells in (choice_rows.rows if choice_rows else [])
        }
        self.lists: dict[str, tuple[Choice, ...]] = {
            name: tuple(self.choice(c, name) for c in items)
            for name, items in (data.get("choices") or {}).items()
        }

    def choice(self, item: Mapping[str, Any], list_name: str) -> Choice:
        extra = {
            str(k): str(v)
            for k, v in item.items()
            if k not in ("name", "label", "media") and not isinstance(v, Mapping)
        }
        return Choice(
            name=str(item.get("name", "")),
            label={
                **_texts(item.get("label"), self.default),
                **_row_texts(
                    self.choice_cells.get((list_name, str(item.get("name", ""))), {}),
                    "label",
                    self.default,
                ),
            },
            extra=extra,
            default_language=self.default,
        )

    def texts(self, value: Any, info: _RowInfo, base: str) -> dict[str, str]:
        """pyxform's texts, completed from the row in every spelling the spec allows
        (pyxform 4 leaves ``label:French``, with one colon, aside)."""
        return {**_texts(value, self.default), **_row_texts(info.cells, base, self.default)}

    def children(
        self, items: Iterable[Mapping[str, Any]], path: tuple[str, ...]
    ) -> tuple[Question | Section, ...]:
        out: list[Question | Section] = []
        for item in items:
            name = str(item.get("name", ""))
            info = self.rows.get((*path, name))
            if info is None:  # added by pyxform itself (meta/instanceID): not a question
                continue
            cells = {
                _base_column(k)[0]: v for k, v in info.cells.items() if _base_column(k)[1] is None
            }
            target = cells.get(MAPPING_COLUMN) or None
            bind = item.get("bind") or {}
            control = item.get("control") or {}
            kind = str(item.get("type", ""))
            if kind in ("group", "repeat"):
                out.append(
                    Section(
                        name=name,
                        row=info.row,
                        label=self.texts(item.get("label"), info, "label"),
                        relevant=str(bind.get("relevant", "")),
                        repeat=kind == "repeat",
                        # the row's own: pyxform 4 moves an expression into a generated
                        # "<name>_count" calculation that is no row of the survey
                        repeat_count=str(cells.get("repeat_count") or control.get("jr:count", "")),
                        children=self.children(item.get("children") or [], (*path, name)),
                        maps_to=target,
                        appearance=str(control.get("appearance", "")),
                        default_language=self.default,
                    )
                )
                continue
            kind, list_name, _extra = _normal_type(cells.get("type", ""))
            choices = self.lists.get(list_name or "", ())
            if is_choice_file(list_name):
                from_file = choices_from_file(
                    self.media,
                    list_name or "",
                    cells.get("parameters", ""),
                    self.default,
                    language_code,
                )
                if from_file is None:
                    kind = f"{kind}_from_file"  # no file to read: answered on the device
                else:
                    choices = from_file
            default = str(item.get("default", "") or "")
            out.append(
                Question(
                    name=name,
                    type=kind,
                    row=info.row,
                    label=self.texts(item.get("label"), info, "label"),
                    hint=self.texts(item.get("hint"), info, "hint"),
                    required=_bind_flag(bind.get("required")),
                    required_message=self.texts(
                        bind.get("jr:requiredMsg"), info, "required_message"
                    ),
                    relevant=str(bind.get("relevant", "")),
                    constraint=str(bind.get("constraint", "")),
                    constraint_message=self.texts(
                        bind.get("jr:constraintMsg"), info, "constraint_message"
                    ),
                    calculation=str(bind.get("calculate", "")),
                    default=default,
                    default_is_expression=bool(default) and _default_is_dynamic(default, kind),
                    read_only=_bind_flag(bind.get("readonly")),
                    choice_list=list_name,
                    choices=choices,
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
    source: Path | bytes,
    filename: str = "form.xlsx",
    *,
    odk_validate: bool = False,
    media: Mapping[str, bytes] | None = None,
) -> Form:
    """Parse and check an XLSForm; ``FormError`` lists every problem found.

    ``odk_validate=True`` also runs ODK Validate (Java, a few seconds): worth it at upload.
    ``media`` holds the files attached to the form by name (choice lists of
    ``select_one_from_file``, images…).
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
        check_unpacked_size(content, max_total=MAX_UNPACKED_BYTES)
    except ArchiveTooLarge as refusal:
        said_here = language.said(refusal.message.template, refusal.message.params)
        raise FormError([Problem(None, None, None, said_here)]) from None
    except zipfile.BadZipFile:
        pass  # said just below, as for any file that is no workbook
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
    if survey is None and len(sheets) == 1:  # pyxform reads a lone sheet as the survey
        survey = next(iter(sheets.values()))
        sheets = {"survey": survey}
    if survey is None:
        raise FormError(
            [Problem("survey", None, None, str(_("The workbook has no survey sheet.")))]
        )
    problems: list[Problem] = []
    notes: list[Problem] = []
    _check_sheets(sheets, notes)
    _check_settings(sheets.get("settings"), notes)
    choice_lists = _check_choices(sheets.get("choices"), notes)
    rows = _check_survey(survey, choice_lists, problems, notes, media)
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
    builder = _Builder(data, rows, default_code, sheets.get("choices"), media)
    settings = sheets.get("settings")
    setting_row = settings.rows[0][1] if settings and settings.rows else {}
    title = _texts(data.get("title"), default_code)
    return Form(
        form_id=str(data.get("id_string", "")),
        title=title,
        version=str(data.get("version") or setting_row.get("version") or ""),
        default_language=default_code,
        languages=tuple(
            dict.fromkeys(
                [*_languages(data, default_code), *_header_languages(sheets, default_code)]
            )
        ),
        children=builder.children(data.get("children") or [], ()),
        choice_lists=builder.lists,
        xform=result.xform,
        root_name=str(data.get("name") or "data"),
        notes=tuple(notes),
        tables=csv_tables(media or {}),
    )


def form_xml(form: Form) -> str:
    """The XForm XML an OpenRosa client downloads."""
    return form.xform

"""A questionnaire as a web form: fields built from the parsed XLSForm, answers read back.

Field names: a question's own name at the top level; ``REPEAT-N-NAME`` inside instance N of a
repeat, with ``REPEAT-count`` holding how many instances the page shows. Relevance, defaults,
calculations and errors all come from ``intake.xlsform.validate`` (the one evaluator): the page
asks the server again as the user answers (``questionnaire.js``), it never evaluates XPath.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict
from django.utils.translation import get_language, get_language_info, gettext

from mixflow.intake.queries import can_fill, compiled, questionnaires_for
from mixflow.intake.xlsform.model import (
    METADATA_TYPES,
    WEB_METADATA_TYPES,
    Form,
    Question,
    Section,
)
from mixflow.intake.xlsform.validate import Validation, available_choices
from mixflow.web.questionnaire_uploads import accept_attribute, is_file_question

MAX_REPEATS = 30
SELECT_AS_LIST = 12
"""Above this many choices, a select is a drop-down list rather than radio buttons."""
AUTOMATIC = (METADATA_TYPES - WEB_METADATA_TYPES) | {"calculate"}
"""Filled by the server (start, end, today, username, calculations) or left empty (what only
a device knows: deviceid, simserial…): never an input on the page."""


@dataclass
class FieldView:
    name: str
    path: str
    question: Question
    widget: str
    label: str
    hint: str
    value: Any
    choices: Sequence[tuple[str, str]] = ()
    error: str = ""
    relevant: bool = True
    offered: frozenset[str] | None = None
    """With a ``choice_filter``: the choices offered given the answers so far (every choice is
    on the page, the others hidden, so that the page can offer them as answers change)."""

    @property
    def selected(self) -> list[str]:
        if isinstance(self.value, list | tuple):
            return [str(v) for v in self.value]
        return str(self.value or "").split()

    @property
    def accept(self) -> str:
        return accept_attribute(self.question)

    @property
    def points(self) -> str:
        """A geotrace's or geoshape's points, one a line, as the text area shows them."""
        return "\n".join(p.strip() for p in str(self.value or "").split(";") if p.strip())


@dataclass
class SectionView:
    name: str
    path: str
    label: str
    repeat: bool
    relevant: bool
    instances: list[list[FieldView | SectionView]] = field(default_factory=list)
    count_name: str = ""

    @property
    def count(self) -> int:
        return len(self.instances)


HOUR_MINUTE = "[0-5][0-9]$')"
"""The end of the HH:MM pattern a text question constrains a time of day with (XLSForm has no
time type without seconds that ODK Collect shows as a clock): such a question gets a clock."""


def _widget(question: Question) -> str:
    kind = question.type
    if kind == "text" and "regex(" in question.constraint and HOUR_MINUTE in question.constraint:
        return "clock"
    if kind in AUTOMATIC:
        return "hidden"
    if question.device_only:
        return "device"
    if is_file_question(question):
        return "file"
    if kind in ("geopoint", "start-geopoint"):
        return "geopoint"
    if kind in ("geotrace", "geoshape"):
        return "geoline"
    if kind == "select_one":
        return "radio" if len(question.choices_hint) <= SELECT_AS_LIST else "select"
    if kind == "select_multiple":
        return "checkboxes" if len(question.choices_hint) <= SELECT_AS_LIST else "multiselect"
    return {
        "integer": "integer",
        "decimal": "decimal",
        "date": "date",
        "time": "time",
        "datetime": "datetime",
        "acknowledge": "acknowledge",
        "note": "note",
    }.get(kind, "text")


def input_value(value: Any) -> Any:
    """A value as a native input takes it whatever the page's language: dates, times and
    date-times in ISO 8601 (``<input type=date>`` rejects "Dec. 3, 2026")."""
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%dT%H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M:%S")
    return value


GEOPOINT_PARTS = ("lat", "lon", "alt", "acc")
"""The inputs of a geopoint: latitude, longitude, altitude (m), accuracy (m)."""


def _geopoint(data: QueryDict, key: str) -> str:
    parts = [data.get(f"{key}-{part}", "").strip() for part in GEOPOINT_PARTS]
    if not any(parts):
        return ""
    if parts[2] or parts[3]:  # ODK's order: an accuracy comes after an altitude
        parts[2] = parts[2] or "0"
    return " ".join(p for p in parts if p) or ""


def _geoline(text: str) -> str:
    """Points typed one a line (or separated by ``;``) as ODK stores them."""
    return ";".join(p.strip() for p in text.replace("\n", ";").split(";") if p.strip())


def raw_answers(
    form: Form,
    data: QueryDict,
    extra_repeat: str = "",
    uploaded: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The answers posted by the page, as ``validate_answers`` takes them; ``uploaded``: the
    names of the files chosen for media questions (``questionnaire_uploads``), by field."""

    def read(children: Sequence[Question | Section], prefix: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for child in children:
            if isinstance(child, Section):
                if child.repeat:
                    try:
                        count = int(data.get(f"{child.name}-count", "1"))
                    except ValueError:
                        count = 1
                    if extra_repeat == child.name:
                        count += 1
                    count = max(0, min(count, MAX_REPEATS))
                    out[child.name] = [
                        read(child.children, f"{child.name}-{i}-") for i in range(count)
                    ]
                else:
                    out.update(read(child.children, prefix))
                continue
            if child.type in AUTOMATIC or child.type == "note" or child.device_only:
                continue
            key = prefix + child.name
            widget = _widget(child)
            if widget == "file":
                if uploaded and key in uploaded:
                    out[child.name] = uploaded[key]
            elif child.type == "select_multiple":
                values = data.getlist(key)
                if values:
                    out[child.name] = " ".join(values)
            elif widget == "geopoint":
                if point := _geopoint(data, key):
                    out[child.name] = point
            elif widget == "geoline":
                if line := _geoline(data.get(key, "")):
                    out[child.name] = line
            else:
                value = data.get(key, "")
                if value.strip():
                    out[child.name] = value.strip()
        return out

    return read(form.children, "")


def build(
    form: Form,
    raw: Mapping[str, Any],
    checked: Validation,
    lang: str,
    show_errors: bool,
) -> list[FieldView | SectionView]:
    """The page's fields, with values as entered, relevance and (after a submit) errors."""

    def fields(
        children: Sequence[Question | Section],
        answers: Mapping[str, Any],
        prefix: str,
        path_prefix: str,
    ) -> list[FieldView | SectionView]:
        out: list[FieldView | SectionView] = []
        for child in children:
            path = path_prefix + child.name
            relevant = path in checked.relevant
            if isinstance(child, Section):
                section = SectionView(
                    name=child.name,
                    path=path,
                    label=child.label_in(lang),
                    repeat=child.repeat,
                    relevant=relevant,
                    count_name=f"{child.name}-count" if child.repeat else "",
                )
                if child.repeat:
                    instances = answers.get(child.name) or [{}]
                    for i, instance in enumerate(instances):
                        section.instances.append(
                            fields(child.children, instance, f"{child.name}-{i}-", f"{path}[{i}].")
                        )
                else:
                    section.instances.append(fields(child.children, answers, prefix, path_prefix))
                out.append(section)
                continue
            value = answers.get(child.name, "")
            if child.type in AUTOMATIC or (value == "" and child.default):
                value = checked.value_at(path) if value == "" else value
            value = input_value(value)
            available = available_choices(form, child, checked, path)
            filtered = bool(child.choice_filter) and child.is_select
            out.append(
                FieldView(
                    name=prefix + child.name,
                    path=path,
                    question=child,
                    widget=_widget(child),
                    label=child.label_in(lang),
                    hint=child.hint_in(lang),
                    value=value if value is not None else "",
                    choices=[
                        (choice.name, choice.label_in(lang))
                        for choice in (child.choices if filtered else available)
                    ],
                    offered=frozenset(c.name for c in available) if filtered else None,
                    error=str(checked.errors.get(path, "")) if show_errors else "",
                    relevant=relevant,
                )
            )
        return out

    return fields(form.children, raw, "", "")


def errors_of(fields: Sequence[FieldView | SectionView]) -> list[FieldView]:
    """Every field showing an error, in page order: the error summary links each one."""
    found: list[FieldView] = []
    for item in fields:
        if isinstance(item, SectionView):
            for instance in item.instances:
                found.extend(errors_of(instance))
        elif item.error:
            found.append(item)
    return found


def site_code_questions(form: Form) -> list[str]:
    """Questions that hold the code of the site the form is filled at (``flow_count.site``)."""
    return [q.name for q in form.questions() if (q.maps_to or "").endswith(".site")]


def forms_filled_at_a_site(user: Any) -> list[tuple[int, str]]:
    """(questionnaire id, title) of the forms ``user`` may fill whose answers name the site
    (the flow monitoring registry): a site's page opens them with the site filled in."""
    lang = (get_language() or "en")[:2]
    found = []
    for questionnaire in questionnaires_for(user).prefetch_related("versions"):
        version = questionnaire.current_version()
        if version is None or not can_fill(user, version):
            continue
        form = compiled(version).form
        if site_code_questions(form):
            found.append((questionnaire.pk, gettext(form.title_in(lang))))
    return found


def form_language(request: Any, form: Form, page_language: str) -> str:
    """The language the form is shown in: one of its own chosen on the page (``?lang=``),
    else the page's."""
    wanted = request.GET.get("lang", "")
    return wanted if wanted in form.languages else page_language


def form_languages(form: Form) -> list[tuple[str, str]]:
    """(code, name in that language) of the form's languages, when it has several."""
    if len(form.languages) < 2:
        return []
    named = []
    for code in form.languages:
        try:
            name = get_language_info(code)["name_local"]
        except KeyError:
            name = code
        named.append((code, name))
    return named


def offered_choices(form: Form, checked: Validation) -> dict[str, list[str]]:
    """Path → the choices offered now, for each relevant select with a ``choice_filter`` (the
    page hides the others as the user answers)."""
    found: dict[str, list[str]] = {}

    def walk(children: Sequence[Question | Section], path_prefix: str, answers: Any) -> None:
        for child in children:
            path = path_prefix + child.name
            if isinstance(child, Section):
                if child.repeat:
                    for i, _instance in enumerate(answers.get(child.name) or [{}]):
                        walk(child.children, f"{path}[{i}].", {})
                else:
                    walk(child.children, path_prefix, answers)
            elif child.is_select and child.choice_filter and path in checked.relevant:
                found[path] = [c.name for c in available_choices(form, child, checked, path)]

    walk(form.children, "", checked.answers)
    return found

"""Carrying a form's mapping to its next version: a question whose name and type did not
change keeps the Mixflow field it was mapped to (on the mapping page or in the workbook),
unless the new workbook's ``mixflow`` column maps it itself. Django-free."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from mixflow.intake.xlsform.model import Form, Question, Section


def _kind(element: Question | Section) -> str:
    if isinstance(element, Question):
        return element.type
    return "begin_repeat" if element.repeat else "begin_group"


def _mappable(element: Question | Section) -> bool:
    """What the mapping page offers: questions people answer, and repeats."""
    if isinstance(element, Section):
        return element.repeat
    return element.type not in ("note", "calculate") and not element.is_metadata


def _elements(form: Form) -> Iterator[Question | Section]:
    yield from form.questions()
    yield from form.sections()


def effective_mapping(form: Form, overrides: Mapping[str, str]) -> dict[str, str]:
    """Name → Mixflow field of every mapped question and repeat (page over workbook)."""
    found = {}
    for element in _elements(form):
        target = overrides.get(element.name, element.maps_to or "")
        if target:
            found[element.name] = target
    return found


def carried_overrides(
    old_form: Form, old_overrides: Mapping[str, str], new_form: Form
) -> dict[str, str]:
    """The mapping-page choices the new version starts with: each old mapping of a question
    unchanged in name and type that the new workbook leaves unmapped."""
    old = effective_mapping(old_form, old_overrides)
    old_kinds = {e.name: _kind(e) for e in _elements(old_form)}
    carried = {}
    for element in _elements(new_form):
        target = old.get(element.name)
        if target and not element.maps_to and old_kinds.get(element.name) == _kind(element):
            carried[element.name] = target
    return carried


@dataclass(frozen=True)
class CarryReport:
    previous: str
    """The version the mapping was carried from."""
    carried: tuple[str, ...]
    """Names whose mapping the new version holds from the previous one."""
    to_map: tuple[str, ...]
    """Names new or of a changed type, not mapped: the page asks the administrator."""


def carry_report(
    old_form: Form,
    old_overrides: Mapping[str, str],
    new_form: Form,
    new_overrides: Mapping[str, str],
    previous: str,
) -> CarryReport | None:
    """What the new version kept of the previous one's mapping and what it still lacks; None
    when the previous version mapped nothing (a survey stays a survey)."""
    old = effective_mapping(old_form, old_overrides)
    if not old:
        return None
    new = effective_mapping(new_form, new_overrides)
    old_kinds = {e.name: _kind(e) for e in _elements(old_form)}
    carried, to_map = [], []
    for element in _elements(new_form):
        unchanged = old_kinds.get(element.name) == _kind(element)
        if unchanged and element.name in old and new.get(element.name) == old[element.name]:
            carried.append(element.name)
        elif not unchanged and _mappable(element) and element.name not in new:
            to_map.append(element.name)
    return CarryReport(previous, tuple(carried), tuple(to_map))

"""Valid answers for any form, found the way a patient person would: answer what the server
says is missing or wrong, try the next plausible value, until the form is accepted. Used to
fill every corpus form in the browser and through OpenRosa with values the form's own rules
accept (relevance, constraints, choice filters all judged by the one evaluator)."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from mixflow.intake.xlsform.model import Form, Question, Section
from mixflow.intake.xlsform.validate import available_choices, validate_answers

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
FILES = {
    "image": ("photo.png", "image/png", PNG),
    "audio": ("sound.wav", "audio/wav", b"RIFF\0\0\0\0WAVE"),
    "background-audio": ("sound.wav", "audio/wav", b"RIFF\0\0\0\0WAVE"),
    "video": ("clip.mp4", "video/mp4", b"\0\0\0\x18ftypmp42"),
    "file": ("notes.txt", "text/plain", b"notes"),
}
TEXTS = ["abc", "1", "yes", "Amina Diallo", "a@example.org", "0700000000", "10:30", "2026"]
CANDIDATES: dict[str, list[str]] = {
    "integer": ["1", "5", "20", "0", "100", "2", "3", "1990", "2026"],
    "decimal": ["1.5", "10", "0.5", "100", "0", "2026"],
    "date": ["2026-01-15", "2000-06-01", "2026-12-01", "1990-01-01"],
    "time": ["10:30:00"],
    "datetime": ["2026-01-15T10:30"],
    "geopoint": ["12.5 2.1 0 5"],
    "start-geopoint": ["12.5 2.1 0 5"],
    "geotrace": ["12.5 2.1;12.6 2.2"],
    "geoshape": ["12.5 2.1;12.6 2.2;12.7 2.1;12.5 2.1"],
    "acknowledge": ["OK"],
} | {kind: [name] for kind, (name, _type, _data) in FILES.items()}
_STEP = re.compile(r"([^.\[\]]+)(?:\[(\d+)\])?")


def _steps(path: str) -> list[tuple[str, int | None]]:
    return [(m[1], int(m[2]) if m[2] else None) for m in _STEP.finditer(path)]


def _set(answers: dict[str, Any], path: str, value: str) -> None:
    here = answers
    for name, index in _steps(path)[:-1]:
        instances = here.setdefault(name, [])
        while index is not None and len(instances) <= index:
            instances.append({})
        here = instances[index or 0]
    here[_steps(path)[-1][0]] = value


def _initial(children: tuple[Question | Section, ...]) -> dict[str, Any]:
    """What the page posts untouched: one empty instance of each repeat."""
    out: dict[str, Any] = {}
    for child in children:
        if isinstance(child, Section):
            if child.repeat:
                out[child.name] = [_initial(child.children)]
            else:
                out.update(_initial(child.children))
    return out


def solve(form: Form, rounds: int = 15) -> tuple[dict[str, Any], dict[str, str]]:
    """(answers, errors left): errors is empty when the form accepts the answers."""
    answers = _initial(form.children)
    tried: Counter[str] = Counter()
    for _ in range(rounds):
        checked = validate_answers(form, answers, form.default_language)
        if not checked.errors:
            return answers, {}
        changed = False
        for path in checked.errors:
            element = form.element(_steps(path)[-1][0])
            if not isinstance(element, Question):
                continue
            if element.is_select:
                candidates = [c.name for c in available_choices(form, element, checked, path)]
            else:
                candidates = CANDIDATES.get(element.type, TEXTS)
            if tried[path] < len(candidates):
                _set(answers, path, candidates[tried[path]])
                tried[path] += 1
                changed = True
        if not changed:
            break
    checked = validate_answers(form, answers, form.default_language)
    return answers, dict(checked.errors)


def page_fields(form: Form, answers: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """The page's inputs for ``answers``: (field name → value or values, field name → media
    kind of the file to choose)."""
    values: dict[str, Any] = {}
    files: dict[str, str] = {}

    def walk(children: tuple[Question | Section, ...], given: dict[str, Any], prefix: str) -> None:
        for child in children:
            if isinstance(child, Section):
                if child.repeat:
                    instances = given.get(child.name) or [{}]
                    values[f"{child.name}-count"] = str(len(instances))
                    for i, instance in enumerate(instances):
                        walk(child.children, instance, f"{child.name}-{i}-")
                else:
                    walk(child.children, given, prefix)
                continue
            value = given.get(child.name)
            if value in (None, ""):
                continue
            name = prefix + child.name
            if child.type in FILES:
                files[name] = child.type
            elif child.type in ("geopoint", "start-geopoint"):
                for part, number in zip(
                    ("lat", "lon", "alt", "acc"), str(value).split(), strict=False
                ):
                    values[f"{name}-{part}"] = number
            elif child.type in ("geotrace", "geoshape"):
                values[name] = str(value).replace(";", "\n")
            elif child.type == "select_multiple":
                values[name] = str(value).split()
            else:
                values[name] = str(value)

    walk(form.children, answers, "")
    return values, files

"""Plausible request bodies, built from what the application itself offers.

A refused request proves something only if the same request by someone allowed would have
changed something: an empty POST that fails validation tests nothing. So the walk reads the
forms of every page it fetched (a form's inputs, their current values and choices) and posts
them back filled in; API bodies follow the OpenAPI schema; ODK Collect's submissions are an
instance of the questionnaire's XForm.
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.urlwalk.world import WALK_PASSWORD, Walk

# Where a choice could grant power, the walk picks the widest one: a check that is missing
# must show, not be hidden by a harmless choice.
WIDEST_CHOICES = ("system_admin",)


@dataclass
class Field:
    tag: str
    name: str
    type: str = "text"
    value: str = ""
    checked: bool = False
    multiple: bool = False
    accept: str = ""
    options: list[tuple[str, bool]] = field(default_factory=list)


@dataclass
class Form:
    action: str
    """Absolute path the form posts to (query string dropped)."""
    method: str
    fields: list[Field] = field(default_factory=list)


class _FormParser(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._option: tuple[str | None, bool] | None = None
        self._option_text = ""
        self._textarea: Field | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            action = urlsplit(urljoin(self.page, a.get("action") or self.page)).path
            self._form = Form(action=action, method=(a.get("method") or "get").lower())
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        if tag == "input" and a.get("name"):
            self._form.fields.append(
                Field(
                    "input",
                    a["name"],
                    type=(a.get("type") or "text").lower(),
                    value=a.get("value", ""),
                    checked="checked" in a,
                    accept=a.get("accept", ""),
                )
            )
        elif tag == "button" and a.get("name"):
            self._form.fields.append(
                Field(
                    "input",
                    a["name"],
                    type=(a.get("type") or "submit").lower(),
                    value=a.get("value", ""),
                )
            )
        elif tag == "select" and a.get("name"):
            self._select = Field("select", a["name"], multiple="multiple" in a)
            self._form.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            self._option = (a.get("value"), "selected" in a)
            self._option_text = ""
        elif tag == "textarea" and a.get("name"):
            self._textarea = Field("textarea", a["name"])
            self._form.fields.append(self._textarea)

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea.value += data
        if self._option is not None:
            self._option_text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._close_option()
            self._select = None
        elif tag == "option":
            self._close_option()
        elif tag == "textarea":
            self._textarea = None

    def _close_option(self) -> None:
        if self._option is not None and self._select is not None:
            value, selected = self._option
            self._select.options.append(
                (value if value is not None else self._option_text.strip(), selected)
            )
        self._option = None


def forms_in(page_url: str, html: str) -> list[Form]:
    parser = _FormParser(page_url)
    parser.feed(html)
    return [f for f in parser.forms if f.method == "post"]


def _text_for(f: Field) -> str:
    name = f.name.lower()
    if f.type == "password" or "password" in name:
        return WALK_PASSWORD
    if f.type == "email" or "email" in name:
        return "walk@example.org"
    if f.type == "number":
        return "1"
    if f.type == "date" or name.endswith(("_0", "_on")) or "date" in name:
        return "2026-09-14"
    if f.type == "time" or name.endswith("_1"):
        return "10:00:00"
    if "username" in name:
        return "walkuser"
    if name in ("code", "pcode") or name.endswith("_code"):
        return "walkcode"
    return "Walk value"


def bodies_of(form: Form, walk: Walk) -> list[dict[str, Any]]:
    """The form filled in, once per kind of upload when a file input does not say which it
    takes (a wrong kind would fail validation and prove nothing)."""
    files = [f for f in form.fields if f.type == "file"]
    if files and not any(f.accept for f in files):
        return [body_of(form, walk, kind) for kind in sorted(walk.files)]
    return [body_of(form, walk)]


def body_of(form: Form, walk: Walk, file_kind: str | None = None) -> dict[str, Any]:
    """The form filled in: current values kept, blanks filled, the widest choices taken."""
    body: dict[str, Any] = {}
    submitted = False
    for f in form.fields:
        if f.name == "csrfmiddlewaretoken":
            continue
        if f.tag == "select":
            values = [v for v, _selected in f.options if v]
            if not values:
                continue
            widest = [v for v in values if v in WIDEST_CHOICES]
            selected = [v for v, chosen in f.options if chosen and v]
            # Otherwise the first in a fixed order (ids sort as numbers), so that SQLite and
            # PostgreSQL, which list unordered choices differently, post the same body.
            first = sorted(values, key=lambda v: (len(v), v) if v.isdigit() else (0, v))[:1]
            if f.multiple:
                body[f.name] = widest or selected or first
            else:
                body[f.name] = (widest or selected or first)[0]
        elif f.tag == "textarea":
            body[f.name] = f.value.strip() or "Walk reason given in full"
        elif f.type in ("submit", "image"):
            # Only the first button, as a browser sends the one clicked.
            if not submitted:
                body[f.name] = f.value
                submitted = True
        elif f.type == "button" or f.type == "reset":
            continue
        elif f.type == "checkbox":
            # Every box ticked (the widest grant), except an inline's "delete this line".
            if not f.name.endswith("-DELETE"):
                body.setdefault(f.name, [])
                body[f.name].append(f.value or "on")
        elif f.type == "radio":
            if f.checked or f.name not in body:
                body[f.name] = f.value
        elif f.type == "file":
            kind = file_kind or ("xlsx" if "xls" in f.accept and "csv" not in f.accept else "csv")
            name, content = walk.files[kind]
            body[f.name] = SimpleUploadedFile(name, content)
        elif f.type == "hidden":
            body[f.name] = f.value
        else:
            body[f.name] = f.value or _text_for(f)
    return {k: (v[0] if isinstance(v, list) and len(v) == 1 else v) for k, v in body.items()}


# -- the API: request bodies from the OpenAPI schema -------------------------------------------


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if not ref:
        return node
    target: Any = schema
    for part in ref.removeprefix("#/").split("/"):
        target = target[part]
    return _resolve(schema, target)


def _example(schema: dict[str, Any], node: dict[str, Any], name: str, walk: Walk) -> Any:
    node = _resolve(schema, node)
    if "allOf" in node:
        return _example(schema, node["allOf"][0], name, walk)
    if "oneOf" in node or "anyOf" in node:
        return _example(schema, (node.get("oneOf") or node["anyOf"])[0], name, walk)
    if "enum" in node:
        return node["enum"][0]
    kind = node.get("type", "object")
    if name == "answers":
        return dict(walk.questionnaire_answers)
    if kind == "object":
        return {
            key: _example(schema, sub, key, walk)
            for key, sub in node.get("properties", {}).items()
            if not sub.get("readOnly")
        }
    if kind == "array":
        return [_example(schema, node.get("items", {}), name, walk)]
    if kind == "integer" or kind == "number":
        return 1
    if kind == "boolean":
        return True
    if name == "site":
        return walk.world.agadez.code
    if name == "version":
        return walk.version.version
    if name in ("instance_id",):
        return f"uuid:{uuid.uuid4()}"
    if name == "username":
        return "walkuser"
    if name == "password":
        return WALK_PASSWORD
    if node.get("format") == "date":
        return "2026-09-14"
    if node.get("format") == "date-time":
        return "2026-09-14T10:00:00Z"
    return "Walk value"


def api_body(schema: dict[str, Any], path: str, method: str, walk: Walk) -> Any:
    """A JSON body for ``method`` on ``path`` (the path with ids filled in), or ``None``."""
    for template, operations in schema.get("paths", {}).items():
        if _matches(template, path):
            operation = operations.get(method.lower())
            if operation is None:
                return None
            content = operation.get("requestBody", {}).get("content", {})
            for media in ("application/json", *content):
                if media in content:
                    return _example(schema, content[media].get("schema", {}), "", walk)
    return None


def _matches(template: str, path: str) -> bool:
    parts, actual = template.strip("/").split("/"), path.strip("/").split("/")
    return len(parts) == len(actual) and all(
        p == a or (p.startswith("{") and p.endswith("}"))
        for p, a in zip(parts, actual, strict=True)
    )


# -- ODK Collect: an instance of the XForm --------------------------------------------------------

XF = "{http://www.w3.org/2002/xforms}"


def openrosa_submission(walk: Walk) -> dict[str, Any]:
    """A multipart body as ODK Collect sends it: the questionnaire's instance, filled in."""
    xform = ET.fromstring(walk.version.xform)  # noqa: S314 (our own form, from the database)
    model = next(xform.iter(f"{XF}model"))
    instance = next(model.iter(f"{XF}instance"))
    root = next(iter(instance))
    answers = walk.questionnaire_answers
    for element in root.iter():
        local = element.tag.split("}")[-1]
        if local == "instanceID":
            element.text = f"uuid:{uuid.uuid4()}"
        elif len(element) == 0 and local in answers:
            element.text = answers[local]
    xml = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return {"xml_submission_file": SimpleUploadedFile("submission.xml", xml, "text/xml")}

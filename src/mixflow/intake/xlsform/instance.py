"""OpenRosa submission instances: XML from a device → answers, and answers → XML.

Untrusted XML is parsed with ``defusedxml`` only: a DTD (entity expansion, "billion laughs",
external entities) is refused outright. Groups are flattened to question names, repeats become
lists of dicts, exactly what ``validate.validate_answers`` takes; values stay strings (the
validation types them).
"""

from __future__ import annotations

import datetime

# ElementTree only *builds* XML here; parsing untrusted XML goes through defusedxml.
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError
from defusedxml.ElementTree import fromstring as safe_fromstring
from django.utils.translation import gettext_lazy as _

from mixflow.intake.xlsform.model import Form, Question, Section

MAX_INSTANCE_BYTES = 10 * 1024 * 1024
JR = "http://openrosa.org/javarosa"
ORX = "http://openrosa.org/xforms"


class InstanceError(ValueError):
    """The submission is not a readable instance of this form."""


@dataclass(frozen=True)
class InstanceData:
    answers: dict[str, Any]
    instance_id: str
    form_id: str
    version: str


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _text(element: ET.Element) -> str:
    return (element.text or "").strip()


def _read(children: Sequence[Question | Section], element: ET.Element) -> dict[str, Any]:
    by_name = {child.name: child for child in children}
    out: dict[str, Any] = {}
    for node in element:
        name = _local(node.tag)
        child = by_name.get(name)
        if child is None:
            continue
        if isinstance(child, Section):
            if child.repeat:
                if node.get(f"{{{JR}}}template") is not None:
                    continue
                out.setdefault(name, []).append(_read(child.children, node))
            else:
                out.update(_read(child.children, node))
        elif child.type != "note":
            value = _text(node)
            if value:
                out[name] = value
    return out


def instance_to_answers(form: Form, xml: bytes) -> InstanceData:
    """Answers of one submitted instance; ``InstanceError`` (a ``ValueError``) if unreadable."""
    if len(xml) > MAX_INSTANCE_BYTES:
        raise InstanceError(str(_("The submitted instance is too large.")))
    try:
        root = safe_fromstring(xml, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise InstanceError(
            str(_("The submitted XML declares a DTD or entities: refused."))
        ) from None
    except (ParseError, SyntaxError, ValueError) as error:
        raise InstanceError(
            str(_("The submitted XML cannot be read (%(error)s).") % {"error": error})
        ) from None
    form_id = root.get("id", "")
    if form_id and form_id != form.form_id:
        raise InstanceError(
            str(
                _("This instance belongs to form “%(got)s”, not “%(form)s”.")
                % {"got": form_id, "form": form.form_id}
            )
        )
    instance_id = ""
    for node in root:
        if _local(node.tag) == "meta":
            for meta in node:
                if _local(meta.tag) == "instanceID":
                    instance_id = _text(meta)
    return InstanceData(
        answers=_read(form.children, root),
        instance_id=instance_id,
        form_id=form_id,
        version=root.get("version", ""),
    )


def _value_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, list | tuple):
        return " ".join(_value_text(v) for v in value)
    return str(value)


def _write(
    parent: ET.Element, children: Sequence[Question | Section], answers: Mapping[str, Any]
) -> None:
    for child in children:
        if isinstance(child, Section):
            if child.repeat:
                for item in answers.get(child.name) or []:
                    node = ET.SubElement(parent, child.name)
                    _write(node, child.children, item if isinstance(item, Mapping) else {})
            else:
                _write(ET.SubElement(parent, child.name), child.children, answers)
            continue
        node = ET.SubElement(parent, child.name)
        if child.type != "note":
            node.text = _value_text(answers.get(child.name)) or None


def answers_to_instance(form: Form, answers: Mapping[str, Any], instance_id: str) -> bytes:
    """The instance XML a device such as ODK Collect would submit for ``answers``."""
    ET.register_namespace("jr", JR)
    ET.register_namespace("orx", ORX)
    root = ET.Element(form.root_name, {"id": form.form_id})
    if form.version:
        root.set("version", form.version)
    _write(root, form.children, answers)
    meta = ET.SubElement(root, "meta")
    ET.SubElement(meta, "instanceID").text = instance_id
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data

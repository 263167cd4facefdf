"""OpenRosa responses: XML bodies and the headers every OpenRosa response carries."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from xml.etree.ElementTree import Element, SubElement, tostring  # building, never parsing

from django.conf import settings
from django.http import HttpResponse
from django.utils.http import http_date

XFORMS_LIST = "http://openrosa.org/xforms/xformsList"
MANIFEST = "http://openrosa.org/xforms/xformsManifest"
RESPONSE = "http://openrosa.org/http/response"
XML = "text/xml; charset=utf-8"


def max_submission_bytes() -> int:
    return int(settings.OPENROSA_MAX_SUBMISSION_BYTES)


def openrosa(body: bytes = b"", status: int = 200, content_type: str = XML) -> HttpResponse:
    """A response with the OpenRosa headers: version, date and the size we accept."""
    response = HttpResponse(body, status=status, content_type=content_type)
    response["X-OpenRosa-Version"] = "1.0"
    response["X-OpenRosa-Accept-Content-Length"] = str(max_submission_bytes())
    response["Date"] = http_date()
    return response


def _xml(root: Element) -> bytes:
    return bytes(tostring(root, encoding="utf-8", xml_declaration=True))


def message(text: str, status: int, nature: str = "") -> HttpResponse:
    """``<OpenRosaResponse>`` with one message; ODK Collect shows it to the enumerator."""
    root = Element("OpenRosaResponse", xmlns=RESPONSE)
    node = SubElement(root, "message")
    if nature:
        node.set("nature", nature)
    node.text = text
    return openrosa(_xml(root), status=status)


def form_hash(xform: str) -> str:
    """``md5:…`` of the exact bytes the form download serves (Collect compares it)."""
    return "md5:" + hashlib.md5(xform.encode("utf-8"), usedforsecurity=False).hexdigest()


@dataclass(frozen=True)
class ListedForm:
    form_id: str
    name: str
    version: str
    hash: str
    download_url: str
    manifest_url: str


def form_list(forms: Iterable[ListedForm]) -> HttpResponse:
    root = Element("xforms", xmlns=XFORMS_LIST)
    for form in forms:
        node = SubElement(root, "xform")
        for tag, value in (
            ("formID", form.form_id),
            ("name", form.name),
            ("version", form.version),
            ("hash", form.hash),
            ("downloadUrl", form.download_url),
            ("manifestUrl", form.manifest_url),
        ):
            SubElement(node, tag).text = value
    return openrosa(_xml(root))


@dataclass(frozen=True)
class ListedMedia:
    name: str
    md5: str
    download_url: str


def manifest(files: Iterable[ListedMedia] = ()) -> HttpResponse:
    """The files a form carries (CSV choice lists, images), each with its hash and address."""
    root = Element("manifest", xmlns=MANIFEST)
    for file in files:
        node = SubElement(root, "mediaFile")
        SubElement(node, "filename").text = file.name
        SubElement(node, "hash").text = "md5:" + file.md5
        SubElement(node, "downloadUrl").text = file.download_url
    return openrosa(_xml(root))

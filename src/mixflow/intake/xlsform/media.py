"""Files attached to a form: choice lists read from CSV or XML (``select_one_from_file``), and
the checks every attached file passes before it is stored.

ODK Collect downloads these files through the OpenRosa manifest; the web page reads the same
choice lists from them. Django-free.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from defusedxml import ElementTree

from mixflow.intake.xlsform.model import Choice

CHOICE_FILE_EXTENSIONS = (".csv", ".xml", ".geojson")
"""What ``select_one_from_file`` reads (ODK's list: CSV, XML and GeoJSON)."""
MEDIA_EXTENSIONS = {
    ".csv": "text/csv",
    ".xml": "text/xml",
    ".geojson": "application/geo+json",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".mp3": "audio/mpeg",
    ".wav": "audio/wav",
    ".mp4": "video/mp4",
}
"""File types a form may carry, with the content type they are served with."""
MAX_MEDIA_BYTES = 10 * 1024 * 1024
MAX_MEDIA_TOTAL = 50 * 1024 * 1024
MAX_CHOICES = 50_000
_SAFE_NAME = re.compile(r"^[\w][\w .()+-]{0,200}$")


@dataclass(frozen=True)
class MediaFile:
    name: str
    data: bytes

    @property
    def content_type(self) -> str:
        return MEDIA_EXTENSIONS.get(extension(self.name), "application/octet-stream")


def extension(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot >= 0 else ""


def media_problem(name: str, size: int) -> str | None:
    """Why a file cannot be attached to a form (English; the caller translates), or None.

    Names are plain file names: a path (``../x.csv``, ``a/b.csv``) is refused, as ODK refers to
    media by bare name (``jr://file/name``)."""
    if not _SAFE_NAME.match(name) or name.startswith("."):
        return "name"
    if extension(name) not in MEDIA_EXTENSIONS:
        return "type"
    if size > MAX_MEDIA_BYTES:
        return "size"
    return None


def is_choice_file(list_name: str | None) -> bool:
    return bool(list_name) and extension(list_name or "") in CHOICE_FILE_EXTENSIONS


def _parameters(text: str) -> dict[str, str]:
    """``value=code label=title`` (the survey's ``parameters`` column) as a dict."""
    found: dict[str, str] = {}
    for part in re.split(r"[\s;]+", text.strip()):
        if "=" in part:
            key, value = part.split("=", 1)
            found[key.strip().lower()] = value.strip()
    return found


LanguageOf = Callable[[str, str], str]
"""``language_code(column language, default)`` of the parser: ``French (fr)`` → ``fr``."""


def _label_languages(
    columns: list[str], label: str, default: str, language_code: LanguageOf
) -> dict[str, str]:
    """Column → language code for the label columns (``label``, ``label::French (fr)``…)."""
    out: dict[str, str] = {}
    for column in columns:
        lowered = column.strip().lower()
        if lowered == label:
            out[column] = default
        elif lowered.startswith((label + "::", label + ":")):
            lang = column.split(":", 2)[-1].lstrip(":")
            out[column] = language_code(lang, default)
    return out


def _csv_choices(
    data: bytes, value: str, label: str, default: str, language_code: LanguageOf
) -> tuple[Choice, ...]:
    text = data.decode("utf-8-sig", errors="replace")
    reader = csv.DictReader(io.StringIO(text))
    columns = list(reader.fieldnames or [])
    labels = _label_languages(columns, label, default, language_code)
    out: list[Choice] = []
    for row in reader:
        name = (row.get(value) or "").strip()
        if not name:
            continue
        texts = {lang: (row.get(column) or "").strip() for column, lang in labels.items()}
        extra = {k: (v or "") for k, v in row.items() if k and k not in labels and k != value}
        out.append(Choice(name, {k: v for k, v in texts.items() if v}, extra, default))
        if len(out) >= MAX_CHOICES:
            break
    return tuple(out)


def _xml_choices(data: bytes, value: str, label: str, default: str) -> tuple[Choice, ...]:
    root = ElementTree.fromstring(data)
    out: list[Choice] = []
    for item in root.iter("item"):
        fields = {child.tag: (child.text or "").strip() for child in item}
        name = fields.get(value, "")
        if not name:
            continue
        text = fields.get(label, "")
        extra = {k: v for k, v in fields.items() if k not in (value, label)}
        out.append(Choice(name, {default: text} if text else {}, extra, default))
        if len(out) >= MAX_CHOICES:
            break
    return tuple(out)


def choices_from_file(
    media: Mapping[str, bytes],
    file_name: str,
    parameters: str,
    default: str,
    language_code: LanguageOf,
) -> tuple[Choice, ...] | None:
    """The choices of ``file_name`` among the form's files, or None when it is not attached or
    cannot be read. ``parameters`` may name the value and label columns (``value=… label=…``);
    ODK's defaults are ``name`` and ``label``."""
    data = media.get(file_name)
    if data is None:
        return None
    chosen = _parameters(parameters)
    value = chosen.get("value", "name")
    label = chosen.get("label", "label")
    try:
        if extension(file_name) == ".xml":
            return _xml_choices(data, value, label, default)
        if extension(file_name) == ".csv":
            return _csv_choices(data, value, label, default, language_code)
    except (ElementTree.ParseError, ValueError, csv.Error):
        return None
    return None


def csv_tables(media: Mapping[str, bytes]) -> dict[str, tuple[dict[str, str], ...]]:
    """The rows of every attached CSV file, by name without ``.csv`` (``pulldata()``'s tables);
    a file that cannot be read is left out (``pulldata()`` on it stays ODK Collect's)."""
    tables: dict[str, tuple[dict[str, str], ...]] = {}
    for name, data in media.items():
        if extension(name) != ".csv":
            continue
        try:
            reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig")))
            rows = tuple(
                {k.strip(): (v or "").strip() for k, v in row.items() if k}
                for _, row in zip(range(MAX_CHOICES), reader, strict=False)
            )
        except (UnicodeDecodeError, csv.Error):
            continue
        tables[name[: -len(".csv")]] = rows
    return tables

"""The header of an XLSX sheet, read straight from the package without loading the workbook.

openpyxl parses the whole shared-strings table before giving the first cell (15 seconds for a
200 000-row export), which is too slow for the preview an officer waits for. The header needs
only the first ``<row>`` of the sheet and the few shared strings it points to: both are
streamed here, with defusedxml (no entity expansion). The rows themselves are read by openpyxl.
"""

from __future__ import annotations

import datetime
import posixpath
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO
from xml.etree.ElementTree import Element, ParseError

from defusedxml.ElementTree import fromstring, iterparse

from mixflow.intake.importing.errors import ImportFileError
from mixflow.intake.importing.sources import damaged_xlsx
from mixflow.lib.messages import Message, gettext_noop

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATIONSHIP = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _column_index(reference: str) -> int:
    """0-based column of a cell reference: "A1" → 0, "AB7" → 27."""
    index = 0
    for char in reference:
        if not char.isalpha():
            break
        index = index * 26 + (ord(char.upper()) - 64)
    return index - 1


def _sheet_part(archive: zipfile.ZipFile, sheet: str | None) -> tuple[list[str], str]:
    book = fromstring(archive.read("xl/workbook.xml"))
    entries = [
        (element.get("name", ""), element.get(RELATIONSHIP, ""))
        for element in book.iter(f"{MAIN}sheet")
    ]
    names = [name for name, _rid in entries]
    if not entries:
        raise damaged_xlsx(ValueError("no sheet"))
    if sheet is None:
        rid = entries[0][1]
    elif sheet in names:
        rid = entries[names.index(sheet)][1]
    else:
        raise ImportFileError(
            "no_sheet",
            Message(
                gettext_noop("This workbook has no sheet named “%(sheet)s” (it has: %(sheets)s)."),
                {"sheet": sheet, "sheets": ", ".join(names)},
            ),
        )
    relations = fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    for relation in relations:
        if relation.get("Id") == rid:
            target = relation.get("Target", "")
            if target.startswith("/"):
                return names, target.lstrip("/")
            return names, posixpath.normpath(posixpath.join("xl", target))
    raise damaged_xlsx(KeyError(rid))


def _text(element: Element) -> str:
    """The text of an inline or shared string: plain ``<t>`` or rich-text runs, not phonetics."""
    parts: list[str] = []
    for child in element:
        if child.tag == f"{MAIN}t":
            parts.append(child.text or "")
        elif child.tag == f"{MAIN}r":
            run = child.find(f"{MAIN}t")
            parts.append((run.text or "") if run is not None else "")
    return "".join(parts)


def _shared_strings(archive: zipfile.ZipFile, wanted: set[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    if not wanted or "xl/sharedStrings.xml" not in archive.namelist():
        return found
    last = max(wanted)
    with archive.open("xl/sharedStrings.xml") as stream:
        index = 0
        for _event, element in _ends(stream):
            if element.tag == f"{MAIN}si":
                if index in wanted:
                    found[index] = _text(element)
                element.clear()
                index += 1
                if index > last:
                    break
    return found


def _ends(stream: IO[bytes]) -> Iterator[tuple[str, Element]]:
    return iter(iterparse(stream, events=("end",)))


def excel_text(value: object) -> str:
    """A cell's value as the text a person sees: ISO dates, numbers without float noise."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0) and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        # 15 significant digits, what Excel itself shows: 0.1 + 0.2 is 0.3 there too.
        return repr(float(f"{value:.15g}"))
    return str(value)


def _number(text: str) -> str:
    try:
        return excel_text(float(text))
    except ValueError:
        return text


def header_row(path: Path, sheet: str | None = None) -> list[str] | None:
    """The cells of the sheet's first row as text; None when the sheet has no rows at all,
    [] when its first row is empty."""
    try:
        with zipfile.ZipFile(path) as archive:
            _names, part = _sheet_part(archive, sheet)
            cells: dict[int, tuple[str, str]] = {}
            row_element: Element | None = None
            with archive.open(part) as stream:
                for _event, element in _ends(stream):
                    if element.tag == f"{MAIN}row":
                        row_element = element
                        break
            if row_element is None:
                return None
            if row_element.get("r", "1") != "1":
                return []
            for position, cell in enumerate(row_element.iter(f"{MAIN}c")):
                reference = cell.get("r")
                column = _column_index(reference) if reference else position
                kind = cell.get("t", "n")
                value = cell.find(f"{MAIN}v")
                raw = (value.text or "") if value is not None else ""
                if kind == "inlineStr":
                    inline = cell.find(f"{MAIN}is")
                    raw = _text(inline) if inline is not None else ""
                cells[column] = (kind, raw)
            wanted = {int(raw) for kind, raw in cells.values() if kind == "s" and raw.isdigit()}
            shared = _shared_strings(archive, wanted)
    except (ParseError, KeyError, ValueError, zipfile.BadZipFile, EOFError, OSError) as exc:
        raise damaged_xlsx(exc) from exc
    if not cells:
        return []
    texts = [""] * (max(cells) + 1)
    for column, (kind, raw) in cells.items():
        if kind == "s":
            texts[column] = shared.get(int(raw), "") if raw.isdigit() else ""
        elif kind == "b":
            texts[column] = "true" if raw == "1" else "false"
        elif kind == "n" and raw:
            texts[column] = _number(raw)
        else:
            texts[column] = raw
    return texts

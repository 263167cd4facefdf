"""What kind of file this is, from its content (the name is only a hint for messages).

The container is recognised by its first bytes (an XLSX is a ZIP holding ``xl/workbook.xml``;
PDFs, images, old ``.xls`` and other binaries are refused with a message that says what they
are), text by its first non-blank character (JSON) or else as delimited text; the survey tool
that exported it (KoboToolbox, ODK Central) by its columns.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from pathlib import Path

from mixflow.intake.importing.errors import ImportFileError
from mixflow.lib.archives import ArchiveTooLarge, check_unpacked_size
from mixflow.lib.messages import Message, gettext_noop

XLSX = "xlsx"
JSON = "json"
DELIMITED = "delimited"

# A shared-strings table is loaded whole by openpyxl: refuse one that would unpack to more than
# this (a "zip bomb" is a few kilobytes that unpack to gigabytes).
MAX_SHARED_STRINGS_BYTES = 512 * 1024 * 1024
# Everything a workbook unpacks to, checked before any reading (mixflow.lib.archives).
MAX_UNPACKED_BYTES = 2 * 1024 * 1024 * 1024

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "PDF"),
    (b"\x89PNG", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF8", "GIF"),
    (b"\x1f\x8b", "gzip"),
    (b"7z\xbc\xaf", "7-Zip"),
    (b"Rar!", "RAR"),
    (b"MZ", "program"),
    (b"\x7fELF", "program"),
)
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

KOBO_MARKERS = frozenset(
    {"_uuid", "_submission_time", "_validation_status", "_index", "_submission__uuid"}
)
ODK_CENTRAL_MARKERS = frozenset(
    {"SubmitterID", "ReviewState", "SubmitterName", "AttachmentsPresent"}
)


def not_tabular(what: str | None = None) -> ImportFileError:
    if what:
        return ImportFileError(
            "not_tabular",
            Message(
                gettext_noop(
                    "This file is not a CSV or Excel file (it looks like a %(kind)s file). "
                    "Export the data as CSV or .xlsx and upload that."
                ),
                {"kind": what},
            ),
        )
    return ImportFileError(
        "not_tabular",
        Message(
            gettext_noop(
                "This file is not a CSV or Excel file: it does not contain text. Export the "
                "data as CSV or .xlsx and upload that."
            )
        ),
    )


def empty_file() -> ImportFileError:
    return ImportFileError(
        "empty", Message(gettext_noop("This file is empty: it has no column names and no rows."))
    )


def container_kind(path: Path, head: bytes) -> str:
    """``XLSX``, ``JSON`` or ``DELIMITED``; raises ``ImportFileError`` for anything else."""
    if not head:
        raise empty_file()
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_kind(path)
    if head.startswith(_OLE2):
        raise ImportFileError(
            "old_excel",
            Message(
                gettext_noop(
                    "This is an old-style Excel file (.xls). Open it in a spreadsheet and save "
                    "it as .xlsx or CSV, then upload that."
                )
            ),
        )
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise not_tabular(what)
    return DELIMITED  # refined to JSON once decoded: JSON is text too


def _zip_kind(path: Path) -> str:
    try:
        check_unpacked_size(path, max_total=MAX_UNPACKED_BYTES)
    except ArchiveTooLarge as refusal:
        raise ImportFileError("too_large", refusal.message) from None
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        raise damaged_xlsx(exc) from exc
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "xl/workbook.xml" not in names:
                if "content.xml" in names and "mimetype" in names:
                    raise ImportFileError(
                        "not_tabular",
                        Message(
                            gettext_noop(
                                "This is an OpenDocument file (.ods). Save it as .xlsx or CSV "
                                "and upload that."
                            )
                        ),
                    )
                raise not_tabular("ZIP")
            shared = sum(
                info.file_size
                for info in archive.infolist()
                if info.filename.startswith("xl/shared")
            )
            if shared > MAX_SHARED_STRINGS_BYTES:
                raise ImportFileError(
                    "too_large",
                    Message(
                        gettext_noop("This Excel file unpacks to too much text to be read safely.")
                    ),
                )
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        raise damaged_xlsx(exc) from exc
    return XLSX


def damaged_xlsx(exc: BaseException) -> ImportFileError:
    return ImportFileError(
        "damaged_xlsx",
        Message(
            gettext_noop(
                "This Excel file is damaged or incomplete (%(detail)s). Open it in a "
                "spreadsheet, save it again and upload it again."
            ),
            {"detail": str(exc) or type(exc).__name__},
        ),
    )


def looks_binary(text: str) -> bool:
    """Decoded text that is mostly control characters is a binary file with a text-like start.

    A few NUL bytes in a cell do not make a file binary: those are reported on their row.
    """
    if not text:
        return False
    controls = sum(1 for c in text if c < " " and c not in "\t\r\n")
    return controls > max(8, len(text) // 10)


def survey_tool(columns: Sequence[str], base: str) -> str:
    """Refine ``csv``/``xlsx`` to the survey tool whose export these columns are."""
    names = set(columns)
    if names & KOBO_MARKERS or ("_id" in names and any("/" in c for c in names)):
        return f"kobo_{base}"
    central_ids = "KEY" in names or "meta-instanceID" in names
    if base == "csv" and (
        names & ODK_CENTRAL_MARKERS or ("SubmissionDate" in names and central_ids)
    ):
        return "odk_central_csv"
    return base

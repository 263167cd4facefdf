"""Write the import-reader fixtures: real files as the field sends them, and hostile ones.

Used by the tests (into a temporary directory), or by hand to look at them:
``python -m tests.intake.importing.make_fixtures /tmp/fixtures``.
"""

from __future__ import annotations

import datetime
import io
import json
import sys
import zipfile
from pathlib import Path

from openpyxl import Workbook  # type: ignore[import-untyped]

HEADER = ["given", "family", "sex", "born", "phone", "note"]
# Latin names with accents (what cp1252 can hold), then other scripts (Unicode encodings only).
LATIN_ROWS = [
    ["Zoé", "Hernández", "female", "2001-05-06", "+41 22 555 01 02", "-5"],
    ["Jürgen", "Müller", "male", "1988-11-30", "", "arrived by bus, then on foot"],
    ["François", "Ngô", "male", "1995", "0912 345 678", 'said "later"\nsecond line'],
]
SCRIPT_ROWS = [
    ["محمد", "عبد الله", "male", "1990-01-01", "", "Arabic"],
    ["ተስፋይ", "ሃይለ", "male", "1997-01-01", "", "Ethiopic"],
]

KOBO_COLUMNS = [
    "start",
    "end",
    "person/given_name",
    "person/family_name",
    "person/born",
    "consent",
    "_id",
    "_uuid",
    "_submission_time",
    "_validation_status",
    "_index",
]
KOBO_ROWS = [
    [
        "2026-09-14T08:00:00",
        "2026-09-14T08:10:00",
        "Zoé",
        "Hernández",
        "2001-05-06",
        "yes",
        "101",
        "0f6c2c1e-1111-4a57-9b1e-000000000001",
        "2026-09-14T08:11:00",
        "",
        "1",
    ],
    [
        "2026-09-14T09:00:00",
        "2026-09-14T09:05:00",
        "ተስፋይ",
        "ሃይለ",
        "1997-01-01",
        "yes",
        "102",
        "0f6c2c1e-1111-4a57-9b1e-000000000002",
        "2026-09-14T09:06:00",
        "",
        "2",
    ],
]

ODK_COLUMNS = [
    "SubmissionDate",
    "person-given_name",
    "person-family_name",
    "person-born",
    "meta-instanceID",
    "KEY",
    "SubmitterID",
    "SubmitterName",
    "AttachmentsPresent",
    "AttachmentsExpected",
    "Status",
    "ReviewState",
    "DeviceID",
    "Edits",
    "FormVersion",
]
ODK_ROWS = [
    [
        "2026-09-14T08:11:00.000Z",
        "Maxamed",
        "Cabdi",
        "1998-02-03",
        "uuid:6a3f0000-0000-4000-8000-000000000001",
        "uuid:6a3f0000-0000-4000-8000-000000000001",
        "5",
        "enumerator1",
        "0",
        "0",
        "",
        "approved",
        "collect:abc",
        "0",
        "2026091401",
    ],
    [
        "2026-09-14T09:11:00.000Z",
        "Amina",
        "Yusuf",
        "2003",
        "uuid:6a3f0000-0000-4000-8000-000000000002",
        "uuid:6a3f0000-0000-4000-8000-000000000002",
        "5",
        "enumerator1",
        "0",
        "0",
        "",
        "",
        "collect:abc",
        "0",
        "2026091401",
    ],
]


def csv_text(rows: list[list[str]], delimiter: str = ",") -> str:
    """RFC 4180 text, CRLF line ends, quoting only where needed (as spreadsheets write it)."""

    def cell(value: str) -> str:
        if any(c in value for c in (delimiter, '"', "\n", "\r")):
            return '"' + value.replace('"', '""') + '"'
        return value

    return "".join(delimiter.join(cell(v) for v in row) + "\r\n" for row in rows)


def people_xlsx() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "people"
    sheet.append(["given", "family", "born", "registered_at", "age", "cost", "share", "child"])
    sheet.append(
        [
            "Zoé",
            "Hernández",
            datetime.date(2001, 5, 6),
            datetime.datetime(2026, 9, 14, 8, 30),
            25,
            1200.0,
            0.1 + 0.2,
            False,
        ]
    )
    sheet.append(["ተስፋይ", "ሃይለ", datetime.date(1997, 1, 1), None, 29, 800.5, 0.25, True])
    sheet.append([None] * 8)  # a blank row: not data
    sheet.append(["محمد", "عبد الله", None, None, None, None, None, None])
    other = book.create_sheet("members")
    other.append(["name", "relation"])
    other.append(["Amina", "daughter"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def kobo_xlsx() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "registration"
    sheet.append(KOBO_COLUMNS)
    for row in KOBO_ROWS:
        sheet.append([int(v) if v.isdigit() else v for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def kobo_json() -> bytes:
    results = []
    for row in KOBO_ROWS:
        item: dict[str, object] = dict(zip(KOBO_COLUMNS, row, strict=True))
        item["_id"] = int(row[6])
        item["meta/instanceID"] = "uuid:" + row[7]
        item["_validation_status"] = {}
        item["_attachments"] = []
        item["_geolocation"] = [None, None]
        item["person/members"] = [{"person/members/name": "Amina", "person/members/age": 7}]
        item["cost"] = 1200.5
        item["_index"] = int(row[10])
        results.append(item)
    del results[1]["consent"]  # submissions need not all carry the same keys
    page = {"count": len(results), "next": None, "previous": None, "results": results}
    return json.dumps(page, ensure_ascii=False, indent=1).encode("utf-8")


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    return buffer.getvalue()


def big_cell_csv(size: int = 10 * 1024 * 1024) -> bytes:
    return (
        "given,family,note\r\n"
        + "Awet,Kidane,"
        + "x" * size
        + "\r\n"
        + 'Selam,Tesfaye,"'
        + "y" * size
        + '"\r\nHanna,Girma,ok\r\n'
    ).encode()


def fixtures() -> dict[str, bytes]:
    latin = [HEADER, *LATIN_ROWS]
    everyone = [HEADER, *LATIN_ROWS, *SCRIPT_ROWS]
    people_xlsx_bytes = people_xlsx()
    return {
        # encodings and delimiters
        "people-utf8.csv": csv_text(everyone).encode("utf-8"),
        "people-utf8-bom.csv": csv_text(everyone).encode("utf-8-sig"),
        "people-utf16.txt": csv_text(everyone, "\t").encode("utf-16"),  # Excel "Unicode text"
        "people-cp1252.csv": csv_text(latin, ";").encode("cp1252"),
        "people-tab.tsv": csv_text(everyone, "\t").encode("utf-8"),
        "people-pipe.txt": csv_text(everyone, "|").encode("utf-8"),
        "people-semicolon.csv": csv_text(everyone, ";").encode("utf-8"),
        # spreadsheets and survey tools
        "people.xlsx": people_xlsx_bytes,
        "kobo.xlsx": kobo_xlsx(),
        "kobo.csv": csv_text([KOBO_COLUMNS, *KOBO_ROWS], ";").encode("utf-8"),
        "kobo.json": kobo_json(),
        "odk-central.csv": csv_text([ODK_COLUMNS, *ODK_ROWS]).encode("utf-8"),
        # hostile
        "empty.csv": b"",
        "blank-lines.csv": b"\r\n\r\n  \r\n",
        "header-only.csv": b"given,family,sex\r\n",
        "png-renamed.csv": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
        "pdf-renamed.csv": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
        "zip-renamed.csv": plain_zip(),
        "noise.csv": bytes((i * 7919) % 256 for i in range(20000)),
        "old.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512,
        "truncated.xlsx": people_xlsx_bytes[: len(people_xlsx_bytes) // 2],
        "big-cell.csv": big_cell_csv(),
        "formula.csv": (
            b'given,family,phone\r\n"=HYPERLINK(""http://x"",""y"")",Doe,+41 22 555 01 02\r\n'
            b"Amina,@SUM(A1:A3),-5\r\n"
            b"Omar,Ali,=cmd|' /C calc'!A0\r\n"
        ),
        "nul.csv": b"given,family\r\nAm\x00ina,Doe\r\nOmar,Al\x07i\r\n",
        "ragged.csv": b"given,family,sex\r\nAmina,Doe\r\nOmar,Ali,male,EXTRA\r\nSara,,female,\r\n",
        "duplicate-header.csv": b"given,family,given\r\na,b,c\r\n",
        "blank-header.csv": b"given,,sex\r\na,b,c\r\n",
        "trailing-blank-header.csv": b"given,family,,\r\na,b,,\r\n",
        "json-not-kobo.json": b'{"hello": "world"}',
        "json-broken.json": b'{"count": 2, "results": [{"_uuid": "a"}, {"_uuid": ',
    }


def write_fixtures(directory: Path) -> dict[str, Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, content in fixtures().items():
        path = directory / name
        path.write_bytes(content)
        written[name] = path
    return written


if __name__ == "__main__":
    for path in write_fixtures(Path(sys.argv[1])).values():
        print(path)

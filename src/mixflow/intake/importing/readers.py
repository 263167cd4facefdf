"""Open a bulk-import file and stream its rows: CSV/TSV, XLSX, KoboToolbox and ODK Central exports.

``open_table`` reads only what it needs to recognise the file (format, encoding, delimiter,
header) and refuses, with a clear message, a file that cannot be read at all. ``Table.rows()``
then streams the data rows: memory stays flat whatever the file's size, every data row of the
file comes out exactly once, and what is wrong with a row travels with it (``Row.errors``).

Choices:
- ``Row.number`` counts data rows from 1 (the header is row 0), as a person counting rows under
  the header would; in a spreadsheet the row is ``number + 1``. Blank rows (every cell empty)
  are not data: they are skipped but keep their number, so numbers stay where the person sees
  them. ``Row.line`` is where the row starts in the file (physical line, or sheet row).
- A file with a header and no data is valid and has 0 rows; an empty file is an error.
- Trailing blank header cells (spreadsheets often leave some) are ignored; a blank header between
  named columns, or a name used twice, is an error naming them.
- A row with more non-empty cells than the header keeps the extra values under ``#<position>``
  with an error. A delimited-text row with fewer cells than the header has an error too (a
  missing separator shifts every value after it: never padded and imported); a spreadsheet's
  or a JSON export's missing cells are empty cells.
- XLSX formulas are read as their text (``=SUM(A1:A3)``), not their cached result, so that a
  formula is reported by the cell check rather than imported as whatever it last computed.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from mixflow.intake.importing import sources
from mixflow.intake.importing.cells import (
    DEFAULT_MAX_CELL_BYTES,
    all_plain,
    check_cell,
    too_long,
)
from mixflow.intake.importing.encoding import SAMPLE_BYTES, detect_encoding
from mixflow.intake.importing.errors import ImportFileError
from mixflow.intake.importing.xlsx import excel_text, header_row
from mixflow.lib.messages import Message, gettext_noop

try:  # streamed JSON; without it, JSON files above MAX_UNSTREAMED_JSON_BYTES are refused
    import ijson  # type: ignore[import-untyped]
except ImportError:  # pragma: no cover - ijson is installed with Mixflow
    ijson = None

MAX_UNSTREAMED_JSON_BYTES = 50 * 1024 * 1024
DELIMITERS = ",;\t|"
# Physical lines and records longer than these (in characters) leave the csv module for a
# slower parser that keeps only the first ``max_cell_bytes`` of each cell: memory stays bounded
# whatever a hostile file holds. They are thresholds for speed, not limits on the data.
LINE_LIMIT = 1024 * 1024
RECORD_LIMIT = 4 * LINE_LIMIT
CHUNK_CHARS = 64 * 1024
SUBMISSION_ID_COLUMNS = ("_uuid", "meta/instanceID", "meta-instanceID", "KEY", "instanceID")
EXTRA_PREFIX = "#"

# The csv module refuses fields over 128 KiB by default; records are bounded above, so the
# limit only needs to exceed RECORD_LIMIT (a fixed number: sys.maxsize overflows on Windows).
if csv.field_size_limit() < 2 * RECORD_LIMIT:
    csv.field_size_limit(2 * RECORD_LIMIT)


@dataclass(frozen=True)
class Row:
    number: int
    """1-based data row (header = 0)."""
    values: dict[str, str]
    """column → cell text, for every column of the header (missing cells are "")."""
    errors: dict[str, Message] = field(default_factory=dict)
    """column (or ``#<position>`` for a cell beyond the header) → what is wrong with it."""
    line: int = 0
    """where the row starts in the file: physical line (CSV), sheet row (XLSX), index (JSON)."""


class _CountingRaw(io.RawIOBase):
    """A raw file that counts the bytes read through it: the progress of a streamed read."""

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._raw.read(len(buffer))
        buffer[: len(data)] = data
        self.count += len(data)
        return len(data)

    def seek(self, offset: int, whence: int = 0) -> int:
        return self._raw.seek(offset, whence)

    def tell(self) -> int:
        return self._raw.tell()

    def close(self) -> None:
        self._raw.close()
        super().close()


class Table:
    """An opened import file: what it is, its columns, and its rows on demand."""

    def __init__(
        self,
        *,
        path: Path,
        format: str,
        encoding: str,
        delimiter: str,
        columns: Sequence[str],
        total_bytes: int,
        produce: Callable[[Table, _CountingRaw], Iterator[Row]],
    ) -> None:
        self.path = path
        self.format = format
        """csv, xlsx, kobo_csv, kobo_xlsx, kobo_json or odk_central_csv."""
        self.encoding = encoding
        """the text encoding detected ("utf-8", "utf-8-sig", "utf-16", "cp1252"…); "" for XLSX."""
        self.delimiter = delimiter
        """the cell separator of delimited text; "" for XLSX and JSON."""
        self.columns: tuple[str, ...] = tuple(columns)
        self.total_bytes = total_bytes
        self._produce = produce
        self._counter: _CountingRaw | None = None
        self._id_column = next((c for c in SUBMISSION_ID_COLUMNS if c in self.columns), None)

    def rows(self) -> Iterator[Row]:
        """Stream the data rows (a fresh pass over the file at each call)."""
        with self.path.open("rb") as handle:
            counter = _CountingRaw(handle)
            self._counter = counter
            yield from self._produce(self, counter)

    def bytes_read(self) -> int:
        """How far the current ``rows()`` pass has read, for progress (≤ ``total_bytes``)."""
        if self._counter is None:
            return 0
        return min(self._counter.count, self.total_bytes)

    def submission_id(self, row: Row) -> str | None:
        """The survey tool's own id of this submission (``_uuid``, ``meta/instanceID``…)."""
        if self._id_column is None:
            return None
        value = row.values.get(self._id_column, "").strip()
        return value or None


def open_table(
    path: Path,
    filename: str | None = None,
    *,
    max_cell_bytes: int = DEFAULT_MAX_CELL_BYTES,
    sheet: str | None = None,
) -> Table:
    """Recognise ``path`` from its content and read its header; raises ``ImportFileError``.

    ``filename`` (the name the user gave the file) is accepted for the callers' convenience:
    detection never relies on it. ``sheet`` picks a worksheet of an XLSX by name (the first one
    otherwise).
    """
    path = Path(path)
    total = path.stat().st_size
    with path.open("rb") as handle:
        head = handle.read(SAMPLE_BYTES)
    kind = sources.container_kind(path, head)
    if kind == sources.XLSX:
        return _open_xlsx(path, total, max_cell_bytes, sheet)
    encoding = detect_encoding(path, head)
    sample = _decode_sample(head, encoding, complete=len(head) == total)
    if sources.looks_binary(sample):
        raise sources.not_tabular()
    stripped = sample.lstrip("\ufeff \t\r\n")
    if not stripped:
        raise sources.empty_file()
    if stripped.startswith("{") or re.match(r"\[\s*[{\]]", stripped):
        return _open_json(path, total, encoding, max_cell_bytes)
    return _open_delimited(path, total, encoding, sample, max_cell_bytes)


def _decode_sample(head: bytes, encoding: str, *, complete: bool) -> str:
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    text = decoder.decode(head, final=complete)
    if not complete and "\n" in text:
        text = text[: text.rindex("\n") + 1]  # whole lines only: a cut line would skew sniffing
    return text


# -- headers and rows shared by every format -----------------------------------------------


def _clean_header(cells: Sequence[str]) -> list[str]:
    names = list(cells)
    while names and not names[-1].strip():
        names.pop()
    if not names:
        raise ImportFileError(
            "no_header",
            Message(gettext_noop("The first row must hold the column names, but it is empty.")),
        )
    blank = [str(i + 1) for i, name in enumerate(names) if not name.strip()]
    if blank:
        raise ImportFileError(
            "blank_header",
            Message(
                gettext_noop("Some columns have no name in the first row (columns %(positions)s)."),
                {"positions": ", ".join(blank)},
            ),
        )
    seen: dict[str, int] = {}
    duplicates: list[str] = []
    for name in names:
        key = name.strip()
        seen[key] = seen.get(key, 0) + 1
        if seen[key] == 2:
            duplicates.append(key)
    if duplicates:
        raise ImportFileError(
            "duplicate_header",
            Message(
                gettext_noop("Some column names are used more than once: %(names)s."),
                {"names": ", ".join(f"“{name}”" for name in duplicates)},
            ),
        )
    return names


def _is_blank(cells: Sequence[str]) -> bool:
    return all(not cell.strip() for cell in cells)


def _make_row(
    number: int,
    line: int,
    cells: Sequence[str],
    columns: Sequence[str],
    max_cell_bytes: int,
    truncated: frozenset[int] = frozenset(),
    *,
    short_is_error: bool = False,
) -> Row:
    width = len(columns)
    if len(cells) == width and not truncated and all_plain(cells, max_cell_bytes):
        return Row(number=number, values=dict(zip(columns, cells, strict=True)), line=line)
    values: dict[str, str] = {}
    errors: dict[str, Message] = {}
    for position, cell in enumerate(cells):
        if position < width:
            key = columns[position]
        elif cell.strip():
            key = f"{EXTRA_PREFIX}{position + 1}"
            errors[key] = Message(
                gettext_noop(
                    "This row has more cells than the file has columns (%(columns)s); the extra "
                    "value was kept here."
                ),
                {"columns": width},
            )
        else:
            continue  # an empty cell past the last column is only a trailing separator
        checked = check_cell(cell, max_cell_bytes)
        values[key] = checked.value
        if position in truncated:
            errors[key] = too_long(max_cell_bytes)
        elif checked.error is not None and key not in errors:
            errors[key] = checked.error
    for name in columns[len(cells) :]:
        values[name] = ""
    if short_is_error and len(cells) < width:
        errors[columns[len(cells)]] = Message(
            gettext_noop(
                "This row has %(cells)s cells where the file has %(columns)s columns: a "
                "separator is missing, or a value holds an unquoted separator or line break. "
                "Correct the row and import it again."
            ),
            {"cells": len(cells), "columns": width},
        )
    return Row(number=number, values=values, errors=errors, line=line)


# -- delimited text --------------------------------------------------------------------------


def _dialect_score(sample: str, delimiter: str) -> tuple[bool, float, int]:
    records = [r for r in _sample_records(sample, delimiter) if r]
    if not records:
        return (False, 0.0, 0)
    width = len(records[0])
    rest = records[1:]
    consistent = sum(1 for r in rest if len(r) == width) / len(rest) if rest else 1.0
    return (width > 1, round(consistent, 1), width)


def _sample_records(sample: str, delimiter: str) -> list[list[str]]:
    reader = csv.reader(io.StringIO(sample), delimiter=delimiter, quotechar='"')
    records: list[list[str]] = []
    try:
        for record in reader:
            records.append(record)
            if len(records) >= 100:
                break
    except csv.Error:
        pass
    return records


def sniff_delimiter(sample: str) -> str:
    """The cell separator among , ; tab |: the one giving the widest consistent rows.

    csv.Sniffer is asked first; its answer is kept when no candidate splits the sample into
    more consistent rows (it is fooled by commas inside ``;``-separated text, for example).
    """
    scores = {d: _dialect_score(sample, d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: scores[d])
    try:
        sniffed = csv.Sniffer().sniff(sample[:65536], delimiters=DELIMITERS).delimiter
    except csv.Error:
        sniffed = ""
    if sniffed in scores and scores[sniffed] == scores[best]:
        return sniffed
    return best if scores[best][0] else ","


class _LineSource:
    """Lines of at most ``LINE_LIMIT`` characters from a text stream, with push-back."""

    _NEWLINE = re.compile(r"\r\n|\r|\n")

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.pending = ""

    def read_line(self) -> str:
        if self.pending:
            found = self._NEWLINE.search(self.pending)
            if found:
                line, self.pending = self.pending[: found.end()], self.pending[found.end() :]
                return line
            line, self.pending = self.pending, ""
            if len(line) >= LINE_LIMIT:
                return line
            return line + self.stream.readline(LINE_LIMIT - len(line))
        return self.stream.readline(LINE_LIMIT)

    def read_chunk(self) -> str:
        if self.pending:
            chunk, self.pending = self.pending, ""
            return chunk
        return self.stream.read(CHUNK_CHARS)

    def push_back(self, text: str) -> None:
        self.pending = text + self.pending


class _Overflow(Exception):
    """A line or a record too long for the csv module's in-memory parsing."""


class _Feed:
    """The iterator the csv module reads lines from; remembers the lines of the current record."""

    def __init__(self, source: _LineSource) -> None:
        self.source = source
        self.lines: list[str] = []
        self.chars = 0

    def __iter__(self) -> _Feed:
        return self

    def __next__(self) -> str:
        line = self.source.read_line()
        if not line:
            raise StopIteration
        self.lines.append(line)
        self.chars += len(line)
        if (len(line) >= LINE_LIMIT and not line.endswith(("\n", "\r"))) or (
            self.chars > RECORD_LIMIT
        ):
            raise _Overflow
        return line

    def start_record(self) -> None:
        self.lines.clear()
        self.chars = 0


def _slow_record(
    source: _LineSource, delimiter: str, keep_chars: int
) -> tuple[list[str], frozenset[int], int]:
    """Parse one record block by block, as the csv module would, keeping at most ``keep_chars``
    characters of each field; returns the fields, the positions truncated and the line breaks
    consumed."""
    stop = re.compile(f"[{re.escape(delimiter)}\r\n]")
    fields: list[str] = []
    truncated: set[int] = set()
    parts: list[str] = []
    size = 0
    newlines = 0
    state = "start"
    buf = source.read_chunk()
    i = 0

    def keep(piece: str) -> None:
        nonlocal size
        room = keep_chars - size
        if len(piece) > room:
            truncated.add(len(fields))
            piece = piece[: max(room, 0)]
        if piece:
            parts.append(piece)
            size += len(piece)

    def end_field() -> None:
        nonlocal size
        fields.append("".join(parts))
        parts.clear()
        size = 0

    while True:
        if i >= len(buf):
            buf, i = source.read_chunk(), 0
            if not buf:
                if state != "start" or fields:
                    end_field()
                return fields, frozenset(truncated), newlines
        if state == "start":
            if buf[i] == '"':
                i += 1
                state = "quoted"
            else:
                state = "plain"
        elif state == "quoted":
            j = buf.find('"', i)
            end = len(buf) if j < 0 else j
            newlines += buf.count("\n", i, end)
            keep(buf[i:end])
            i = end if j < 0 else j + 1
            state = "quoted" if j < 0 else "quote_seen"
        elif state == "quote_seen":
            if buf[i] == '"':  # a doubled quote is a literal quote
                keep('"')
                i += 1
                state = "quoted"
            else:
                state = "plain"
        else:
            found = stop.search(buf, i)
            if found is None:
                keep(buf[i:])
                i = len(buf)
                continue
            keep(buf[i : found.start()])
            i = found.end()
            end_field()
            if found.group() == delimiter:
                state = "start"
                continue
            newlines += 1
            if found.group() == "\r":
                if i >= len(buf):
                    buf, i = source.read_chunk(), 0
                if buf[i : i + 1] == "\n":
                    i += 1
            source.push_back(buf[i:])
            return fields, frozenset(truncated), newlines


Record = tuple[int, list[str], frozenset[int]]


def _records(stream: IO[str], delimiter: str, keep_chars: int) -> Iterator[Record]:
    """(starting line, fields, truncated positions) of each record, blank lines included."""
    source = _LineSource(stream)
    feed = _Feed(source)
    reader = csv.reader(feed, delimiter=delimiter, quotechar='"', doublequote=True, strict=False)
    line = 1
    while True:
        feed.start_record()
        try:
            fields = next(reader)
        except StopIteration:
            return
        except _Overflow:
            source.push_back("".join(feed.lines))
            fields, truncated, newlines = _slow_record(source, delimiter, keep_chars)
            # The csv reader stopped mid-record: start a fresh one on the same lines.
            reader = csv.reader(feed, delimiter=delimiter, quotechar='"', strict=False)
            yield line, fields, truncated
            line += max(newlines, 1)
            continue
        except csv.Error as exc:
            raise ImportFileError(
                "unreadable",
                Message(
                    gettext_noop(
                        "This file cannot be read as CSV near line %(line)s (%(detail)s)."
                    ),
                    {"line": line, "detail": str(exc)},
                ),
            ) from exc
        yield line, fields, frozenset()
        line += len(feed.lines)


def _text_stream(raw: io.RawIOBase, encoding: str) -> io.TextIOWrapper:
    return io.TextIOWrapper(
        io.BufferedReader(raw, buffer_size=256 * 1024), encoding=encoding, newline=""
    )


def _open_delimited(
    path: Path, total: int, encoding: str, sample: str, max_cell_bytes: int
) -> Table:
    delimiter = sniff_delimiter(sample)
    with path.open("rb") as handle:
        stream = _text_stream(_CountingRaw(handle), encoding)
        header: list[str] | None = None
        for _line, fields, _cut in _records(stream, delimiter, max_cell_bytes):
            if not _is_blank(fields):
                header = fields
                break
    if header is None:
        raise sources.empty_file()
    columns = _clean_header(header)
    file_format = sources.survey_tool(columns, "csv")

    def produce(table: Table, raw: _CountingRaw) -> Iterator[Row]:
        stream = _text_stream(raw, encoding)
        number = -1
        for line, fields, truncated in _records(stream, delimiter, max_cell_bytes):
            if number < 0:
                if not _is_blank(fields):
                    number = 0  # the header
                continue
            number += 1
            if _is_blank(fields):
                continue
            yield _make_row(
                number, line, fields, columns, max_cell_bytes, truncated, short_is_error=True
            )

    return Table(
        path=path,
        format=file_format,
        encoding=encoding,
        delimiter=delimiter,
        columns=columns,
        total_bytes=total,
        produce=produce,
    )


# -- XLSX ------------------------------------------------------------------------------------


def _open_xlsx(path: Path, total: int, max_cell_bytes: int, sheet: str | None) -> Table:
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    def worksheet(raw: IO[bytes]) -> Any:
        try:
            book = load_workbook(raw, read_only=True, data_only=False)
        except Exception as exc:  # openpyxl raises many kinds on damaged files
            raise sources.damaged_xlsx(exc) from exc
        if sheet is None:
            return book.worksheets[0]
        if sheet not in book.sheetnames:
            raise ImportFileError(
                "no_sheet",
                Message(
                    gettext_noop(
                        "This workbook has no sheet named “%(sheet)s” (it has: %(sheets)s)."
                    ),
                    {"sheet": sheet, "sheets": ", ".join(book.sheetnames)},
                ),
            )
        return book[sheet]

    def cells(ws: Any) -> Iterator[list[str]]:
        try:
            for values in ws.iter_rows(values_only=True):
                yield [excel_text(v) for v in values]
        except ImportFileError:
            raise
        except Exception as exc:
            raise sources.damaged_xlsx(exc) from exc

    header = header_row(path, sheet)
    if header is None or _is_blank(header):
        raise ImportFileError(
            "empty" if header is None else "no_header",
            Message(
                gettext_noop(
                    "The first row of the sheet must hold the column names, but it is empty."
                )
            ),
        )
    columns = _clean_header(header)

    def produce(table: Table, raw: _CountingRaw) -> Iterator[Row]:
        rows = cells(worksheet(io.BufferedReader(raw)))
        next(rows, None)
        for number, values in enumerate(rows, start=1):
            if not _is_blank(values):
                yield _make_row(number, number + 1, values, columns, max_cell_bytes)

    return Table(
        path=path,
        format=sources.survey_tool(columns, "xlsx"),
        encoding="",
        delimiter="",
        columns=columns,
        total_bytes=total,
        produce=produce,
    )


# -- KoboToolbox JSON (v2 data API, or a bare list of submissions) --------------------------


def json_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int | float | Decimal):
        return str(value)
    # Repeat groups, attachments, geolocation: kept whole, as compact JSON.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


def _bad_json(detail: Message | Exception) -> ImportFileError:
    """``detail``: what the parser said (as it said it), or a message of ours."""
    return ImportFileError(
        "damaged_json",
        Message(
            gettext_noop("This JSON file is damaged or incomplete (%(detail)s)."),
            {"detail": detail if isinstance(detail, Message) else str(detail)},
        ),
    )


def _json_submissions(raw: IO[bytes], encoding: str) -> Iterator[Mapping[str, Any]]:
    """The submission objects, streamed: ``results`` of a v2 API page, or a top-level list."""
    stream: IO[Any] = raw
    if encoding not in ("utf-8", "utf-8-sig"):
        stream = io.TextIOWrapper(raw, encoding=encoding)
    elif encoding == "utf-8-sig":
        raw.read(3)
    if ijson is None:  # pragma: no cover - ijson is installed with Mixflow
        data = json.load(stream)
        items = data.get("results", []) if isinstance(data, dict) else data
        yield from items
        return
    head = raw.peek(64)[:64] if isinstance(raw, io.BufferedReader) else b""
    prefix = "item" if head.lstrip().startswith(b"[") else "results.item"
    try:
        for item in ijson.items(stream, prefix):
            if not isinstance(item, dict):
                raise _bad_json(Message(gettext_noop("a submission is not an object")))
            yield item
    except ijson.JSONError as exc:
        raise _bad_json(exc) from exc


def _open_json(path: Path, total: int, encoding: str, max_cell_bytes: int) -> Table:
    if ijson is None and total > MAX_UNSTREAMED_JSON_BYTES:  # pragma: no cover
        raise ImportFileError(
            "too_large",
            Message(
                gettext_noop(
                    "This JSON file is too large to import (over %(size)s MB); export it as CSV."
                ),
                {"size": MAX_UNSTREAMED_JSON_BYTES // (1024 * 1024)},
            ),
        )
    # A first streamed pass collects the columns: submissions need not all have the same keys.
    columns: dict[str, None] = {}
    with path.open("rb") as handle:
        for item in _json_submissions(io.BufferedReader(handle), encoding):
            columns.update(dict.fromkeys(item))
    if not columns:
        with path.open("rb") as handle:
            if not _has_results(handle):
                raise ImportFileError(
                    "not_kobo_json",
                    Message(
                        gettext_noop(
                            "This JSON file is not a KoboToolbox data export (no “results” "
                            "list of submissions)."
                        )
                    ),
                )
    names = list(columns)

    def produce(table: Table, raw: _CountingRaw) -> Iterator[Row]:
        items = _json_submissions(io.BufferedReader(raw), encoding)
        for number, item in enumerate(items, start=1):
            cells = [json_text(item.get(name)) for name in names]
            yield _make_row(number, number, cells, names, max_cell_bytes)

    return Table(
        path=path,
        format="kobo_json",
        encoding=encoding,
        delimiter="",
        columns=names,
        total_bytes=total,
        produce=produce,
    )


def _has_results(handle: IO[bytes]) -> bool:
    if ijson is None:  # pragma: no cover
        return True
    try:
        for prefix, event, value in ijson.parse(handle):
            if prefix == "" and event == "map_key" and value == "results":
                return True
            if prefix == "" and event == "start_array":
                return True
    except ijson.JSONError as exc:
        raise _bad_json(exc) from exc
    return False

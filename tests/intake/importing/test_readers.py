"""open_table: formats, encodings and delimiters recognised from content; rows never lost."""

from __future__ import annotations

import inspect
import json
from pathlib import Path

import pytest

from mixflow.intake.importing.errors import ImportFileError
from mixflow.intake.importing.readers import Row, open_table
from tests.intake.importing.make_fixtures import (
    HEADER,
    KOBO_COLUMNS,
    LATIN_ROWS,
    ODK_COLUMNS,
    SCRIPT_ROWS,
)


def _rows(path: Path, **kwargs: object) -> list[Row]:
    return list(open_table(path, **kwargs).rows())  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("name", "encoding", "delimiter", "scripts"),
    [
        ("people-utf8.csv", "utf-8", ",", True),
        ("people-utf8-bom.csv", "utf-8-sig", ",", True),
        ("people-utf16.txt", "utf-16", "\t", True),
        ("people-cp1252.csv", "cp1252", ";", False),
        ("people-tab.tsv", "utf-8", "\t", True),
        ("people-pipe.txt", "utf-8", "|", True),
        ("people-semicolon.csv", "utf-8", ";", True),
    ],
)
def test_delimited_text_in_any_encoding_reads_back_exactly(
    files: dict[str, Path], name: str, encoding: str, delimiter: str, scripts: bool
) -> None:
    table = open_table(files[name], name)
    assert (table.format, table.encoding, table.delimiter) == ("csv", encoding, delimiter)
    assert table.columns == tuple(HEADER)
    expected = LATIN_ROWS + (SCRIPT_ROWS if scripts else [])
    rows = list(table.rows())
    assert [[row.values[c] for c in HEADER] for row in rows] == expected
    assert [row.number for row in rows] == list(range(1, len(expected) + 1))
    assert all(not row.errors for row in rows)  # "-5" and "+41 22…" are not formulas


def test_detection_uses_the_content_not_the_extension(
    files: dict[str, Path], tmp_path: Path
) -> None:
    disguised = tmp_path / "people.csv"
    disguised.write_bytes(files["people.xlsx"].read_bytes())
    assert open_table(disguised, "people.csv").format == "xlsx"
    text = tmp_path / "people.xlsx"
    text.write_bytes(files["people-semicolon.csv"].read_bytes())
    assert open_table(text, "people.xlsx").delimiter == ";"


def test_a_quoted_cell_keeps_its_line_break_and_the_next_row_its_line(
    files: dict[str, Path],
) -> None:
    rows = _rows(files["people-utf8.csv"])
    assert rows[2].values["note"] == 'said "later"\nsecond line'
    assert [row.line for row in rows] == [2, 3, 4, 6, 7]


def test_xlsx_dates_and_numbers_become_plain_text(files: dict[str, Path]) -> None:
    table = open_table(files["people.xlsx"])
    assert (table.format, table.encoding, table.delimiter) == ("xlsx", "", "")
    rows = list(table.rows())
    assert [row.number for row in rows] == [1, 2, 4]  # the blank sheet row 4 is not data
    first, second, third = (row.values for row in rows)
    assert first == {
        "given": "Zoé",
        "family": "Hernández",
        "born": "2001-05-06",
        "registered_at": "2026-09-14T08:30:00",
        "age": "25",
        "cost": "1200",
        "share": "0.3",
        "child": "false",
    }
    assert (second["given"], second["family"], second["cost"], second["share"]) == (
        "ተስፋይ",
        "ሃይለ",
        "800.5",
        "0.25",
    )
    assert (third["given"], third["family"], third["born"]) == ("محمد", "عبد الله", "")


def test_xlsx_reads_a_named_sheet(files: dict[str, Path]) -> None:
    rows = _rows(files["people.xlsx"], sheet="members")
    assert [row.values for row in rows] == [{"name": "Amina", "relation": "daughter"}]
    with pytest.raises(ImportFileError) as error:
        open_table(files["people.xlsx"], sheet="nope")
    assert error.value.code == "no_sheet"
    assert "members" in str(error.value.message)


@pytest.mark.parametrize(
    ("name", "file_format", "delimiter"),
    [("kobo.xlsx", "kobo_xlsx", ""), ("kobo.csv", "kobo_csv", ";")],
)
def test_kobo_exports_are_recognised_with_their_ids(
    files: dict[str, Path], name: str, file_format: str, delimiter: str
) -> None:
    table = open_table(files[name])
    assert (table.format, table.delimiter) == (file_format, delimiter)
    assert table.columns == tuple(KOBO_COLUMNS)
    rows = list(table.rows())
    assert [r.values["person/given_name"] for r in rows] == ["Zoé", "ተስፋይ"]
    assert [r.values["_id"] for r in rows] == ["101", "102"]
    assert [table.submission_id(r) for r in rows] == [
        "0f6c2c1e-1111-4a57-9b1e-000000000001",
        "0f6c2c1e-1111-4a57-9b1e-000000000002",
    ]


def test_kobo_json_is_streamed_with_every_key_of_every_submission(
    files: dict[str, Path],
) -> None:
    table = open_table(files["kobo.json"])
    assert (table.format, table.encoding, table.delimiter) == ("kobo_json", "utf-8", "")
    assert "consent" in table.columns
    assert "meta/instanceID" in table.columns
    rows = list(table.rows())
    assert [r.number for r in rows] == [1, 2]
    first, second = rows
    assert first.values["person/family_name"] == "Hernández"
    assert (first.values["consent"], second.values["consent"]) == ("yes", "")
    assert (first.values["_id"], first.values["cost"]) == ("101", "1200.5")
    assert json.loads(first.values["person/members"]) == [
        {"person/members/name": "Amina", "person/members/age": 7}
    ]
    assert table.submission_id(second) == "0f6c2c1e-1111-4a57-9b1e-000000000002"


def test_odk_central_csv_is_recognised_with_its_instance_id(files: dict[str, Path]) -> None:
    table = open_table(files["odk-central.csv"])
    assert table.format == "odk_central_csv"
    assert table.columns == tuple(ODK_COLUMNS)
    rows = list(table.rows())
    assert [r.values["person-given_name"] for r in rows] == ["Maxamed", "Amina"]
    assert table.submission_id(rows[1]) == "uuid:6a3f0000-0000-4000-8000-000000000002"


def test_a_plain_csv_has_no_submission_id(files: dict[str, Path]) -> None:
    table = open_table(files["people-utf8.csv"])
    assert table.submission_id(next(table.rows())) is None


@pytest.mark.parametrize(
    ("name", "code", "words"),
    [
        ("empty.csv", "empty", "empty"),
        ("blank-lines.csv", "empty", "empty"),
        ("png-renamed.csv", "not_tabular", "not a CSV or Excel file"),
        ("pdf-renamed.csv", "not_tabular", "PDF"),
        ("zip-renamed.csv", "not_tabular", "ZIP"),
        ("noise.csv", "not_tabular", "not a CSV or Excel file"),
        ("old.xls", "old_excel", ".xls"),
        ("truncated.xlsx", "damaged_xlsx", "damaged"),
        ("duplicate-header.csv", "duplicate_header", "“given”"),
        ("blank-header.csv", "blank_header", "columns 2"),
        ("json-not-kobo.json", "not_kobo_json", "results"),
        ("json-broken.json", "damaged_json", "JSON"),
    ],
)
def test_unreadable_files_are_refused_with_a_clear_message(
    files: dict[str, Path], name: str, code: str, words: str
) -> None:
    with pytest.raises(ImportFileError) as error:
        open_table(files[name], name)
    assert error.value.code == code
    assert words in str(error.value.message)


def test_a_header_without_rows_is_a_valid_table_of_no_rows(files: dict[str, Path]) -> None:
    table = open_table(files["header-only.csv"])
    assert table.columns == ("given", "family", "sex")
    assert list(table.rows()) == []


def test_trailing_blank_header_cells_are_ignored(files: dict[str, Path]) -> None:
    table = open_table(files["trailing-blank-header.csv"])
    assert table.columns == ("given", "family")
    assert [r.values for r in table.rows()] == [{"given": "a", "family": "b"}]


def test_ragged_rows_are_kept_and_the_short_and_extra_cells_reported(
    files: dict[str, Path],
) -> None:
    rows = _rows(files["ragged.csv"])
    assert [r.number for r in rows] == [1, 2, 3]
    assert rows[0].values == {"given": "Amina", "family": "Doe", "sex": ""}
    # A missing separator shifts the values after it: the row is reported, never padded.
    assert set(rows[0].errors) == {"sex"}
    assert "2 cells where the file has 3 columns" in str(rows[0].errors["sex"])
    assert rows[1].values["#4"] == "EXTRA"
    assert set(rows[1].errors) == {"#4"}
    assert "more cells" in str(rows[1].errors["#4"])
    assert not rows[2].errors  # an empty cell after the last column is only a separator


def test_a_10_mb_cell_is_truncated_and_reported_quoted_or_not(files: dict[str, Path]) -> None:
    rows = _rows(files["big-cell.csv"], max_cell_bytes=1000)
    assert [(r.number, r.line) for r in rows] == [(1, 2), (2, 3), (3, 4)]
    assert rows[0].values["note"] == "x" * 1000
    assert rows[1].values["note"] == "y" * 1000
    assert "longer than 1,000 bytes" in str(rows[0].errors["note"])
    assert set(rows[1].errors) == {"note"}
    assert rows[2].values == {"given": "Hanna", "family": "Girma", "note": "ok"}
    assert not rows[2].errors


def test_hostile_cells_stay_in_their_row_with_the_reason(files: dict[str, Path]) -> None:
    formula = _rows(files["formula.csv"])
    assert [sorted(r.errors) for r in formula] == [["given"], ["family"], ["phone"]]
    assert formula[0].values["given"] == '=HYPERLINK("http://x","y")'
    assert "formula" in str(formula[0].errors["given"])
    nul = _rows(files["nul.csv"])
    assert nul[0].values["given"] == "Am\ufffdina"
    assert "NUL" in str(nul[0].errors["given"])
    assert nul[1].values["family"] == "Al\x07i"
    assert "control" in str(nul[1].errors["family"])


def test_rows_are_streamed_not_loaded(tmp_path: Path) -> None:
    path = tmp_path / "many.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("id,given,family,born\r\n")
        for i in range(200_000):
            out.write(f"{i},Zoé {i},Hernández,2001-05-06\r\n")
    table = open_table(path)
    # A generator: lazy, nothing is read before the first row is asked for.
    assert inspect.isgenerator(table.rows())
    rows = table.rows()
    assert table.bytes_read() == 0
    first = next(rows)
    assert first.values["id"] == "0"
    # One buffer's worth read, not the file (~8 MB).
    assert 0 < table.bytes_read() < table.total_bytes // 10
    count = 1 + sum(1 for _ in rows)
    assert count == 200_000
    assert table.bytes_read() == table.total_bytes

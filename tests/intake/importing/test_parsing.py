"""The bounded-memory parser for overlong records agrees with the csv module; encodings are
chosen for the whole file."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from mixflow.intake.importing.encoding import detect_encoding, reads_as_western
from mixflow.intake.importing.readers import _LineSource, _slow_record, open_table, sniff_delimiter

TEXTS = [
    "a,b,c\r\nd,e,f\r\n",
    'a,"b,1","c ""q"" d"\nnext,x\n',
    '"multi\nline\r\ncell",2\nnext\n',
    'plain"quote,x"y\nnext\n',
    '"a"b,c\nnext\n',
    "a,b,\nnext\n",
    "a,b",
    '"unterminated,x\n',
    "a\rb\rc",
    ",,\n",
]


@pytest.mark.parametrize("text", TEXTS)
def test_slow_record_matches_the_csv_module(text: str) -> None:
    source = _LineSource(io.StringIO(text, newline=""))
    fields, truncated, _ = _slow_record(source, ",", 1000)
    expected = next(csv.reader(io.StringIO(text, newline="")))
    assert fields == expected
    assert not truncated
    rest = source.read_chunk() + source.stream.read()
    assert (
        list(csv.reader(io.StringIO(rest, newline="")))
        == list(csv.reader(io.StringIO(text, newline="")))[1:]
    )


def test_slow_record_keeps_only_the_start_of_long_fields() -> None:
    source = _LineSource(io.StringIO('short,"' + "q" * 200_000 + '",' + "u" * 200_000 + "\nz"))
    fields, truncated, newlines = _slow_record(source, ",", 10)
    assert fields == ["short", "q" * 10, "u" * 10]
    assert truncated == {1, 2}
    assert newlines == 1
    assert source.read_chunk() == "z"


def test_a_late_windows_1252_byte_makes_the_whole_file_cp1252(tmp_path: Path) -> None:
    path = tmp_path / "late.csv"
    path.write_bytes(
        b"given,family\r\n" + b"Amina,Doe\r\n" * 40_000 + "Zoé,Müller\r\n".encode("cp1252")
    )
    head = path.read_bytes()[:1000]
    assert detect_encoding(path, head) == "cp1252"
    rows = list(open_table(path).rows())
    assert len(rows) == 40_001
    assert rows[-1].values == {"given": "Zoé", "family": "Müller"}


def test_western_text_is_told_from_other_scripts() -> None:
    assert reads_as_western("Zoé,Hernández\nFrançois,Genève\n".encode("cp1252"))
    assert not reads_as_western("محمد,علي\nعمر,حسن\n".encode("cp1256"))
    assert not reads_as_western("Иван,Петров\n".encode("cp1251"))


def test_commas_inside_semicolon_separated_text_do_not_fool_the_sniffer() -> None:
    sample = "name;note;age\nAmina;went by bus, then foot, then boat;23\nOmar;x, y;30\n"
    assert sniff_delimiter(sample) == ";"
    assert sniff_delimiter("single\nvalue\n") == ","


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_recognised(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "unmarked.txt"
    path.write_bytes("given\tfamily\r\nZoé\tHernández\r\nተስፋይ\tሃይለ\r\n".encode(encoding))
    table = open_table(path)
    assert (table.encoding, table.delimiter) == (encoding, "\t")
    assert [r.values["family"] for r in table.rows()] == ["Hernández", "ሃይለ"]


def test_a_bare_json_list_of_submissions_is_read(tmp_path: Path) -> None:
    path = tmp_path / "v1.json"
    path.write_text('[{"_uuid": "a", "q": 1}, {"_uuid": "b", "q": null, "r": true}]')
    table = open_table(path)
    assert (table.format, table.columns) == ("kobo_json", ("_uuid", "q", "r"))
    assert [r.values for r in table.rows()] == [
        {"_uuid": "a", "q": "1", "r": ""},
        {"_uuid": "b", "q": "", "r": "true"},
    ]

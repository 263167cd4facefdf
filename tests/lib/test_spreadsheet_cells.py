"""Cells that a spreadsheet would run as formulas are written as text, by every writer."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mixflow.lib.spreadsheet_cells import safe_cell, safe_row


@pytest.mark.parametrize(
    "value",
    [
        '=HYPERLINK("http://evil.example","Click")',
        "+1+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(A1:A2)",
        "\t=1+1",
        "\r=1+1",
    ],
)
def test_formula_like_text_is_escaped(value: str) -> None:
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Amina", "", "-3.5", "+12", "1e5", "a=b", " =x"])
def test_plain_text_and_numbers_are_left_alone(value: str) -> None:
    assert safe_cell(value) == value


def test_values_that_are_not_text_are_left_alone() -> None:
    assert safe_row([-5, 2.5, None, "=1"]) == [-5, 2.5, None, "'=1"]


REVIEW = ("--review", "review.csv")


def test_link_dedupe_writes_hostile_record_ids_as_text(tmp_path: Path) -> None:
    hostile = '=HYPERLINK("http://evil.example","x")'
    rows = [
        ["record_id", "given_name", "family_name"],
        [hostile, "Mohammed", "Salah"],
        ["@2", "Maxamed", "Salah"],
        ["3", "Amina", "Torres"],
    ]
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    (tmp_path / "in.csv").write_text(text.getvalue(), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["MIXFLOW_DATA_DIR"] = str(tmp_path / "data")
    done = subprocess.run(
        [sys.executable, "-m", "mixflow", "link", "dedupe", "in.csv", "--out", "out.csv", *REVIEW],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    with (tmp_path / "out.csv").open(encoding="utf-8", newline="") as f:
        written = list(csv.reader(f))[1:]
    ids = {row[0] for row in written}
    assert ids == {"'" + hostile, "'@2", "3"}
    assert not any(cell.startswith(("=", "@")) for row in written for cell in row)
    with (tmp_path / "review.csv").open(encoding="utf-8", newline="") as f:
        review = list(csv.reader(f))[1:]
    assert not any(cell.startswith(("=", "@")) for row in review for cell in row)

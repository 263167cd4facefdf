"""Cell checks: formulas (not phone numbers), control characters, size."""

from __future__ import annotations

import pytest

from mixflow.intake.importing.cells import check_cell, looks_like_formula


@pytest.mark.parametrize(
    "value",
    [
        '=HYPERLINK("http://x","y")',
        "=cmd|' /C calc'!A0",
        "@SUM(A1:A3)",
        "+A1*2",
        "-2+3+cmd|' /C calc'!A0",
        "\t=1+1",
        "\r=1+1",
        "=1+1",
        " =IMPORTXML(A1)",
        "+SUM(1,2)",
    ],
)
def test_formulas_are_recognised(value: str) -> None:
    assert looks_like_formula(value)
    assert "formula" in str(check_cell(value).error)


@pytest.mark.parametrize(
    "value",
    [
        "-5",
        "+41 22 555 01 02",
        "+251 (0)91 123 4567",
        "-1.5e3",
        "- went through Libya",
        "@maxamed",
        "==========",
        "=",
        "Zoé",
        "2026-09-14",
        "",
    ],
)
def test_numbers_phones_and_text_are_not_formulas(value: str) -> None:
    assert not looks_like_formula(value)
    assert check_cell(value).error is None


def test_a_long_cell_is_cut_on_a_character_boundary() -> None:
    checked = check_cell("é" * 10, max_cell_bytes=5)  # two bytes each
    assert checked.value == "éé"
    assert "longer than 5 bytes" in str(checked.error)
    assert check_cell("é" * 10, max_cell_bytes=20).error is None


def test_nul_is_replaced_and_reported_other_controls_reported_only() -> None:
    nul = check_cell("a\x00b")
    assert nul.value == "a\ufffdb"
    assert "NUL" in str(nul.error)
    bell = check_cell("a\x1bb")
    assert bell.value == "a\x1bb"
    assert "control" in str(bell.error)
    assert check_cell("line one\r\nline two\tend").error is None

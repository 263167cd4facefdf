"""Cells written to a CSV or XLSX file, made safe to open in a spreadsheet.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by
Excel, LibreOffice and Google Sheets as a formula: a name typed as ``=HYPERLINK(…)`` in an
imported file would become a live link (or worse) in the file we write. Such a cell gets a
leading apostrophe, which spreadsheets show as text (OWASP's "CSV injection" advice). Numbers
(``-3.5``) are left alone: they are values, not formulas. Every writer of a CSV or XLSX file
in Mixflow passes its rows through ``safe_row``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final, TypeVar

FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")
ESCAPE: Final = "'"
_NUMBER: Final = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")

T = TypeVar("T")


def safe_cell(value: T) -> T | str:
    """``value`` as a spreadsheet will show it: text that looks like a formula is escaped."""
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS):
        return value
    if _NUMBER.fullmatch(value):
        return value
    return ESCAPE + value


def safe_row(values: Iterable[T]) -> list[T | str]:
    """Every cell of a row through ``safe_cell``."""
    return [safe_cell(value) for value in values]

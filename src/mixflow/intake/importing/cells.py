"""Checks on one cell: too long, a spreadsheet formula, control characters.

A cell that fails is kept (truncated only when too long, with NUL replaced because databases
refuse it) and its row carries the reason, so the importer quarantines the row instead of
dropping it or importing something dangerous.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from mixflow.lib.messages import Message, gettext_noop

DEFAULT_MAX_CELL_BYTES = 65536

# A number, a phone number or a date written with signs: "-5", "+41 22 555 01 02", "-1.5e3".
_NUMBERISH = re.compile(r"[+\-]?[\d\s().,/:\-+eE]*\d[\d\s().,/:\-+]*")
# What a spreadsheet would evaluate: a function call, a DDE command (cmd|'…'!A1), a cell or
# sheet reference, arithmetic on references.
_CALL = re.compile(r"\s*[A-Za-z_][\w.]*\s*\(")
_DDE = re.compile(r"[^|]*\|")
_REFERENCE = re.compile(r"\s*(?:'[^']+'|[A-Za-z_][\w.]*)?!?\$?[A-Za-z]{1,3}\$?\d+\b")
_TRIGGERS = "=+-@"
# C0 controls except tab, line feed and carriage return, which cells legitimately hold; DEL.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
NUL_REPLACEMENT = "\ufffd"


@dataclass(frozen=True)
class CheckedCell:
    value: str
    """the value to store: the original, or truncated / with NUL replaced when reported."""
    error: Message | None


def looks_like_formula(value: str) -> bool:
    """Would a spreadsheet evaluate this cell if the value were exported again?

    "-5", "+41 22 555 01 02" and "- went through Libya" are data; "=HYPERLINK(…)",
    "=cmd|' /C calc'!A0", "@SUM(A1)", "+A1*2" and "\\t=1+1" are formulas.
    """
    text = value.lstrip("\t\r\n ")
    if not text or text[0] not in _TRIGGERS:
        return False
    if _NUMBERISH.fullmatch(text):
        return False
    body = text[1:]
    if text[0] == "=":
        # Anything after "=" is evaluated; only a bare "=" or "==" separator line is text.
        return bool(body.strip("= "))
    return bool(_CALL.match(body) or (_DDE.match(body) and "!" in body) or _REFERENCE.match(body))


_RISKY_START = frozenset(_TRIGGERS + "\t\r\n ")


def all_plain(cells: Sequence[str], max_cell_bytes: int = DEFAULT_MAX_CELL_BYTES) -> bool:
    """True when no cell of the row can fail a check: the fast path for the common row."""
    joined = "".join(cells)
    return (
        len(joined) * 4 <= max_cell_bytes
        and not any(cell[:1] in _RISKY_START for cell in cells)
        and not _CONTROL.search(joined)
    )


def _truncate(value: str, max_bytes: int) -> str:
    return value.encode("utf-8")[:max_bytes].decode("utf-8", errors="ignore")


def check_cell(value: str, max_cell_bytes: int = DEFAULT_MAX_CELL_BYTES) -> CheckedCell:
    """Check one cell; the first problem found is reported (size first: it bounds the rest)."""
    if len(value) * 4 > max_cell_bytes and len(value.encode("utf-8")) > max_cell_bytes:
        return CheckedCell(
            _truncate(value, max_cell_bytes).replace("\x00", NUL_REPLACEMENT),
            too_long(max_cell_bytes),
        )
    if "\x00" in value:
        return CheckedCell(
            value.replace("\x00", NUL_REPLACEMENT),
            Message(
                gettext_noop("This cell contains NUL bytes (shown as �): the file may be damaged.")
            ),
        )
    if looks_like_formula(value):
        return CheckedCell(
            value,
            Message(
                gettext_noop(
                    "This cell looks like a spreadsheet formula; it was not imported so that "
                    "it can never run when the data is opened in a spreadsheet."
                )
            ),
        )
    if _CONTROL.search(value):
        return CheckedCell(
            value, Message(gettext_noop("This cell contains invisible control characters."))
        )
    return CheckedCell(value, None)


def too_long(max_cell_bytes: int) -> Message:
    return Message(
        gettext_noop("This cell is longer than %(limit)s bytes; only the beginning was kept."),
        {"limit": max_cell_bytes},
    )

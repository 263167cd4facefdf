"""Dashboard figures leaving for someone who may not see persons go through the one
disclosure-control layer.

Downloads for roles without ``view_persons``, and every figure of the government official's
national view, go through ``protect_for``, which hands each counting column of a table to
``flows.disclosure.protect`` under the configured policy (``flows.gate.policy``): small cells are
suppressed and so are their complements, so that the column's total (shown elsewhere on the
dashboard) cannot give a hidden cell back. A row whose ``count`` is hidden loses every figure (a
median of three payments describes three people).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from mixflow.core.roles import Capability
from mixflow.core.scoping import scope_of
from mixflow.flows.disclosure import Policy, Table, protect
from mixflow.flows.gate import policy

Row = dict[str, Any]


@dataclass(frozen=True)
class Protected:
    rows: list[Row]
    suppressed: int = 0
    notes: list[str] = field(default_factory=list)


COUNTS = frozenset({"count", "people", "encounters", "costs_given"})
"""The columns of the query layer's tables that count people or encounters."""


def _is_measure(name: str, value: Any) -> bool:
    return (
        isinstance(value, int | float) and not isinstance(value, bool) and not name.endswith("_id")
    )


def _labels(row: Row) -> tuple[str, ...]:
    """What tells a row apart: its values that are not figures (``("all",)`` for none)."""
    labels = tuple(str(v) for k, v in row.items() if not _is_measure(k, v) and v is not None)
    return labels or ("all",)


def _hidden_in(rows: list[Row], column: str, policy: Policy) -> set[int]:
    """Rows whose ``column`` the disclosure layer suppresses."""
    positions = [i for i, row in enumerate(rows) if _is_measure(column, row.get(column))]
    keys: dict[tuple[str, ...], int] = {}
    cells: dict[tuple[str, ...], int] = {}
    for i in positions:
        key = ("|".join(_labels(rows[i])) + f"#{i}",)
        keys[key] = i
        cells[key] = max(0, round(rows[i][column]))
    if not cells:
        return set()
    protected = protect(Table(column, ("row",), cells), policy)
    return {keys[c.key] for c in protected.interior() if c.suppressed and c.key in keys}


def protect_for(user: Any, table: list[Row]) -> Protected:
    """``table`` as ``user`` may take it away: whole for those who may see persons; otherwise
    through the disclosure-control layer, column by counting column."""
    if scope_of(user).can(Capability.VIEW_PERSONS):
        return Protected([dict(row) for row in table])
    chosen = policy()
    rows = [dict(row) for row in table]
    columns = sorted({k for row in rows for k in row if k in COUNTS})
    hidden = {column: _hidden_in(rows, column, chosen) for column in columns}
    suppressed = 0
    for i, row in enumerate(rows):
        if i in hidden.get("count", set()):
            suppressed += 1
            rows[i] = {k: (None if _is_measure(k, v) else v) for k, v in row.items()}
            continue
        for column, positions in hidden.items():
            if i in positions:
                suppressed += 1
                row[column] = None
    notes = [
        _(
            "Cells counting fewer than %(threshold)s are suppressed (shown empty), and so are "
            "others where needed, so that no one can be recognised from the totals."
        )
        % {"threshold": chosen.threshold}
    ]
    return Protected(rows, suppressed, notes)

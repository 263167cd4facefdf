"""The one gate of dashboard figures leaving for someone who may not see persons.

Downloads for roles without ``view_persons``, and every figure of the government official's
national view, go through ``protect_for``. Until the disclosure-control layer
(``mixflow.flows.disclosure``) is merged, it suppresses every cell below the threshold and says
so; then it will hand the table to that layer instead, and no caller changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from mixflow.core.roles import Capability
from mixflow.core.scoping import scope_of

THRESHOLD = 5
"""Cells counting fewer people than this are not shown (DOMAIN.md §6)."""

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


def _small(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < THRESHOLD


def protect_for(user: Any, table: list[Row]) -> Protected:
    """``table`` as ``user`` may take it away: whole for those who may see persons; otherwise
    every count below the threshold is blanked, and a row whose ``count`` is below it keeps its
    labels but loses every figure (a median of three payments describes three people)."""
    if scope_of(user).can(Capability.VIEW_PERSONS):
        return Protected([dict(row) for row in table])
    rows: list[Row] = []
    suppressed = 0
    for row in table:
        if _small(row.get("count")):
            suppressed += 1
            rows.append({k: (None if _is_measure(k, v) else v) for k, v in row.items()})
            continue
        small = {k for k, v in row.items() if k in COUNTS and _small(v)}
        suppressed += len(small)
        rows.append({k: (None if k in small else v) for k, v in row.items()})
    notes = [
        _(
            "Cells counting fewer than %(threshold)s are suppressed (shown empty) so that no "
            "one can be recognised."
        )
        % {"threshold": THRESHOLD}
    ]
    return Protected(rows, suppressed, notes)

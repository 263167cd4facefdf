"""Primary and complementary suppression, to a fixed point, then differencing against the
ledger of earlier publications.

1. Primary: every cell (interior, subtotal or total) from 1 to ``threshold - 1``.
2. Complementary, repeated until nothing changes:
   - a line (a total and its parts) with exactly one suppressed member would give it away by
     subtraction: suppress the smallest other member, preferring a non-zero interior cell;
   - a line whose total is published gives away the sum of its suppressed parts: when that
     sum is itself below the threshold, suppress one more;
   - finally, a suppressed cell that a linear combination of all the published lines still
     determines (checked on the null space of the suppressed cells' system) gets one more
     complement in one of its lines.
3. Differencing: a published cell that, against a nested cell already published (the ledger),
   differs by 1 to ``threshold - 1`` is suppressed, and step 2 runs again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from mixflow.flows.disclosure.ledger import Ledger, PublishedCell
from mixflow.flows.disclosure.policy import Policy
from mixflow.flows.disclosure.table import (
    TOTAL,
    Key,
    Lattice,
    Table,
    build_lattice,
    cell_definitions,
)

PUBLISHED = "published"
PRIMARY = "primary"
COMPLEMENTARY = "complementary"
DIFFERENCING = "differencing"
SUPPRESSED = frozenset({PRIMARY, COMPLEMENTARY, DIFFERENCING})

GATE_MARK = "mixflow.flows.disclosure"
"""Stamped on everything the gate let out (HTTP header, file metadata, PDF subject), so that
tests can tell statistics that went through it from statistics that did not."""

_GATE = object()
"""Only this module holds it: a ``ProtectedTable`` cannot be built anywhere else."""


@dataclass(frozen=True)
class ProtectedCell:
    key: Key
    value: int | None
    """``None`` when suppressed."""
    status: str

    @property
    def suppressed(self) -> bool:
        return self.status in SUPPRESSED

    @property
    def is_total(self) -> bool:
        return TOTAL in self.key


@dataclass(frozen=True)
class ProtectedTable:
    name: str
    dimensions: tuple[str, ...]
    cells: tuple[ProtectedCell, ...]
    policy: str
    definitions: Mapping[Key, Mapping[str, frozenset[str]]] = field(repr=False)
    gate: object = field(repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.gate is not _GATE:
            raise TypeError("a ProtectedTable is made only by flows.disclosure.protect")

    def cell(self, key: Key) -> ProtectedCell:
        for cell in self.cells:
            if cell.key == key:
                return cell
        raise KeyError(key)

    def interior(self) -> Iterator[ProtectedCell]:
        return (c for c in self.cells if not c.is_total)

    @property
    def suppressed_count(self) -> int:
        return sum(1 for c in self.cells if c.suppressed)

    def published_cells(self, source: str) -> list[PublishedCell]:
        """What the ledger must remember once this table is out."""
        return [
            PublishedCell(self.definitions[c.key], c.value, source)
            for c in self.cells
            if c.value is not None
        ]

    def fingerprint(self) -> str:
        body = json.dumps(self.to_json(), sort_keys=True).encode()
        return hashlib.sha256(body).hexdigest()[:16]

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "dimensions": list(self.dimensions),
            "policy": self.policy,
            "cells": [
                {
                    "key": list(c.key),
                    "value": c.value,
                    "status": c.status,
                    "definition": {d: sorted(v) for d, v in self.definitions[c.key].items()},
                }
                for c in self.cells
            ],
        }


def reload(data: Mapping[str, Any], threshold: int) -> ProtectedTable:
    """A table frozen by ``to_json``, checked again on the way out: no published cell below the
    threshold and no line with a single suppressed member (so a stored table edited by hand
    cannot leave through the gate)."""
    cells = tuple(ProtectedCell(tuple(c["key"]), c["value"], c["status"]) for c in data["cells"])
    definitions = {
        tuple(c["key"]): {d: frozenset(v) for d, v in c["definition"].items()}
        for c in data["cells"]
    }
    for cell in cells:
        if cell.value is not None and 0 < cell.value < threshold:
            raise ValueError(f"cell {cell.key!r} holds {cell.value}, below the threshold")
        if cell.suppressed != (cell.value is None):
            raise ValueError(f"cell {cell.key!r} is inconsistent")
    return ProtectedTable(
        name=data["name"],
        dimensions=tuple(data["dimensions"]),
        cells=cells,
        policy=data["policy"],
        definitions=definitions,
        gate=_GATE,
    )


def _complement(lattice: Lattice, status: dict[Key, str], members: tuple[Key, ...]) -> Key | None:
    """The member to suppress next: smallest non-zero count, interior before totals."""
    candidates = [m for m in members if m not in status]
    if not candidates:
        return None

    def cost(key: Key) -> tuple[int, int, int, Key]:
        value = lattice.value[key]
        return (value == 0, value, key.count(TOTAL), key)

    return min(candidates, key=cost)


def _line_pass(lattice: Lattice, status: dict[Key, str], threshold: int) -> bool:
    changed = False
    for line in lattice.lines:
        members = line.members()
        hidden = [m for m in members if m in status]
        if not hidden:
            continue
        need = len(hidden) == 1
        if not need and line.total not in status:
            hidden_sum = sum(lattice.value[m] for m in hidden)
            need = 0 < hidden_sum < threshold
        if need:
            extra = _complement(lattice, status, members)
            if extra is not None:
                status[extra] = COMPLEMENTARY
                changed = True
    return changed


def derivable(lattice: Lattice, status: Mapping[Key, str]) -> list[Key]:
    """Suppressed cells whose value follows from the published cells by linear combination.

    Unknowns are the suppressed cells; each line gives one equation over them (its published
    members are constants). A cell is determined exactly when its unit vector lies in the row
    space of that system: its squared coordinates over an orthonormal basis of the row space
    (the right singular vectors of the non-zero singular values) add up to one. The reduced SVD
    is enough for that, and much cheaper than the full one on wide systems.
    """
    hidden = [k for k in lattice.value if k in status]
    if not hidden:
        return []
    index = {k: i for i, k in enumerate(hidden)}
    rows = []
    for line in lattice.lines:
        row = np.zeros(len(hidden))
        touched = False
        if line.total in index:
            row[index[line.total]] = 1.0
            touched = True
        for part in line.parts:
            if part in index:
                row[index[part]] = -1.0
                touched = True
        if touched:
            rows.append(row)
    if not rows:
        return []
    # One thread: these systems are small, and a threaded BLAS on a busy machine spends
    # seconds waiting for its own threads (measured: 1.6 s against 2 ms for 74 x 300).
    with threadpool_limits(limits=1):
        _, singular, vt = np.linalg.svd(np.array(rows), full_matrices=False)
    rank = int((singular > 1e-9 * max(1.0, float(singular.max(initial=0.0)))).sum())
    weight = (vt[:rank] ** 2).sum(axis=0)
    return [k for k, w in zip(hidden, weight, strict=True) if w > 1 - 1e-9]


def _complete(lattice: Lattice, status: dict[Key, str], threshold: int) -> None:
    while True:
        if _line_pass(lattice, status, threshold):
            continue
        # One more complement for each exposed cell per round (the null space is recomputed
        # once per round, not once per cell): a cell whose line already got one this round
        # waits for the next, so that one complement serving two cells is not doubled.
        added: set[Key] = set()
        for key in derivable(lattice, status):
            lines = lattice.children[key]
            if any(member in added for line in lines for member in line.members()):
                continue
            for line in lines:
                extra = _complement(lattice, status, line.members())
                if extra is not None:
                    status[extra] = COMPLEMENTARY
                    added.add(extra)
                    break
        if not added:
            return


def protect(table: Table, policy: Policy, ledger: Ledger | None = None) -> ProtectedTable:
    """The table as it may be published, under ``policy``, given what ``ledger`` says is
    already out. Raises ``TooFine`` for a sensitive table at too fine a level."""
    policy.check_coarse_enough(
        sensitive=table.sensitive, geography=table.geography, time=table.time
    )
    lattice = build_lattice(table)
    threshold = policy.threshold
    definitions = cell_definitions(table, lattice.value)
    status: dict[Key, str] = {
        key: PRIMARY for key, value in lattice.value.items() if 0 < value < threshold
    }
    while True:
        _complete(lattice, status, threshold)
        if ledger is None or len(ledger) == 0:
            break
        differenced = False
        for key, value in lattice.value.items():
            if key in status:
                continue
            shown = PublishedCell(definitions[key], policy.rounded(value), table.name)
            if ledger.conflicts(shown, threshold):
                status[key] = DIFFERENCING
                differenced = True
        if not differenced:
            break
    cells = tuple(
        ProtectedCell(
            key,
            None if key in status else policy.rounded(value),
            status.get(key, PUBLISHED),
        )
        for key, value in lattice.value.items()
    )
    return ProtectedTable(
        name=table.name,
        dimensions=table.dimensions,
        cells=cells,
        policy=policy.describe(),
        definitions=definitions,
        gate=_GATE,
    )

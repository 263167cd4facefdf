"""A table of counts and every total it implies.

A ``Table`` holds only its interior cells (one count per combination of dimension values) and
the population it counts (the filters, as sets of atomic values). Its published form always
carries every margin: the total over each dimension, and, for a dimension with a hierarchy
(sites within countries, months within quarters), the subtotal of each parent. Each total is
one *line*: an equation "total = sum of its parts" that an attacker knows as well as we do.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

TOTAL = "*"
"""The value of a dimension summed over."""

Key = tuple[str, ...]

MAX_CELLS = 50_000
"""A table whose lattice of cells and totals would be larger is refused: publications are
tables a person reads, and the suppression is quadratic in the cells of a line."""


@dataclass(frozen=True)
class Line:
    """``total`` equals the sum of ``parts``."""

    total: Key
    parts: tuple[Key, ...]

    def members(self) -> tuple[Key, ...]:
        return (self.total, *self.parts)


@dataclass(frozen=True)
class Table:
    name: str
    dimensions: tuple[str, ...]
    cells: Mapping[Key, int]
    """Interior counts; a combination absent is zero."""
    population: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """Who is counted: each filter dimension with its atomic values (absent: everyone)."""
    hierarchies: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    """Per dimension, each value's parent (a site's country): parents are subtotals."""
    values: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Per dimension, every value to show even when its count is zero (in this order)."""
    sensitive: bool = False
    geography: str = "country"
    time: str = "quarter"

    def __post_init__(self) -> None:
        for key, count in self.cells.items():
            if len(key) != len(self.dimensions):
                raise ValueError(f"cell {key!r} does not have one value per dimension")
            if count < 0:
                raise ValueError(f"cell {key!r} has a negative count")
            if TOTAL in key:
                raise ValueError("a table holds interior cells only: totals are derived")

    def leaf_values(self, index: int) -> tuple[str, ...]:
        dimension = self.dimensions[index]
        seen = dict.fromkeys(self.values.get(dimension, ()))
        for key in self.cells:
            seen.setdefault(key[index])
        return tuple(seen)

    def parents(self, index: int) -> dict[str, tuple[str, ...]]:
        """Each parent value of a dimension with its children, in first-seen order."""
        hierarchy = self.hierarchies.get(self.dimensions[index], {})
        grouped: dict[str, list[str]] = {}
        for value in self.leaf_values(index):
            parent = hierarchy.get(value)
            if parent is not None:
                grouped.setdefault(parent, []).append(value)
        return {parent: tuple(children) for parent, children in grouped.items()}


@dataclass
class Lattice:
    """Every cell of the published table (interior, subtotals, totals), its true value, and
    the lines linking them."""

    table: Table
    value: dict[Key, int]
    lines: list[Line]
    children: dict[Key, list[Line]]
    """For each key, the lines it belongs to (as total or as part)."""

    def keys(self) -> Iterator[Key]:
        return iter(self.value)


def _axis(table: Table, index: int) -> tuple[list[str], list[tuple[str, tuple[str, ...]]]]:
    """The values of one dimension in the lattice and the lines along it.

    Without a hierarchy: leaves, then TOTAL = sum of leaves. With one: leaves, parents
    (parent = sum of its children), then TOTAL = sum of the parents (and of any leaf with no
    parent).
    """
    leaves = list(table.leaf_values(index))
    parents = table.parents(index)
    if not parents:
        return [*leaves, TOTAL], [(TOTAL, tuple(leaves))]
    orphans = [v for v in leaves if not any(v in c for c in parents.values())]
    lines = [(parent, children) for parent, children in parents.items()]
    lines.append((TOTAL, (*parents, *orphans)))
    return [*leaves, *parents, TOTAL], lines


def _at(rest: tuple[str, ...], index: int, v: str) -> Key:
    """The key with ``v`` at ``index`` and the other dimensions' values ``rest``."""
    return (*rest[:index], v, *rest[index:])


def build_lattice(table: Table) -> Lattice:
    axes = [_axis(table, i) for i in range(len(table.dimensions))]
    size = 1
    for values, _lines in axes:
        size *= len(values)
    if size > MAX_CELLS:
        raise ValueError(f"table {table.name!r} would have {size} cells: too many to publish")

    # Which leaves each lattice value stands for, per dimension.
    covers: list[dict[str, frozenset[str]]] = []
    for index, (values, axis_lines) in enumerate(axes):
        leaves = frozenset(table.leaf_values(index))
        cover = {v: frozenset({v}) for v in leaves}
        for total, parts in axis_lines:
            if total != TOTAL:
                cover[total] = frozenset(parts)
        cover[TOTAL] = leaves
        covers.append({v: cover[v] for v in values})

    value: dict[Key, int] = {}
    for key in itertools.product(*(values for values, _ in axes)):
        value[key] = 0
    for key, count in table.cells.items():
        lifted = [[v for v in axes[i][0] if key[i] in covers[i][v]] for i in range(len(key))]
        for target in itertools.product(*lifted):
            value[target] += count

    lines: list[Line] = []
    for index, (_values, axis_lines) in enumerate(axes):
        other_axes = [axes[j][0] for j in range(len(axes)) if j != index]
        for rest in itertools.product(*other_axes):
            for total, parts in axis_lines:
                lines.append(
                    Line(_at(rest, index, total), tuple(_at(rest, index, p) for p in parts))
                )
    children: dict[Key, list[Line]] = {key: [] for key in value}
    for line in lines:
        for member in line.members():
            children[member].append(line)
    return Lattice(table=table, value=value, lines=lines, children=children)


def cell_definitions(table: Table, keys: Iterable[Key]) -> dict[Key, dict[str, frozenset[str]]]:
    """Who each cell counts, as filters over atomic values: the table's population narrowed by
    the cell's coordinates (a subtotal stands for its children, a total for no filter)."""
    parents = [table.parents(i) for i in range(len(table.dimensions))]
    out = {}
    for key in keys:
        definition = dict(table.population)
        for index, dimension in enumerate(table.dimensions):
            v = key[index]
            if v == TOTAL:
                continue
            atoms = frozenset(parents[index][v]) if v in parents[index] else frozenset({v})
            known = definition.get(dimension)
            definition[dimension] = atoms if known is None else atoms & known
        out[key] = definition
    return out

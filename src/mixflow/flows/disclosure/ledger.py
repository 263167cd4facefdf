"""The ledger of what has already been published, against differencing.

Two published cells whose populations are nested (one counts a subset of the other: a site
within its country, one month within its quarter, the same filters one revision later) give
away their difference. When that difference is between 1 and the threshold minus one it
counts a few people, perhaps one, and their answers: the new cell must not be published.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

Definition = Mapping[str, frozenset[str]]


@dataclass(frozen=True)
class PublishedCell:
    definition: Definition
    """Who the cell counts: each filtered dimension with its atomic values."""
    value: int
    source: str
    """Which publication and table published it (for the refusal's explanation)."""


def nested(inner: Definition, outer: Definition) -> bool:
    """Whether every person ``inner`` counts is counted by ``outer``."""
    for dimension, values in outer.items():
        own = inner.get(dimension)
        if own is None or not own <= values:
            return False
    return True


def reveals(a: PublishedCell, b: PublishedCell, threshold: int) -> bool:
    """Whether publishing both cells discloses a group smaller than the threshold."""
    if not 0 < abs(a.value - b.value) < threshold:
        return False  # the cheap test first: most pairs differ by nothing or by a lot
    return nested(a.definition, b.definition) or nested(b.definition, a.definition)


class Ledger:
    """Cells published so far, grouped by the dimensions they filter on (cells filtering on
    different dimensions can still nest: a definition without a dimension counts all of it)."""

    def __init__(self, cells: Iterable[PublishedCell] = ()) -> None:
        self._cells: list[PublishedCell] = []
        for cell in cells:
            self.add(cell)

    def add(self, cell: PublishedCell) -> None:
        self._cells.append(cell)

    def extend(self, cells: Iterable[PublishedCell]) -> None:
        for cell in cells:
            self.add(cell)

    def __len__(self) -> int:
        return len(self._cells)

    def conflicts(self, cell: PublishedCell, threshold: int) -> list[PublishedCell]:
        """Earlier cells that, differenced with ``cell``, would reveal a small group."""
        return [earlier for earlier in self._cells if reveals(cell, earlier, threshold)]

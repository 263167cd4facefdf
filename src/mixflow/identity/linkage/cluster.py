"""Clusters from linked pairs: union–find, strongest links first, with a size cap and a guard.

Connected components chain: A–B and B–C link A and C even if A and C are plainly two people,
and one bad link between two big families makes a giant cluster. Pairs are therefore joined in
order of decreasing score, and a join is refused (the weaker link loses) when it would make a
cluster larger than ``max_size`` or, given a :class:`ClusterGuard`, when the joined cluster
would hold two records that cannot be one person: two members of one travel group (a person
is registered once per group), a man and a woman, or dates of birth years apart. This is the
correlation-clustering idea in its cheapest form: no chaining through namesakes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = ["ClusterGuard", "cluster_pairs"]


@dataclass(frozen=True)
class ClusterGuard:
    """Per-record facts that keep records apart (0 = unknown), and the year spread allowed."""

    group: npt.NDArray[np.int32]
    sex: npt.NDArray[np.int8]  # 1 male, 2 female, 3 other
    year: npt.NDArray[np.int16]
    max_year_spread: int | None = None  # None: years never keep records apart
    apart_sexes: bool = True  # whether a man and a woman are kept apart


def cluster_pairs(
    n: int,
    left: npt.NDArray[np.int64],
    right: npt.NDArray[np.int64],
    scores: npt.NDArray[np.float64],
    max_size: int,
    guard: ClusterGuard | None = None,
) -> npt.NDArray[np.int64]:
    """Cluster number of each of ``n`` records (the smallest member's index)."""
    parent = list(range(n))
    size = [1] * n

    def find(x: int) -> int:
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    order = np.argsort(-scores, kind="stable")
    pairs = zip(left[order].tolist(), right[order].tolist(), strict=True)
    if guard is None:
        for a, b in pairs:
            ra, rb = find(a), find(b)
            if ra == rb or size[ra] + size[rb] > max_size:
                continue
            if size[ra] < size[rb]:
                ra, rb = rb, ra
            parent[rb] = ra
            size[ra] += size[rb]
    else:
        _guarded(pairs, parent, size, find, max_size, guard)
    roots = np.array([find(i) for i in range(n)], dtype=np.int64)
    # Name each cluster by its first member so that numbering is stable and readable.
    first = np.full(n, n, dtype=np.int64)
    np.minimum.at(first, roots, np.arange(n, dtype=np.int64))
    return first[roots]


def _guarded(
    pairs: Iterable[tuple[int, int]],
    parent: list[int],
    size: list[int],
    find: Callable[[int], int],
    max_size: int,
    guard: ClusterGuard,
) -> None:
    # State of a cluster lives at its root, created on first use: most records never link.
    groups: dict[int, set[int]] = {}
    sexes: dict[int, int] = {}
    years: dict[int, tuple[int, int]] = {}
    g_of, s_of, y_of = guard.group, guard.sex, guard.year
    spread = guard.max_year_spread
    check_sex = guard.apart_sexes
    unknown_years = (1 << 15, -(1 << 15))

    def state(r: int) -> tuple[set[int], int, tuple[int, int]]:
        if r not in sexes:
            g = int(g_of[r])
            groups[r] = {g} if g else set()
            s = int(s_of[r])
            sexes[r] = (1 << s) if check_sex and s in (1, 2) else 0
            y = int(y_of[r])
            years[r] = (y, y) if y and spread is not None else unknown_years
        return groups[r], sexes[r], years[r]

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra == rb or size[ra] + size[rb] > max_size:
            continue
        ga, sa, ya = state(ra)
        gb, sb, yb = state(rb)
        sex = sa | sb
        if sex == 0b110:
            continue
        lo, hi = min(ya[0], yb[0]), max(ya[1], yb[1])
        if spread is not None and hi >= lo and hi - lo > spread:
            continue
        if len(ga) > len(gb):
            if not ga.isdisjoint(gb):
                continue
        elif not gb.isdisjoint(ga):
            continue
        if size[ra] < size[rb]:
            ra, rb = rb, ra
            ga, gb = gb, ga
        parent[rb] = ra
        size[ra] += size[rb]
        ga |= gb
        groups[ra] = ga
        sexes[ra] = sex
        years[ra] = (lo, hi)

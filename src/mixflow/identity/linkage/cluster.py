"""Clusters from linked pairs: union–find, strongest links first, with a size cap.

Connected components chain: A–B and B–C link A and C even if A and C are plainly two people,
and one bad link between two big families makes a giant cluster. Pairs are therefore joined in
order of decreasing score, and a join that would make a cluster larger than ``max_size`` is
refused (the weaker link loses).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["cluster_pairs"]


def cluster_pairs(
    n: int,
    left: npt.NDArray[np.int64],
    right: npt.NDArray[np.int64],
    scores: npt.NDArray[np.float64],
    max_size: int,
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
    for a, b in zip(left[order].tolist(), right[order].tolist(), strict=True):
        ra, rb = find(a), find(b)
        if ra == rb or size[ra] + size[rb] > max_size:
            continue
        if size[ra] < size[rb]:
            ra, rb = rb, ra
        parent[rb] = ra
        size[ra] += size[rb]
    roots = np.array([find(i) for i in range(n)], dtype=np.int64)
    # Name each cluster by its first member so that numbering is stable and readable.
    first = np.full(n, n, dtype=np.int64)
    np.minimum.at(first, roots, np.arange(n, dtype=np.int64))
    return first[roots]

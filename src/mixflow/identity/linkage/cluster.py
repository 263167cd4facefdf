"""Clusters that hold together as a whole, not chains of pairs.

Connected components chain: A–B and B–C link A and C even if A and C are plainly two people,
and one bad link between two families makes a giant cluster. Here pairs are joined in order of
decreasing score, and a join of two clusters is refused (the weaker link loses) when:

- the joined cluster would be larger than ``max_size``;
- given a :class:`ClusterGuard`, it would hold two records that cannot be one person: two
  members of one travel group (a person is registered once per group), a man and a woman, or
  birth years further apart than a person's age allows (one year for a small child, a few for
  an adult whose age was estimated);
- given :class:`PairEvidence`, the *average* evidence between the two clusters' members is
  below the join threshold (average linkage): every cross pair counts, a pair never compared
  counts as clear evidence against (names too different to share a block). One strong link
  can no longer pull in records the rest of the cluster disagrees with.

Records identical in every field (``together``) are joined first and always, whatever the
guard says: they are one registration entered twice.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

__all__ = ["ClusterGuard", "PairEvidence", "allowed_year_spread", "cluster_pairs"]

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]


def allowed_year_spread(youngest_age: int, adult_spread: int) -> int:
    """Birth years one person's records may span, given the youngest age they imply.

    A small child's age is known to the year (a four-year gap is another child); an adult's
    is often estimated by the officer.
    """
    if youngest_age < 6:
        return min(1, adult_spread)
    if youngest_age < 16:
        return min(2, adult_spread)
    return adult_spread


@dataclass(frozen=True)
class ClusterGuard:
    """Per-record facts that keep records apart (0 = unknown), and the year spread allowed."""

    group: npt.NDArray[np.int32]
    sex: npt.NDArray[np.int8]  # 1 male, 2 female, 3 other
    year: npt.NDArray[np.int16]
    max_year_spread: int | None = None  # None: years never keep records apart
    apart_sexes: bool = True  # whether a man and a woman are kept apart
    #: The year ages are counted at (the spread allowed is smaller for children).
    reference_year: int = field(default_factory=lambda: datetime.date.today().year)


@dataclass(frozen=True)
class PairEvidence:
    """Scores of the compared pairs, looked up by ``i * n + j`` (``i < j``), sorted."""

    codes: I64
    scores: F64
    n: int
    join: float  # the average evidence two clusters need to be joined
    unseen: float  # the evidence a pair that was never compared counts as

    @classmethod
    def of(cls, n: int, a: I64, b: I64, scores: F64, join: float, unseen: float) -> PairEvidence:
        codes = np.minimum(a, b) * n + np.maximum(a, b)
        order = np.argsort(codes, kind="stable")
        return cls(codes[order], scores[order].astype(np.float64), n, join, unseen)

    def mean_between(self, left: list[int], right: list[int]) -> float:
        la = np.asarray(left, dtype=np.int64)[:, None]
        rb = np.asarray(right, dtype=np.int64)[None, :]
        want = (np.minimum(la, rb) * self.n + np.maximum(la, rb)).ravel()
        at = np.searchsorted(self.codes, want)
        at = np.minimum(at, len(self.codes) - 1)
        found = self.codes[at] == want if len(self.codes) else np.zeros(len(want), dtype=bool)
        values = np.where(found, self.scores[at] if len(self.codes) else 0.0, self.unseen)
        return float(values.mean())


def cluster_pairs(
    n: int,
    left: I64,
    right: I64,
    scores: F64,
    max_size: int,
    guard: ClusterGuard | None = None,
    *,
    evidence: PairEvidence | None = None,
    together: tuple[I64, I64] | None = None,
) -> I64:
    """Cluster number of each of ``n`` records (the smallest member's index)."""
    state = _Clusters(n, guard)
    if together is not None:
        for a, b in zip(together[0].tolist(), together[1].tolist(), strict=True):
            state.join(state.find(a), state.find(b))
    order = np.argsort(-scores, kind="stable")
    for a, b in zip(left[order].tolist(), right[order].tolist(), strict=True):
        ra, rb = state.find(a), state.find(b)
        if ra == rb or state.size[ra] + state.size[rb] > max_size:
            continue
        if guard is not None and not state.compatible(ra, rb):
            continue
        if (
            evidence is not None
            and state.size[ra] + state.size[rb] > 2
            and evidence.mean_between(state.members(ra), state.members(rb)) < evidence.join
        ):
            continue
        state.join(ra, rb)
    roots = np.array([state.find(i) for i in range(n)], dtype=np.int64)
    # Name each cluster by its first member so that numbering is stable and readable.
    first = np.full(n, n, dtype=np.int64)
    np.minimum.at(first, roots, np.arange(n, dtype=np.int64))
    return first[roots]


class _Clusters:
    """Union–find whose roots carry what the guard needs; state made on first use."""

    def __init__(self, n: int, guard: ClusterGuard | None) -> None:
        self.parent = list(range(n))
        self.size = [1] * n
        self.guard = guard
        self._members: dict[int, list[int]] = {}
        self._groups: dict[int, set[int]] = {}
        self._sexes: dict[int, int] = {}
        self._years: dict[int, tuple[int, int]] = {}

    def find(self, x: int) -> int:
        parent = self.parent
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    def members(self, r: int) -> list[int]:
        return self._members.get(r) or [r]

    def _state(self, r: int) -> tuple[set[int], int, tuple[int, int]]:
        g = self.guard
        assert g is not None
        if r not in self._sexes:
            grp = int(g.group[r])
            self._groups[r] = {grp} if grp else set()
            s = int(g.sex[r])
            self._sexes[r] = (1 << s) if g.apart_sexes and s in (1, 2) else 0
            y = int(g.year[r])
            known = y and g.max_year_spread is not None
            self._years[r] = (y, y) if known else (1 << 15, -(1 << 15))
        return self._groups[r], self._sexes[r], self._years[r]

    def compatible(self, ra: int, rb: int) -> bool:
        g = self.guard
        assert g is not None
        ga, sa, ya = self._state(ra)
        gb, sb, yb = self._state(rb)
        if sa | sb == 0b110:
            return False
        lo, hi = min(ya[0], yb[0]), max(ya[1], yb[1])
        if g.max_year_spread is not None and hi >= lo:
            spread = allowed_year_spread(g.reference_year - hi, g.max_year_spread)
            if hi - lo > spread:
                return False
        small, big = (ga, gb) if len(ga) <= len(gb) else (gb, ga)
        return small.isdisjoint(big)

    def join(self, ra: int, rb: int) -> None:
        if ra == rb:
            return
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]
        self._members[ra] = self.members(ra) + self.members(rb)
        self._members.pop(rb, None)
        if self.guard is not None:
            ga, sa, ya = self._state(ra)
            gb, sb, yb = self._state(rb)
            self._groups[ra] = ga | gb
            self._sexes[ra] = sa | sb
            self._years[ra] = (min(ya[0], yb[0]), max(ya[1], yb[1]))

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
  counts as evidence against (names too different to share a block; the settings say how
  much: ``cluster_floor``). One strong link can no longer pull in records the rest of the
  cluster disagrees with.

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

    def allows(self, a: I64, b: I64) -> npt.NDArray[np.bool_]:
        """Whether records ``a[k]`` and ``b[k]``, by themselves, may be one cluster: what
        the clustering's check says of two records never joined to others."""
        ok = np.ones(len(a), dtype=bool)
        if self.apart_sexes:
            sa, sb = self.sex[a], self.sex[b]
            ok &= ~(((sa == 1) & (sb == 2)) | ((sa == 2) & (sb == 1)))
        if self.max_year_spread is not None:
            ya = self.year[a].astype(np.int64)
            yb = self.year[b].astype(np.int64)
            known = (ya != 0) & (yb != 0)
            age = self.reference_year - np.maximum(ya, yb)
            ages, at = np.unique(age, return_inverse=True)
            spreads = np.array(
                [allowed_year_spread(int(x), self.max_year_spread) for x in ages], dtype=np.int64
            )
            ok &= ~known | (np.abs(ya - yb) <= spreads[at.ravel()])
        ga, gb = self.group[a], self.group[b]
        ok &= ~((ga != 0) & (ga == gb))
        return ok


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
        # The mean as numpy computes it (the same sum), without its per-call overhead.
        return float(np.add.reduce(values) / values.size)


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
    # The loop below visits every linked pair (hundreds of thousands at national scale):
    # everything it touches is a local list or bound method, not an attribute lookup.
    find, size, compatible, join = state.find, state.size, state.compatible, state.join
    members = state.members
    guarded = guard is not None
    for a, b in zip(left[order].tolist(), right[order].tolist(), strict=True):
        ra, rb = find(a), find(b)
        if ra == rb:
            continue
        joined = size[ra] + size[rb]
        if joined > max_size:
            continue
        if guarded and not compatible(ra, rb):
            continue
        if (
            evidence is not None
            and joined > 2
            and evidence.mean_between(members(ra), members(rb)) < evidence.join
        ):
            continue
        join(ra, rb)
    roots = state.roots()
    # Name each cluster by its first member so that numbering is stable and readable.
    first = np.full(n, n, dtype=np.int64)
    np.minimum.at(first, roots, np.arange(n, dtype=np.int64))
    return first[roots]


class _Clusters:
    """Union–find whose roots carry what the guard needs, kept in plain lists indexed by root
    (a record's own facts until it is joined): no per-record objects, no lazy set-up."""

    def __init__(self, n: int, guard: ClusterGuard | None) -> None:
        self.parent = list(range(n))
        self.size = [1] * n
        self.guard = guard
        self._members: dict[int, list[int]] = {}
        # Travel groups of a joined root; a root never joined has only its own (``_group``).
        self._groups: dict[int, set[int]] = {}
        if guard is not None:
            sex = guard.sex.astype(np.int64)
            bits = np.where((sex == 1) | (sex == 2), np.left_shift(1, sex), 0)
            self._sexes: list[int] = (bits if guard.apart_sexes else np.zeros(n, np.int64)).tolist()
            year = guard.year.astype(np.int64)
            known = (year != 0) & (guard.max_year_spread is not None)
            self._lo: list[int] = np.where(known, year, 1 << 15).tolist()
            self._hi: list[int] = np.where(known, year, -(1 << 15)).tolist()
            self._group: list[int] = guard.group.astype(np.int64).tolist()
            self._spread: dict[int, int] = {}

    def find(self, x: int) -> int:
        parent = self.parent
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    def roots(self) -> I64:
        """The root of every record, found for all records at once."""
        parent = np.asarray(self.parent, dtype=np.int64)
        while True:
            up = parent[parent]
            if (up == parent).all():
                return parent
            parent = up

    def members(self, r: int) -> list[int]:
        return self._members.get(r) or [r]

    def _group_set(self, r: int) -> set[int]:
        got = self._groups.get(r)
        if got is None:
            g = self._group[r]
            return {g} if g else set()
        return got

    def compatible(self, ra: int, rb: int) -> bool:
        g = self.guard
        assert g is not None
        if self._sexes[ra] | self._sexes[rb] == 0b110:
            return False
        lo, hi = min(self._lo[ra], self._lo[rb]), max(self._hi[ra], self._hi[rb])
        if g.max_year_spread is not None and hi >= lo:
            age = g.reference_year - hi
            spread = self._spread.get(age)
            if spread is None:
                spread = self._spread[age] = allowed_year_spread(age, g.max_year_spread)
            if hi - lo > spread:
                return False
        ga = self._groups.get(ra)
        gb = self._groups.get(rb)
        if ga is None and gb is None:  # two records never joined: one group each at most
            a, b = self._group[ra], self._group[rb]
            return not (a and a == b)
        return self._group_set(ra).isdisjoint(self._group_set(rb))

    def join(self, ra: int, rb: int) -> None:
        if ra == rb:
            return
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]
        # The surviving root's lists and sets grow in place (members in the same order:
        # the root's, then the joined cluster's).
        mine = self._members.get(ra)
        if mine is None:
            mine = self._members[ra] = [ra]
        theirs = self._members.pop(rb, None)
        if theirs is None:
            mine.append(rb)
        else:
            mine.extend(theirs)
        if self.guard is not None:
            groups = self._groups.get(ra)
            if groups is None:
                groups = self._groups[ra] = self._group_set(ra)
            other = self._groups.pop(rb, None)
            if other is None:
                if self._group[rb]:
                    groups.add(self._group[rb])
            else:
                groups |= other
            self._sexes[ra] |= self._sexes[rb]
            self._lo[ra] = min(self._lo[ra], self._lo[rb])
            self._hi[ra] = max(self._hi[ra], self._hi[rb])

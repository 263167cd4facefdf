"""Co-traveller evidence: people who travel together are registered together, again and again.

A family or a group of friends registered at one site is usually registered as a group at the
next site too. When two travel groups hold *several* pairs of plausibly matching members, each
of those pairs is far more likely to be one person than its own fields say: namesakes do not
come in matching sets. And a person appears at most once in a group, so within one pair of
groups each record is matched to at most one record of the other (the strongest pairing wins).
A lone match between two groups that both have other members, with nobody else matching, is
weaker evidence than its fields say: it is the typical namesake. So is a match between someone
registered in a group and someone registered alone (families mostly stay together; this is the
softest of these rules, see :data:`DEFAULT_COTRAVEL`).

The figures were tuned on the labelled synthetic sample the weights are measured on (seed 77,
see ``benchmarks/linkage_train.py``) and checked on two other seeds
(``benchmarks/linkage_quality.py --seed``).

Django-free; works on the arrays of :func:`~mixflow.identity.linkage.dedupe.score_pairs`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

__all__ = ["DEFAULT_COTRAVEL", "CoTravel", "cotraveller_scores", "describe_adjustment"]

I32 = npt.NDArray[np.int32]
I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]


@dataclass(frozen=True)
class CoTravel:
    """How co-traveller evidence moves scores (log2 odds)."""

    floor: float  # pairs scoring below this are not "plausibly matching" members
    bonus: float  # added per *other* matched member of the same pair of groups (capped)
    max_bonus: float
    lone_penalty: float  # subtracted from a lone match between two groups of two or more
    conflict_penalty: float  # subtracted from a pair that lost the one-to-one pairing
    solo_penalty: float  # subtracted when one record travelled in a group, the other alone


DEFAULT_COTRAVEL: Final = CoTravel(
    floor=-8.0, bonus=4.0, max_bonus=12.0, lone_penalty=6.0, conflict_penalty=6.0, solo_penalty=4.0
)


def cotraveller_scores(
    group: I32, a: I64, b: I64, scores: F64, params: CoTravel = DEFAULT_COTRAVEL
) -> F64:
    """``scores`` adjusted by co-traveller evidence (a new array; ``group`` 0 = none)."""
    out = scores.copy()
    ga = group[a]
    gb = group[b]
    out[(ga > 0) != (gb > 0)] -= params.solo_penalty
    eligible = np.flatnonzero((ga > 0) & (gb > 0) & (ga != gb) & (scores >= params.floor))
    del ga, gb
    if len(eligible) == 0:
        return out
    sizes = np.bincount(group.astype(np.int64))
    ea = group[a[eligible]].astype(np.int64)
    eb = group[b[eligible]].astype(np.int64)
    lo = np.minimum(ea, eb)
    hi = np.maximum(ea, eb)
    # Within each pair of groups, strongest pairs first.
    order = np.lexsort((-scores[eligible], hi, lo))
    pairs = eligible[order]
    lo_s, hi_s = lo[order], hi[order]
    starts = np.flatnonzero(np.r_[True, (lo_s[1:] != lo_s[:-1]) | (hi_s[1:] != hi_s[:-1])])
    ends = np.r_[starts[1:], len(pairs)]
    kept = np.zeros(len(pairs), dtype=bool)
    # A pair of groups with one eligible pair keeps it; only the others need the greedy
    # one-to-one pairing, pair by pair (most pairs of groups have one). Only their records
    # become Python ints: all of them would be some 80 bytes a pair, half a gigabyte at a
    # million records.
    lone = ends - starts == 1
    kept[starts[lone]] = True
    first, last = starts[~lone], ends[~lone]
    lengths = last - first
    inside = np.repeat(first - np.cumsum(np.r_[0, lengths[:-1]]), lengths) + np.arange(
        int(lengths.sum())
    )
    left = a[pairs[inside]].tolist()
    right = b[pairs[inside]].tolist()
    at = 0
    for s, e in zip(first.tolist(), last.tolist(), strict=True):
        used: set[int] = set()
        for k in range(s, e):
            x, y = left[at], right[at]
            at += 1
            if x not in used and y not in used:
                used.add(x)
                used.add(y)
                kept[k] = True
    matched = np.add.reduceat(kept.astype(np.int64), starts)
    per_pair = np.repeat(matched, ends - starts)
    others = per_pair - 1
    small = np.minimum(sizes[lo_s], sizes[hi_s])
    delta = np.where(
        others >= 1,
        np.minimum(others * params.bonus, params.max_bonus),
        np.where(small >= 2, -params.lone_penalty, 0.0),
    )
    delta = np.where(kept, delta, -params.conflict_penalty)
    out[pairs] += delta
    return out


def describe_adjustment(delta: float, left_group: str, right_group: str) -> str:
    """What a co-traveller adjustment of ``delta`` bits says, for a reviewer."""
    if delta > 0:
        return "other members of these travel groups match each other too"
    if bool(left_group) != bool(right_group):
        return "one registered with a travel group, the other alone"
    return "the other members of these travel groups do not match"

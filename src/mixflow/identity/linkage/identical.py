"""Records identical in every field but their id: one registration written twice.

``dedupe`` (both engines) puts a group of two to eight of them together whatever their
scores, and counts such a group once in the crowd of its names (:func:`counted_once`).
Django-free.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from mixflow.identity.linkage.features import FeatureBlock
from mixflow.identity.linkage.records import LinkRecord

#: A row mask: True where the row counts.
Mask = npt.NDArray[np.bool_]

__all__ = [
    "MAX_IDENTICAL",
    "Mask",
    "counted_once",
    "identical_pairs",
    "identical_together",
    "identity_key",
]


def identical_pairs(
    records: Sequence[LinkRecord], block: FeatureBlock | None = None
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """``(first, other)`` index pairs of records equal in every field but the id.

    Given the records' features (``block``), only records whose features are all equal are
    compared field by field: equal records have equal features, and most records share their
    features with no other, so at national scale this skips almost every record.
    """
    if block is None:
        candidates: Iterable[int] = range(len(records))
    else:
        candidates = _same_features(block).tolist()
    groups: dict[tuple[object, ...], list[int]] = {}
    for i in candidates:
        groups.setdefault(identity_key(records[i]), []).append(i)
    pairs = [
        (rows[0], other)
        for rows in groups.values()
        if identical_together(len(rows))
        for other in rows[1:]
    ]
    pairs.sort(key=lambda p: p[1])  # in record order, as the records are read
    left = [p[0] for p in pairs]
    right = [p[1] for p in pairs]
    return np.array(left, dtype=np.int64), np.array(right, dtype=np.int64)


#: The most records identical in every field that are put together whatever their scores.
#: Two to a few are one registration repeated (the same person at one desk twice). Nine or
#: more are a crowd, as the name-set level counts one: at ten million records of common
#: names, "Abdol, male, AFG" with no date at one site is twenty to a hundred people, and
#: putting them together made most of the wrong pairs (BENCHMARKS.md, "Names in their
#: places; a crowd of identical records").
#: Such records are clustered by their scores like any others.
MAX_IDENTICAL: Final = 8


def identical_together(size: int) -> bool:
    """Whether a group of ``size`` records identical in every field is put together."""
    return 2 <= size <= MAX_IDENTICAL


def _same_features(block: FeatureBlock) -> npt.NDArray[np.int64]:
    """Rows (ascending) whose features equal another row's in every column."""
    n = len(block)
    if n < 2:
        return np.zeros(0, dtype=np.int64)
    columns: list[npt.NDArray[np.integer[Any]]] = [
        block.keys,
        block.year[:, None],
        block.month[:, None],
        block.day[:, None],
        block.precision[:, None],
        block.sex[:, None],
        block.nat,
        block.site[:, None],
        block.group[:, None],
        block.extra,
    ]
    # One hash per row: rows that collide are only compared for nothing, never missed.
    h = np.zeros(n, dtype=np.int64)
    for column in columns:
        values = column.astype(np.int64).reshape(n, -1)
        for j in range(values.shape[1]):
            h = h * np.int64(1_000_003) + values[:, j]
    _hashes, inverse, counts = np.unique(h, return_inverse=True, return_counts=True)
    return np.flatnonzero(counts[inverse.ravel()] > 1).astype(np.int64)


def identity_key(r: LinkRecord) -> tuple[object, ...]:
    """Every field of ``r`` but its id: records with equal keys are one registration twice."""
    return (
        r.given_name,
        r.father_name,
        r.family_name,
        r.sex,
        r.date_of_birth,
        r.nationality,
        r.other_nationalities,
        r.site,
        r.group_id,
        r.native_name,
        tuple(sorted(r.extra.items())),
    )


def counted_once(n: int, together: tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]) -> Mask:
    """Which of ``n`` rows count in the crowds of their names, given the groups of identical
    records put ``together`` (:func:`identical_pairs`): each group's first row only.

    The name-set and name-rarity levels count the records holding a name as the people who
    might hold it. A registration written ten times is one person, whom the matcher puts
    together by rule; counted ten times, their name reads as a crowd of namesakes and
    their other records (a slip, a short form, a missing sex) score as strangers'. Splink's
    ``historical_50k``, about ten records a person: F1 0.469 -> 0.520; generator 2, a
    registry's one to three: 0.761 -> 0.762 (BENCHMARKS.md, "A registration written
    twice, counted once"). Identical records in larger groups are not put together (a crowd
    of "Abdol, male, AFG" at one site is many people) and all count.
    """
    counted = np.ones(n, dtype=bool)
    counted[together[1]] = False
    return counted

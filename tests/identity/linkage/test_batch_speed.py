"""The batch's shortcuts give what the plain way gives."""

from __future__ import annotations

import numpy as np

from mixflow.identity.linkage import LinkRecord
from mixflow.identity.linkage.cluster import ClusterGuard, PairEvidence, cluster_pairs
from mixflow.identity.linkage.features import Encoder
from mixflow.identity.linkage.identical import identical_pairs


def _rec(rid: str, **fields: str) -> LinkRecord:
    base = {
        "given_name": "Jawad",
        "family_name": "Mohammadi",
        "sex": "male",
        "date_of_birth": "2000-08-06",
        "nationality": "AFG",
        "site": "IRN-TEH-RC",
    }
    base.update(fields)
    return LinkRecord(rid, **base)  # type: ignore[arg-type]


def test_identical_records_found_among_equal_features_are_the_plain_answer() -> None:
    records = [
        _rec("a"),
        _rec("b"),  # identical to a
        _rec("c", date_of_birth="1988"),
        _rec("d", date_of_birth="1988-01-01"),  # same features as c, another text
        _rec("e", native_name="جواد"),  # same features as a, another native name
        _rec("f"),  # identical to a and b
        _rec("g", given_name="Javad"),
        _rec("h", date_of_birth="1988"),  # identical to c
    ]
    block = Encoder().encode(records)
    fast = identical_pairs(records, block)
    plain = identical_pairs(records)
    assert [x.tolist() for x in fast] == [x.tolist() for x in plain] == [[0, 0, 2], [1, 5, 7]]


def test_clustering_joins_in_score_order_under_the_guard() -> None:
    # 0-1-2 one man at three registrations, 3 a woman namesake, 4 and 5 one travel group.
    left = np.array([0, 1, 2, 4, 0], dtype=np.int64)
    right = np.array([1, 2, 3, 5, 4], dtype=np.int64)
    scores = np.array([9.0, 8.0, 7.0, 6.0, 5.0])
    guard = ClusterGuard(
        group=np.array([0, 0, 0, 0, 1, 1], dtype=np.int32),
        sex=np.array([1, 1, 1, 2, 1, 1], dtype=np.int8),
        year=np.array([1990, 1990, 1991, 1990, 1990, 1990], dtype=np.int16),
        max_year_spread=3,
        reference_year=2026,
    )
    evidence = PairEvidence.of(6, left, right, scores, join=-2.0, unseen=-6.0)
    roots = cluster_pairs(6, left, right, scores, 30, guard, evidence=evidence)
    # The woman stays apart; the two members of one group are never one person; 4 joins
    # 0's cluster only if the average evidence holds (0-4 at 5, 1-4 and 2-4 never compared).
    assert roots.tolist() == [0, 0, 0, 3, 4, 5]

"""Co-traveller evidence and the clustering guard: travel groups, sex and birth years."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from mixflow.identity.linkage import dedupe, load_settings, pairwise_scores, read_records
from mixflow.identity.linkage.cluster import ClusterGuard, cluster_pairs
from mixflow.identity.linkage.cotravel import CoTravel, cotraveller_scores
from mixflow.identity.linkage.evaluate import read_clusters

from .test_dedupe import _linkage_data

PARAMS = CoTravel(
    floor=-8.0, bonus=4.0, max_bonus=12.0, lone_penalty=6.0, conflict_penalty=6.0, solo_penalty=4.0
)


def _i64(values: list[int]) -> npt.NDArray[np.int64]:
    return np.array(values, dtype=np.int64)


def test_matching_groups_boost_each_other_and_a_lone_match_is_demoted() -> None:
    # Records 0-2 travel in group 1, 3-5 in group 2 (the same family, registered again);
    # record 6 is in group 3 with 7, and 6 only resembles record 0.
    group = np.array([1, 1, 1, 2, 2, 2, 3, 3, 0], dtype=np.int32)
    a = _i64([0, 1, 2, 0, 6])
    b = _i64([3, 4, 5, 6, 8])
    scores = np.array([-1.0, -2.0, -3.0, 2.0, 2.0])
    out = cotraveller_scores(group, a, b, scores, PARAMS)
    # Each family pair has two other matching members: +8 each.
    assert out[:3].tolist() == [7.0, 6.0, 5.0]
    # 0-6: the only match between groups 1 and 3, both with other members.
    assert out[3] == 2.0 - 6.0
    # 6-8: one in a group, the other alone.
    assert out[4] == 2.0 - 4.0


def test_one_record_pairs_with_one_member_of_another_group() -> None:
    # Record 0 resembles both 2 and 3 of the other group: only the stronger pairing stands.
    group = np.array([1, 1, 2, 2], dtype=np.int32)
    a = _i64([0, 0, 1])
    b = _i64([2, 3, 3])
    scores = np.array([3.0, 1.0, 0.5])
    out = cotraveller_scores(group, a, b, scores, PARAMS)
    assert out[0] == 3.0 + 4.0  # 0-2 and 1-3 are the pairing: each has one other match
    assert out[2] == 0.5 + 4.0
    assert out[1] == 1.0 - 6.0  # 0-3 lost: 0 is already 2


def test_pairs_below_the_floor_or_without_groups_are_left_alone() -> None:
    group = np.array([1, 1, 2, 2, 0, 0], dtype=np.int32)
    a = _i64([0, 1, 4])
    b = _i64([2, 3, 5])
    scores = np.array([-20.0, -30.0, 1.5])
    out = cotraveller_scores(group, a, b, scores, PARAMS)
    assert out.tolist() == scores.tolist()


def _guard(
    group: list[int], sex: list[int], year: list[int], spread: int | None = 4
) -> ClusterGuard:
    return ClusterGuard(
        np.array(group, dtype=np.int32),
        np.array(sex, dtype=np.int8),
        np.array(year, dtype=np.int16),
        spread,
    )


@pytest.mark.parametrize(
    ("group", "sex", "year"),
    [
        ([7, 0, 7], [1, 1, 1], [1990, 1990, 1990]),  # two members of one travel group
        ([0, 0, 0], [1, 0, 2], [1990, 1990, 1990]),  # a man and a woman
        ([0, 0, 0], [1, 1, 1], [1988, 0, 1995]),  # born seven years apart
    ],
)
def test_the_guard_refuses_chaining_through_a_namesake(
    group: list[int], sex: list[int], year: list[int]
) -> None:
    # 0-1 and 1-2 both link; 0 and 2 cannot be one person, so the weaker link loses.
    left, right, scores = _i64([0, 1]), _i64([1, 2]), np.array([5.0, 3.0])
    chained = cluster_pairs(3, left, right, scores, max_size=10)
    assert chained.tolist() == [0, 0, 0]
    guarded = cluster_pairs(3, left, right, scores, 10, _guard(group, sex, year))
    assert guarded.tolist() == [0, 0, 2]


def test_the_guard_lets_compatible_records_join() -> None:
    guard = _guard([1, 0, 2], [1, 0, 1], [1990, 1993, 1989])
    roots = cluster_pairs(3, _i64([0, 1]), _i64([1, 2]), np.array([5.0, 3.0]), 10, guard)
    assert roots.tolist() == [0, 0, 0]
    # Without a year rule (FEBRL-like data), years never keep records apart.
    far = _guard([0, 0, 0], [0, 0, 0], [1950, 1990, 2020], spread=None)
    assert cluster_pairs(3, _i64([0, 1]), _i64([1, 2]), np.array([5.0, 3.0]), 10, far).tolist() == [
        0,
        0,
        0,
    ]


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("syn")
    _linkage_data().synthetic(out, 3000, seed=11)  # type: ignore[no-untyped-call]
    return out


def test_travel_groups_raise_precision_and_recall(synthetic: Path, tmp_path: Path) -> None:
    settings = load_settings()
    truth = read_clusters(synthetic / "truth.csv")
    with_groups = pairwise_scores(
        dedupe(list(read_records(synthetic / "input.csv")), settings).clusters, truth
    )
    blank = tmp_path / "no_groups.csv"
    with (synthetic / "input.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    with blank.open("w", encoding="utf-8", newline="") as g:
        writer = csv.DictWriter(g, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows({**row, "group_id": ""} for row in rows)
    without = pairwise_scores(dedupe(list(read_records(blank)), settings).clusters, truth)
    assert with_groups.precision > without.precision + 0.02, (with_groups, without)
    assert with_groups.recall > without.recall + 0.05, (with_groups, without)
    assert with_groups.f1 >= 0.85, with_groups


def test_review_pairs_explain_the_co_traveller_evidence(synthetic: Path) -> None:
    settings = load_settings()
    result = dedupe(list(read_records(synthetic / "input.csv")), settings)
    adjusted = [m for m in result.review if m.fields[-1].field == "co_travellers"]
    assert adjusted
    for match in adjusted:
        total = match.prior + sum(f.weight for f in match.fields)
        assert total == pytest.approx(match.score, abs=0.01)
        assert match.score >= settings.lower

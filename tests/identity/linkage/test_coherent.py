"""Clusters checked as a whole, identical records together, dates relative to age, and a
weight estimate that refuses instead of collapsing."""

from __future__ import annotations

import numpy as np
import pytest

from mixflow.identity.linkage import LinkRecord, compare, dedupe, fit, load_settings
from mixflow.identity.linkage.cluster import (
    ClusterGuard,
    PairEvidence,
    allowed_year_spread,
    cluster_pairs,
)
from mixflow.identity.linkage.compare import REFERENCE_YEAR
from mixflow.identity.linkage.model import FitRefused, bounded_em

SETTINGS = load_settings()


def _i64(values: list[int]) -> np.ndarray:
    return np.array(values, dtype=np.int64)


def test_a_chain_through_one_record_is_not_a_cluster() -> None:
    # 0–1 and 1–2 link strongly; 0 and 2 were never compared (names too different to block).
    left, right, scores = _i64([0, 1]), _i64([1, 2]), np.array([9.0, 8.0])
    chained = cluster_pairs(3, left, right, scores, 30)
    assert len(set(chained.tolist())) == 1
    evidence = PairEvidence.of(3, left, right, scores, join=0.0, unseen=-20.0)
    whole = cluster_pairs(3, left, right, scores, 30, evidence=evidence)
    assert whole.tolist() == [0, 0, 2]


def test_a_record_joins_when_the_whole_cluster_agrees() -> None:
    left, right = _i64([0, 1, 0]), _i64([1, 2, 2])
    scores = np.array([9.0, 8.0, 3.0])
    evidence = PairEvidence.of(3, left, right, scores, join=0.0, unseen=-20.0)
    assert cluster_pairs(3, left, right, scores, 30, evidence=evidence).tolist() == [0, 0, 0]
    # The third pair strongly disagrees: the average over the cluster keeps record 2 out.
    against = np.array([9.0, 8.0, -12.0])
    evidence = PairEvidence.of(3, left, right, against, join=0.0, unseen=-20.0)
    assert cluster_pairs(3, left, right, against, 30, evidence=evidence).tolist() == [0, 0, 2]


def test_identical_records_are_always_together() -> None:
    # Two identical registrations in one travel group: the group guard would keep them apart.
    guard = ClusterGuard(
        np.array([7, 7, 0], dtype=np.int32),
        np.zeros(3, dtype=np.int8),
        np.zeros(3, dtype=np.int16),
        4,
    )
    roots = cluster_pairs(
        3, _i64([]), _i64([]), np.zeros(0), 30, guard, together=(_i64([0]), _i64([1]))
    )
    assert roots.tolist() == [0, 0, 2]


def test_dedupe_keeps_identical_common_records_together() -> None:
    same = {
        "given_name": "Jawad",
        "family_name": "Mohammadi",
        "sex": "male",
        "date_of_birth": "2000-08-06",
        "nationality": "AFG",
        "site": "S1",
    }
    records = [LinkRecord(str(i), **same) for i in range(3)]
    # Many namesakes of other years make the name set common (negative name evidence).
    records += [
        LinkRecord(f"n{y}", given_name="Jawad", family_name="Mohammadi", date_of_birth=str(y))
        for y in range(1960, 2000)
    ]
    clusters = dedupe(records, SETTINGS).clusters
    assert clusters["0"] == clusters["1"] == clusters["2"]


@pytest.mark.parametrize(("size", "together"), [(8, True), (9, False)])
def test_a_crowd_of_identical_records_is_left_to_the_evidence(size: int, together: bool) -> None:
    """Up to eight records identical in every field are one registration repeated and put
    together whatever their scores; nine or more ("Abdol, male, AFG", no date, one site) are
    a crowd of namesakes, clustered by their scores. One name with no date is too little
    evidence to link on, so the crowd stays apart."""
    same = {"given_name": "Abdol", "sex": "male", "nationality": "AFG", "site": "S1"}
    records = [LinkRecord(f"c{i}", **same) for i in range(size)]
    # Other men of the same name, nationality and site, born in other years: a common name.
    records += [
        LinkRecord(f"n{y}", **same, date_of_birth=str(y), family_name=f"F{y % 7}")
        for y in range(1960, 2000)
    ]
    clusters = dedupe(records, SETTINGS).clusters
    crowd = {clusters[f"c{i}"] for i in range(size)}
    assert (len(crowd) == 1) is together, crowd


def test_a_small_child_years_apart_is_another_child() -> None:
    young = REFERENCE_YEAR - 3
    boy = LinkRecord("a", given_name="Yonas", family_name="Tesfay", sex="male")
    child_a = LinkRecord(**{**_fields(boy), "record_id": "a", "date_of_birth": f"{young}-09-23"})
    child_b = LinkRecord(
        **{**_fields(boy), "record_id": "b", "date_of_birth": f"{young - 4}-02-27"}
    )
    level = next(
        f.level for f in compare(child_a, child_b, SETTINGS).fields if f.field == "date_of_birth"
    )
    assert level == "years more than 4 apart"
    adult_a = LinkRecord(**{**_fields(boy), "record_id": "c", "date_of_birth": "1984"})
    adult_b = LinkRecord(**{**_fields(boy), "record_id": "d", "date_of_birth": "1981"})
    level = next(
        f.level for f in compare(adult_a, adult_b, SETTINGS).fields if f.field == "date_of_birth"
    )
    assert level == "years 2 to 4 apart"
    assert allowed_year_spread(3, 4) == 1
    assert allowed_year_spread(40, 4) == 4


def _fields(r: LinkRecord) -> dict[str, object]:
    return {
        "given_name": r.given_name,
        "family_name": r.family_name,
        "sex": r.sex,
    }


def test_fit_refuses_too_little_data() -> None:
    records = [LinkRecord(str(i), given_name="Ali", family_name="Hassan") for i in range(20)]
    with pytest.raises(FitRefused, match="too few"):
        fit(records, SETTINGS)


def test_em_refuses_when_everything_would_link() -> None:
    # Every candidate pair agrees on everything: nothing tells one person from two.
    best = [len(f.levels) - 1 for f in SETTINGS.fields]
    col = {f.name: j for j, f in enumerate(SETTINGS.fields)}
    best[col["group"]] = best[col["site"]] = 0
    levels = np.tile(np.array(best, dtype=np.int8), (5000, 1))
    with pytest.raises(FitRefused, match="everything"):
        bounded_em(levels, SETTINGS)


def test_travel_companions_pick_the_right_namesake() -> None:
    from mixflow.identity.linkage import LinkIndex

    def rec(rid: str, given: str, group: str) -> LinkRecord:
        return LinkRecord(
            rid,
            given_name=given,
            family_name="Hassan",
            sex="male" if given != "Fatima" else "female",
            date_of_birth="1990" if given == "Ali" else "1995",
            nationality="SDN",
            group_id=group,
        )

    index = LinkIndex(SETTINGS)
    index.add_many(
        [
            rec("other-ali", "Ali", "G2"),
            rec("other-mate", "Yusuf", "G2"),
            rec("right-ali", "Ali", "G1"),
            rec("right-mate", "Fatima", "G1"),
        ]
    )
    query = rec("q", "Ali", "")
    alone = index.query(query, limit=2)
    assert alone[0].record_id == "other-ali"  # namesakes tie: the earlier record comes first
    with_context = index.query(query, limit=2, companions=[rec("q2", "Fatima", "")])
    assert with_context[0].record_id == "right-ali"
    assert any(f.field == "co_travellers" for f in with_context[0].match.fields)
    assert with_context[0].match.score > alone[0].match.score


def test_pairs_never_compared_count_the_floor_in_a_cluster_average() -> None:
    """A person registered four times: two spellings, two records each, one bridge between
    them; the three other cross pairs share no block (a nickname, a surname dropped)."""
    from dataclasses import replace

    from mixflow.identity.linkage.dedupe import cluster_scored

    left, right = _i64([0, 2, 1]), _i64([1, 3, 2])
    scores = np.array([9.0, 9.0, 8.0])
    none = np.zeros(4, dtype=np.int32)
    args = (none, none.astype(np.int8), none.astype(np.int16), left, right, scores)
    apart = (_i64([]), _i64([]))
    assert SETTINGS.batch_link == -2.0
    # Counted at the review band's bottom, the bridge's average is (8 - 3 x 6) / 4 = -2.5.
    at_six = replace(SETTINGS, cluster_floor=-6.0)
    assert cluster_scored(*args, at_six, apart).tolist() == [0, 0, 2, 2]
    # At the shipped floor, (8 - 3 x 4) / 4 = -1: one person.
    assert SETTINGS.evidence_floor == -4.0
    assert cluster_scored(*args, SETTINGS, apart).tolist() == [0, 0, 0, 0]
    # A cross pair compared and scored far under the floor counts the floor, as if never
    # compared (not less); one scored over the floor counts its score.
    low = (none, none.astype(np.int8), none.astype(np.int16))
    pairs = (_i64([0, 2, 1, 0]), _i64([1, 3, 2, 3]))
    strict = replace(SETTINGS, batch_link=-0.99)  # (8 - 3 x 4) / 4 = -1 is now under it
    assert cluster_scored(*args, strict, apart).tolist() == [0, 0, 2, 2]
    far = np.array([9.0, 9.0, 8.0, -30.0])
    assert cluster_scored(*low, *pairs, far, strict, apart).tolist() == [0, 0, 2, 2]
    near = np.array([9.0, 9.0, 8.0, -3.9])  # (8 - 3.9 - 4 - 4) / 4 = -0.975
    assert cluster_scored(*low, *pairs, near, strict, apart).tolist() == [0, 0, 0, 0]

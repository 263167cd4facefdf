"""Records identical in every field: put together by rule, counted once in their names' crowd."""

from __future__ import annotations

import numpy as np

from mixflow.identity.linkage import LinkRecord, dedupe, load_settings
from mixflow.identity.linkage.identical import MAX_IDENTICAL, counted_once, identical_pairs

SETTINGS = load_settings()


def _rec(rid: str, **fields: str) -> LinkRecord:
    base = {
        "given_name": "Thomas",
        "father_name": "",
        "family_name": "Chudleigh",
        "sex": "male",
        "date_of_birth": "",
        "nationality": "",
        "site": "Agadez",
    }
    base.update(fields)
    return LinkRecord(rid, **base)  # type: ignore[arg-type]


def test_each_group_put_together_counts_once() -> None:
    records = [_rec("a"), _rec("b"), _rec("c", site="Arlit"), _rec("d"), _rec("e", site="Arlit")]
    together = identical_pairs(records)
    assert together[0].tolist() == [0, 0, 2]
    assert together[1].tolist() == [1, 3, 4]
    assert counted_once(len(records), together).tolist() == [True, False, True, False, False]


def test_a_crowd_too_large_to_put_together_counts_whole() -> None:
    records = [_rec(str(i)) for i in range(MAX_IDENTICAL + 1)]
    assert counted_once(len(records), identical_pairs(records)).all()


def test_a_registration_written_six_times_is_no_crowd_of_namesakes() -> None:
    # One man registered six times at one desk, then once more with his sex left blank:
    # counted as six holders of his name, the seventh record scored as a namesake's and
    # stayed apart (-3.2 bits); counted once, his name is held by two records.
    same = [_rec(f"r{i}") for i in range(6)]
    again = _rec("r6", sex="")
    clusters = dedupe([*same, again], SETTINGS, review_limit=0).clusters
    assert clusters["r6"] == clusters["r0"]


def test_six_namesakes_at_six_sites_are_still_a_crowd() -> None:
    sites = ["Agadez", "Arlit", "Dirkou", "Tahoua", "Zinder", "Niamey"]
    namesakes = [_rec(f"r{i}", site=site) for i, site in enumerate(sites)]
    again = _rec("r6", sex="")
    clusters = dedupe([*namesakes, again], SETTINGS, review_limit=0).clusters
    assert clusters["r6"] == "r6"
    assert np.unique(list(clusters.values())).size == 7

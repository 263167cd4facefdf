"""Evidence that carries over to data nobody here generated (issue 11, fourth round): rivals
of names shared in part, oversized blocks compared by sorted neighbourhood."""

from __future__ import annotations

import itertools
import json
import math
from pathlib import Path

import numpy as np
import pytest

from mixflow.identity.linkage import LinkRecord, LinkSettings, load_settings
from mixflow.identity.linkage import settings as linkage_settings
from mixflow.identity.linkage.blocking import (
    birth_order,
    block_entries,
    candidate_pairs,
    pairs_in_blocks,
)
from mixflow.identity.linkage.compare import (
    RIVALS_MIN_RECORDS,
    Comparer,
    name_pair_counts,
    population,
)
from mixflow.identity.linkage.features import Encoder, all_name_pair_years

SETTINGS = load_settings()
SETTINGS_DIR = Path(linkage_settings.__file__).parent / "settings"


def _filler(count: int) -> list[LinkRecord]:
    """Records of made-up, all different names: the crowd a pair is counted in."""
    letters = "bdfgklmnprstvz"
    words = ("".join(p) + "ano" for p in itertools.product(letters, repeat=3))
    out = []
    for i, word in zip(range(count), words, strict=False):
        out.append(
            LinkRecord(
                record_id=f"f{i}",
                given_name=word.title(),
                family_name=(word[::-1] + "ez").title(),
                date_of_birth=str(1950 + i % 50),
            )
        )
    return out


def _ali(record_id: str, father: str = "", year: str = "1974") -> LinkRecord:
    return LinkRecord(
        record_id=record_id,
        given_name="Ali",
        father_name=father,
        family_name="Mohammadi",
        sex="male",
        date_of_birth=year,
        nationality="AFG",
    )


def _levels(
    records: list[LinkRecord], i: int, j: int, settings: LinkSettings = SETTINGS
) -> dict[str, str]:
    """Each field's level for records ``i`` and ``j``, compared among all of ``records``."""
    block = Encoder().encode(records)
    comparer = Comparer(settings, *population(block), rivals=name_pair_counts(block))
    levels = comparer.levels(block, np.array([i]), block, np.array([j]))
    return {
        f.name: f.levels[int(level)] for f, level in zip(settings.fields, levels[0], strict=True)
    }


def _name_set_level(records: list[LinkRecord], i: int, j: int) -> str:
    return _levels(records, i, j)["name_set"]


def test_names_shared_in_part_are_counted_among_those_born_that_year() -> None:
    # "Ali Mohammadi" and "Ali Reza Mohammadi", both 1974: the only two such records.
    crowd = _filler(RIVALS_MIN_RECORDS)
    pair = [_ali("a"), _ali("b", father="Reza")]
    assert _name_set_level(pair + crowd, 0, 1) == "same names, found only in these two records"
    # Ten more men called Ali Mohammadi born in 1974 (other father's names): common.
    others = [
        _ali(f"o{k}", father=f)
        for k, f in enumerate(
            [
                "Karim",
                "Jawad",
                "Hamid",
                "Nasir",
                "Bashir",
                "Zaman",
                "Rahim",
                "Sharif",
                "Qasim",
                "Latif",
            ]
        )
    ]
    assert _name_set_level(pair + others + crowd, 0, 1) == "same names, shared by 9 records or more"


@pytest.mark.parametrize(
    ("holders", "level"),
    [
        (12, "same names, shared by 9 records or more"),
        (20, "same names, shared by 17 to 32 records"),
        (40, "same names, shared by 33 to 64 records"),
        (100, "same names, shared by 65 records or more"),
    ],
)
def test_a_crowded_name_set_counts_for_less_the_more_records_carry_it(
    holders: int, level: str
) -> None:
    """Two of twelve "Ali Mohammadi, 1974" may well be one man; two of a hundred, hardly:
    past 16 holders each doubling halves the odds (a bit less weight)."""
    same = [_ali(f"h{k}") for k in range(holders)]
    assert _name_set_level(same + _filler(RIVALS_MIN_RECORDS), 0, 1) == level
    field = SETTINGS.field("name_set")
    weight = {
        name: math.log2(m / u)
        for name, m, u in zip(field.levels[1:], field.m[1:], field.u[1:], strict=True)
    }
    steps = {
        "same names, shared by 9 records or more": 0,
        "same names, shared by 17 to 32 records": 1,
        "same names, shared by 33 to 64 records": 2,
        "same names, shared by 65 records or more": 3,
    }
    assert weight[level] == pytest.approx(
        weight["same names, shared by 9 records or more"] - steps[level], abs=1e-6
    )


def test_settings_with_one_level_for_crowded_name_sets_weigh_them_as_before() -> None:
    """v1, and settings learned and stored before, list five name-set levels: every name
    set carried by 9 records or more weighs what their "9 or more" did."""
    v1 = load_settings("v1")
    raw = json.loads((SETTINGS_DIR / "v1.json").read_text(encoding="utf-8"))
    old = next(f for f in raw["fields"] if f["name"] == "name_set")
    field = v1.field("name_set")
    assert len(field.levels) == len(field.m) == 8
    before = math.log2(old["m"][1] / old["u"][1])
    for name, m, u in zip(field.levels, field.m, field.u, strict=True):
        if "9 records or more" in name or "17 to" in name or "33 to" in name or "65 rec" in name:
            assert math.log2(m / u) == pytest.approx(before)
    assert sum(field.m[1:]) == pytest.approx(sum(old["m"][1:]))


def test_settings_with_eight_name_levels_weigh_the_later_levels_as_those_split() -> None:
    """v1 lists the name levels from before "one name shared, two or more others on each
    side" and the two "not a common name" ones: each of them weighs what the level it was
    split from did, and so does that level. v1 reads one shared name's rarity in the
    name-rarity field, as it was measured."""
    v1 = load_settings("v1")
    raw = json.loads((SETTINGS_DIR / "v1.json").read_text(encoding="utf-8"))
    old = next(f for f in raw["fields"] if f["name"] == "name")
    field = v1.field("name")
    assert len(field.levels) == len(field.m) == len(old["m"]) + 3
    one_token = math.log2(old["m"][2] / old["u"][2])
    one_name = math.log2(old["m"][3] / old["u"][3])
    weights = dict(zip(field.levels, field.weights(), strict=True))
    for level in (
        "one token shared",
        "one name shared, two or more others on each side",
        "one token shared, not a common name",
    ):
        assert weights[level] == pytest.approx(one_token)
    for level in (
        "one-name person, name shared",
        "one-name person, name shared, not a common name",
    ):
        assert weights[level] == pytest.approx(one_name)
    assert sum(field.m[1:]) == pytest.approx(sum(old["m"][1:]))
    assert not v1.one_name_rarity


def test_settings_with_nine_name_levels_split_the_two_levels_of_one_shared_name() -> None:
    """Settings stored with nine name levels (v2 before the split, learned versions made
    from it) get the two "not a common name" levels, weighed as the levels they come from."""
    data = load_settings().to_dict()
    name = next(f for f in data["fields"] if f["name"] == "name")
    for key in ("m", "u"):
        name[key] = name[key][:9]
    name["levels"] = name["levels"][:9]
    del data["one_name_rarity"]
    stored = LinkSettings.from_dict(data)
    weights = dict(zip(stored.field("name").levels, stored.field("name").weights(), strict=True))
    assert weights["one token shared, not a common name"] == pytest.approx(
        weights["one token shared"]
    )
    assert weights["one-name person, name shared, not a common name"] == pytest.approx(
        weights["one-name person, name shared"]
    )
    assert not stored.one_name_rarity
    assert LinkSettings.from_dict(load_settings().to_dict()).one_name_rarity


def test_rivals_are_not_counted_in_a_handful_of_records() -> None:
    # In six records every pair of names is "found only in these two": it says nothing.
    block = Encoder().encode([_ali("a"), _ali("b", father="Reza")])
    assert name_pair_counts(block) is None
    assert _name_set_level([_ali("a"), _ali("b", father="Reza")], 0, 1) == "missing"


def test_an_oversized_block_is_compared_with_neighbours_by_birth_date() -> None:
    records = [
        LinkRecord(
            record_id=str(i),
            given_name="Mamadou",
            family_name="Diallo",
            sex="male",
            date_of_birth=f"{1950 + i}-03-0{1 + i % 9}",
        )
        for i in range(60)
    ]
    block = Encoder().encode(records)
    a, b = candidate_pairs(block, ("name_pair",), 50, {}, 0)
    assert len(a) == 0  # over the cap: skipped
    a, b = candidate_pairs(block, ("name_pair",), 50, {}, 2)
    pairs = set(zip(a.tolist(), b.tolist(), strict=True))
    # Each man beside the two born after him: 59 + 58 pairs, none further apart.
    assert len(pairs) == 59 + 58
    assert {(10, 11), (10, 12)} <= pairs
    assert (10, 13) not in pairs


def test_neighbours_do_not_depend_on_the_order_entries_arrive_in() -> None:
    # Twenty namesakes known only by their birth year: every one ties with the others. The
    # Spark engine gathers a block's entries from its partitions in any order; it must be
    # given the same neighbours as the in-process engine.
    records = [
        LinkRecord(str(i), given_name="Mamadou", family_name="Diallo", date_of_birth="1990")
        for i in range(20)
    ]
    block = Encoder().encode(records)
    rows, ids = block_entries(block, "name_pair", 0, {})
    key = birth_order(block)

    def neighbours(order: np.ndarray) -> set[tuple[int, int]]:
        got = pairs_in_blocks(rows[order], ids[order], 5, key, 2)
        return {p for a, b in got for p in zip(a.tolist(), b.tolist(), strict=True)}

    first = neighbours(np.arange(len(rows)))
    assert len(first) == 19 + 18
    for seed in range(3):
        assert neighbours(np.random.default_rng(seed).permutation(len(rows))) == first


def test_a_name_key_repeated_in_one_record_counts_that_record_once() -> None:
    # Mohammad and Mohammadi share a loose key: the record holds (Ali, Mohammad) once.
    block = Encoder().encode([_ali("a", father="Mohammad")])
    assert len(all_name_pair_years(block.loose, block.year)) == 1


def _one_name_levels(records: list[LinkRecord], settings: LinkSettings) -> tuple[str, str]:
    """The name and name-rarity levels of the first two of ``records``, among them all."""
    levels = _levels(records, 0, 1, settings)
    return levels["name"], levels["name_rarity"]


def test_how_common_one_shared_name_is_chooses_the_name_level() -> None:
    """Two records sharing one name only: v2 weighs how common that name is in the name
    level and not in the name-rarity field; v1, measured the other way, keeps it there."""
    pair = [
        LinkRecord(record_id="a", given_name="Yusleidy", family_name="Pérez", sex="female"),
        LinkRecord(record_id="b", given_name="Yusleidy", family_name="Gómez", sex="female"),
    ]
    crowd = _filler(200)
    # Two holders among 202 records: 6.7 bits, not a common name.
    assert _one_name_levels(pair + crowd, SETTINGS) == (
        "one token shared, not a common name",
        "missing",
    )
    # Forty more women called Yusleidy: 2.5 bits, a common name.
    namesakes = [
        LinkRecord(record_id=f"y{k}", given_name="Yusleidy", family_name=f.family_name)
        for k, f in enumerate(crowd[:40])
    ]
    assert _one_name_levels(pair + crowd + namesakes, SETTINGS) == ("one token shared", "missing")
    weights = dict(
        zip(SETTINGS.field("name").levels, SETTINGS.field("name").weights(), strict=True)
    )
    assert weights["one token shared, not a common name"] > weights["one token shared"] + 1
    # Known by one name: "Abdol" and "Abdol Karimi".
    one_name = [
        LinkRecord(record_id="a", given_name="Abdol", sex="male"),
        LinkRecord(record_id="b", given_name="Abdol", family_name="Karimi", sex="male"),
    ]
    assert _one_name_levels(one_name + crowd, SETTINGS) == (
        "one-name person, name shared, not a common name",
        "missing",
    )
    v1 = load_settings("v1")
    name, rarity = _one_name_levels(pair + crowd, v1)
    assert name == "one token shared"
    assert rarity != "missing"

"""The desk's lookup with what the officer knows: site, date and travel companions."""

from __future__ import annotations

import datetime
from pathlib import Path

import numpy as np

from mixflow.identity.linkage import LinkIndex, LinkRecord, load_settings, read_records
from mixflow.identity.linkage.trail import UNKNOWN_DAY, day_number, estimate_trail, trail_bits

SETTINGS = load_settings()
TODAY = datetime.date(2026, 6, 1)


def _ali(rid: str, site: str, days_ago: int | None, born: str = "1990") -> LinkRecord:
    on = "" if days_ago is None else (TODAY - datetime.timedelta(days=days_ago)).isoformat()
    return LinkRecord(
        rid,
        given_name="Ali",
        family_name="Hassan",
        sex="male",
        date_of_birth=born,
        nationality="SDN",
        site=site,
        registered_on=on,
    )


def _travellers(n: int, first: str, then: str) -> list[LinkRecord]:
    """``n`` different people, each registered at ``first`` and twelve days later at ``then``:
    the pairs the index takes as surely one person (same names, sex and exact birth date)."""
    out: list[LinkRecord] = []
    for i in range(n):
        for k, (site, days_ago) in enumerate(((first, 200 + i), (then, 188 + i))):
            out.append(
                LinkRecord(
                    f"t{i}-{k}",
                    given_name=f"Traveller{chr(65 + i % 26)}{chr(65 + i // 26)}",
                    family_name="Routeson",
                    sex="female",
                    date_of_birth=f"1980-03-{1 + i % 28:02d}",
                    nationality="ERI",
                    site=site,
                    registered_on=(TODAY - datetime.timedelta(days=days_ago)).isoformat(),
                )
            )
    return out


def test_a_namesake_registered_days_ago_comes_before_one_registered_years_ago() -> None:
    index = LinkIndex(SETTINGS)
    index.add_many([_ali("long-ago", "SDN-KRT-BUS", 700), _ali("recent", "SDN-KRT-BUS", 9)])
    query = _ali("q", "", None)
    plain = index.query(query, limit=2)
    assert [c.record_id for c in plain] == ["long-ago", "recent"]  # a tie: first added first
    assert not any(f.field.startswith("seen_") for c in plain for f in c.match.fields)
    dated = index.query(query, limit=2, when=TODAY)
    assert [c.record_id for c in dated] == ["recent", "long-ago"]
    recent = {f.field: f for f in dated[0].match.fields}["seen_when"]
    assert recent.weight > 0
    assert recent.left == TODAY.isoformat()
    assert {f.field: f for f in dated[1].match.fields}["seen_when"].weight < 0
    assert dated[0].match.score > plain[1].match.score


def test_a_namesake_at_a_site_people_come_from_comes_first() -> None:
    index = LinkIndex(SETTINGS)
    index.add_many(_travellers(30, "LBY-TIP-HUB", "TUN-SFX-PRT"))
    index.add_many([_ali("elsewhere", "COL-NEC-TH", 30), _ali("on-the-route", "LBY-TIP-HUB", 30)])
    query = _ali("q", "", None)
    assert index.query(query, limit=1)[0].record_id == "elsewhere"
    found = index.query(query, limit=2, where="TUN-SFX-PRT")
    assert [c.record_id for c in found] == ["on-the-route", "elsewhere"]
    where = {f.field: f for f in found[0].match.fields}["seen_where"]
    assert where.weight > 0
    assert (where.left, where.right) == ("TUN-SFX-PRT", "LBY-TIP-HUB")
    # A site the index has never seen says nothing.
    unknown = index.query(query, limit=2, where="XXX-NEW-SITE")
    assert not any(f.field == "seen_where" for c in unknown for f in c.match.fields)


def test_the_evidence_is_bounded_and_falls_back_on_the_priors() -> None:
    sites = np.array([1, 2], dtype=np.int32)
    empty = estimate_trail(
        np.zeros(0, np.int64),
        np.zeros(0, np.int8),
        np.zeros(0, np.int16),
        np.zeros(0, np.int8),
        np.zeros(0, np.int8),
        np.zeros(0, np.int8),
        np.zeros(0, np.int32),
        np.zeros(0, np.int32),
        np.zeros(0, bool),
    )
    assert empty.sure_pairs == 0
    when, where = trail_bits(
        empty, 1, day_number(TODAY), sites, np.array([day_number(TODAY), UNKNOWN_DAY], np.int32)
    )
    assert -4.0 <= when[0] <= 5.0
    assert when[1] == 0.0
    assert (where == 0.0).all()  # no site is known to an empty index


def test_registration_dates_are_read_from_the_file_and_bad_ones_ignored(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text(
        "record_id,given_name,registered_on\nA,Ali,2026-05-01\nB,Omar,2026-02-30\nC,Sara,\n",
        encoding="utf-8",
    )
    got = {r.record_id: r.registered_on for r in read_records(path)}
    assert got == {"A": "2026-05-01", "B": "", "C": ""}
    assert day_number("2026-05-01") - day_number(datetime.date(2026, 4, 30)) == 1
    assert day_number("") == UNKNOWN_DAY


def test_capped_blocks_keep_the_most_recent_registrations() -> None:
    from mixflow.identity.linkage import index as index_module

    cap = index_module.ONLINE_BLOCK_CAP
    index_module.ONLINE_BLOCK_CAP = 3
    try:
        index = LinkIndex(SETTINGS)
        index.add_many(
            [_ali(f"old{i}", "SDN-KRT-BUS", 600 + i) for i in range(1001)]
            + [_ali("newest", "SDN-KRT-BUS", 1)]
        )
        _query, rows = index.candidates(_ali("q", "", None))
        assert index._row_of["newest"] in rows.tolist()
    finally:
        index_module.ONLINE_BLOCK_CAP = cap


def test_an_indexed_companion_says_nothing_about_the_groups_it_is_in_itself() -> None:
    # A saved registration asked about with its saved group mates as companions: the mate's
    # own record makes its group look like the candidate's companions, which only says that
    # the candidate is in the group being asked about.
    def rec(rid: str, given: str, group: str) -> LinkRecord:
        return LinkRecord(
            rid,
            given_name=given,
            family_name="Hassan",
            sex="female" if given == "Fatima" else "male",
            date_of_birth="1990",
            nationality="SDN",
            group_id=group,
        )

    index = LinkIndex(SETTINGS)
    fatima = rec("fatima", "Fatima", "G1")
    index.add_many([rec("ali", "Ali", "G1"), fatima])
    query = rec("q", "Ali", "")

    def bonus(companion: LinkRecord) -> float:
        (found,) = [c for c in index.query(query, companions=[companion]) if c.record_id == "ali"]
        return sum(f.weight for f in found.match.fields if f.field == "co_travellers")

    assert bonus(rec("at-the-desk", "Fatima", "")) > 0  # a companion named at the desk
    assert bonus(fatima) == 0.0  # the companion's own indexed record

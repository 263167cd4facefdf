"""The synthetic data generator: deterministic, valid codes, and the name realities of the field."""

from __future__ import annotations

import csv
import hashlib
from collections import defaultdict
from pathlib import Path
from typing import Any

import pycountry
import pytest

from mixflow.lib import vocabularies as v
from mixflow.testing.synthetic import generate
from mixflow.testing.synthetic.routes import read_sites


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _digest(directory: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(directory.glob("*.csv")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def data(tmp_path_factory: Any) -> Path:
    out = Path(tmp_path_factory.mktemp("synthetic"))
    generate(out, people=5000, seed=11)
    return out


def test_same_seed_same_bytes_other_seed_other_data(tmp_path: Path, data: Path) -> None:
    generate(tmp_path / "again", people=5000, seed=11)
    generate(tmp_path / "other", people=5000, seed=12)
    assert _digest(tmp_path / "again") == _digest(data)
    assert _digest(tmp_path / "other") != _digest(data)


def test_result_counts_match_the_files(tmp_path: Path) -> None:
    result = generate(tmp_path, people=800, seed=3)
    assert result.people >= 800
    assert result.records == len(_rows(tmp_path / "records.csv"))
    assert result.encounters == len(_rows(tmp_path / "encounters.csv"))
    assert result.groups == len(_rows(tmp_path / "groups.csv"))
    assert result.flow_counts == len(_rows(tmp_path / "flow_counts.csv"))
    assert result.consents == len(_rows(tmp_path / "consents.csv"))
    assert result.people == len({r["person_id"] for r in _rows(tmp_path / "truth.csv")})


def test_every_code_is_in_its_vocabulary(data: Path) -> None:
    sites = {s.code for s in read_sites()}
    organisations = {r["code"] for r in _rows(data / "organisations.csv")}
    for record in _rows(data / "records.csv"):
        assert record["sex"] in v.Sex.values
        assert record["dob_precision"] in v.DatePrecision.values
        assert pycountry.countries.get(alpha_3=record["nationality"]) is not None
        assert record["site"] in sites
        assert record["organisation"] in organisations
        assert not record["relationship"] or record["relationship"] in v.Relationship.values
    for encounter in _rows(data / "encounters.csv"):
        assert encounter["kind"] in v.EncounterKind.values
        for code in filter(None, encounter["reasons"].split(";")):
            assert code in v.ReasonForLeaving.values
        for code in filter(None, encounter["transport"].split(";")):
            assert code in v.Transport.values
        for code in filter(None, encounter["trafficking_indicators"].split(";")):
            assert code in v.TraffickingIndicator.values
        for code in filter(None, encounter["violence_incidents"].split(";")):
            assert code in v.ViolenceIncident.values
    for consent in _rows(data / "consents.csv"):
        assert consent["purpose"] in v.ConsentPurpose.values
        assert consent["method"] in v.ConsentMethod.values
    for group in _rows(data / "groups.csv"):
        assert group["kind"] in v.GroupKind.values


def test_flow_counts_add_up(data: Path) -> None:
    for row in _rows(data / "flow_counts.csv"):
        parts = sum(int(row[k]) for k in ("men", "women", "boys", "girls"))
        assert parts == int(row["group_size"])
        assert row["direction"] in v.Direction.values


def test_groups_have_one_head_and_children_travel_alone_or_separated(data: Path) -> None:
    records = _rows(data / "records.csv")
    heads: dict[str, int] = defaultdict(int)
    for record in records:
        if record["group_id"]:
            heads[record["group_id"]] += record["relationship"] == "head"
    assert set(heads.values()) == {1}
    separated = [r for r in records if r["relationship"] in ("other_relative", "non_relative")]
    assert separated
    alone_children = [
        r
        for r in records
        if not r["group_id"]
        and r["date_of_birth"][:4].isdigit()
        and int(r["date_of_birth"][:4]) >= 2009
    ]
    assert len(alone_children) > 0.01 * len(records)


def test_repeat_records_carry_the_field_s_name_and_date_realities(data: Path) -> None:
    records = {r["record_id"]: r for r in _rows(data / "records.csv")}
    by_person: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in _rows(data / "truth.csv"):
        by_person[row["person_id"]].append(records[row["record_id"]])
    repeated = [rs for rs in by_person.values() if len(rs) > 1]
    assert len(repeated) > 0.25 * len(by_person)
    pairs = [(rs[0], other) for rs in repeated for other in rs[1:]]
    renamed = sum(
        (a["given_name"], a["family_name"], a["father_name"])
        != (b["given_name"], b["family_name"], b["father_name"])
        for a, b in pairs
    )
    other_nationality = sum(a["nationality"] != b["nationality"] for a, b in pairs)
    assert 0.2 < renamed / len(pairs) < 0.8
    assert 0.02 < other_nationality / len(pairs) < 0.2
    all_records = list(records.values())
    placeholders = sum(r["date_of_birth"].endswith("-01-01") for r in all_records)
    year_only = sum(len(r["date_of_birth"]) == 4 for r in all_records)
    one_name = sum(not r["family_name"] and not r["father_name"] for r in all_records)
    native = sum(bool(r["name_native"]) for r in all_records)
    assert 0.08 < placeholders / len(all_records) < 0.25
    assert 0.15 < year_only / len(all_records) < 0.45
    assert one_name > 0
    assert native > 0


def test_routes_limit_the_sites(tmp_path: Path) -> None:
    generate(tmp_path, people=300, seed=5, routes=["americas"])
    americas = {s.code for s in read_sites() if "americas" in s.routes}
    assert {r["site"] for r in _rows(tmp_path / "records.csv")} <= americas
    with pytest.raises(ValueError, match="Unknown route"):
        generate(tmp_path / "x", people=10, seed=5, routes=["atlantis"])


def test_demo_routes_have_about_twenty_sites() -> None:
    demo = [s for s in read_sites() if {"central_med", "americas"} & set(s.routes)]
    assert 18 <= len(demo) <= 22


def test_site_fixture_is_valid() -> None:
    areas = {
        r["code"]
        for r in _rows(Path(v.__file__).parents[1] / "geo" / "data" / "route_admin_areas.csv")
    }
    with (Path(v.__file__).parents[1] / "geo" / "data" / "route_sites.csv").open(
        encoding="utf-8"
    ) as f:
        for row in csv.DictReader(f):
            assert row["kind"] in v.SiteKind.values
            assert row["area"] in areas
            assert -90 <= float(row["latitude"]) <= 90
            assert -180 <= float(row["longitude"]) <= 180
            assert pycountry.countries.get(alpha_3=row["country"]) is not None

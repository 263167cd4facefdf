"""Batch deduplication of registries too small to have a candidate pair."""

from __future__ import annotations

import csv
from pathlib import Path

from mixflow.identity.linkage import LinkRecord, dedupe, load_settings
from mixflow.testing.synthetic import generate


def test_a_single_record_is_its_own_cluster() -> None:
    result = dedupe([LinkRecord("1", given_name="Amina", family_name="Idris")], load_settings())
    assert result.clusters == {"1": "1"}


def test_records_sharing_no_key_stay_apart() -> None:
    records = [
        LinkRecord("1", given_name="Amina", family_name="Idris"),
        LinkRecord("2", given_name="Tesfay", family_name="Haile"),
    ]
    result = dedupe(records, load_settings())
    assert result.clusters["1"] != result.clusters["2"]


def test_every_organisation_of_a_small_registry_is_deduplicated(tmp_path: Path) -> None:
    """The demo's smallest organisations have a handful of records, some in no shared block."""
    generate(tmp_path, people=300, seed=2026, routes=["central_med", "americas"])
    by_organisation: dict[str, list[LinkRecord]] = {}
    with (tmp_path / "records.csv").open(newline="", encoding="utf-8") as source:
        for row in csv.DictReader(source):
            by_organisation.setdefault(row["organisation"], []).append(
                LinkRecord(
                    row["record_id"],
                    given_name=row["given_name"],
                    family_name=row["family_name"],
                    date_of_birth=row["date_of_birth"][:4],
                )
            )
    settings = load_settings()
    for records in by_organisation.values():
        clusters = dedupe(records, settings).clusters
        assert set(clusters) == {r.record_id for r in records}

"""The Splink baseline runs end to end on a small set and its F1 counter is right."""

from __future__ import annotations

import csv
import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def _load(name: str, path: Path) -> Any:
    # benchmarks/ is scripts, not an installed package: load the files by path.
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


baseline = _load("splink_baseline", BENCHMARKS / "baselines" / "splink_baseline.py")
pairwise_f1 = baseline.pairwise_f1


def _write(path: Path, rows: list[tuple[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["record_id", "cluster_id"])
        writer.writerows(rows)
    return path


def test_pairwise_f1_counts_pairs_from_cluster_sizes(tmp_path: Path) -> None:
    # Truth: {a,b,c} and {d,e}: 3 + 1 = 4 true pairs.
    truth = _write(
        tmp_path / "truth.csv", [("a", "1"), ("b", "1"), ("c", "1"), ("d", "2"), ("e", "2")]
    )
    # Predicted: {a,b} and {c,d}, e missing (a singleton): 2 pairs, only a-b right.
    clusters = _write(tmp_path / "clusters.csv", [("a", "x"), ("b", "x"), ("c", "y"), ("d", "y")])
    scores = pairwise_f1(clusters, truth)
    assert scores["precision"] == 0.5
    assert scores["recall"] == 0.25
    assert scores["f1"] == pytest.approx(2 * 0.5 * 0.25 / 0.75, abs=1e-4)
    assert pairwise_f1(truth, truth)["f1"] == 1.0


def _synthetic(out: Path, records: int) -> None:
    _load("linkage_data", BENCHMARKS / "linkage_data.py").synthetic(out, records, seed=7)


def test_splink_dedupe_clusters_every_record(tmp_path: Path) -> None:
    pytest.importorskip("splink")
    data = tmp_path / "syn"
    _synthetic(data, 300)
    out = tmp_path / "clusters.csv"
    figures = baseline.splink_dedupe(data / "input.csv", out)
    with (data / "input.csv").open(newline="", encoding="utf-8") as f:
        input_ids = [row["record_id"] for row in csv.DictReader(f)]
    with out.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert sorted(r["record_id"] for r in rows) == sorted(input_ids)
    assert all(r["cluster_id"] for r in rows)
    assert figures["records"] == len(input_ids)
    assert figures["pairs"] >= 0
    scores = pairwise_f1(out, data / "truth.csv")
    assert 0.0 <= scores["f1"] <= 1.0
    assert scores["true_pairs"] > 0

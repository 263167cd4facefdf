"""Clustering and threshold variants of the matcher, mean and worst F1 over generator-2 sets.

Measures how much the clustering rule and the batch threshold matter once the evidence is
fixed (third round of issue 11). The sets are those written by ``linkage_generalise.py``
(``DIR/<config>_<people>_<seed>``); nothing here is fitted on them, and the variants are
experiments, not settings the project ships.

Usage: python benchmarks/linkage_variants.py DIR [--people 6000] [--seed 5]
                                             [--variants average,unseen-4,complete,median]
                                             [--thresholds -2]
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
from collections.abc import Callable
from pathlib import Path

import numpy as np

from mixflow.identity.linkage import cluster, dedupe, load_settings, pairwise_scores, read_records
from mixflow.identity.linkage.evaluate import read_clusters

Rule = Callable[[cluster.PairEvidence, list[int], list[int]], float]
AVERAGE: Rule = cluster.PairEvidence.mean_between


def _cross(ev: cluster.PairEvidence, left: list[int], right: list[int]) -> np.ndarray:
    la = np.asarray(left, dtype=np.int64)[:, None]
    rb = np.asarray(right, dtype=np.int64)[None, :]
    want = (np.minimum(la, rb) * ev.n + np.maximum(la, rb)).ravel()
    at = np.minimum(np.searchsorted(ev.codes, want), len(ev.codes) - 1)
    return np.where(ev.codes[at] == want, ev.scores[at], np.nan)


def _unseen_at(value: float) -> Rule:
    return lambda ev, le, ri: float(np.nan_to_num(_cross(ev, le, ri), nan=value).mean())


def _complete(ev: cluster.PairEvidence, left: list[int], right: list[int]) -> float:
    v = np.nan_to_num(_cross(ev, left, right), nan=ev.unseen)
    return ev.join if v.min() > ev.unseen else -99.0


def _median(ev: cluster.PairEvidence, left: list[int], right: list[int]) -> float:
    return float(np.median(np.nan_to_num(_cross(ev, left, right), nan=ev.unseen)))


RULES: dict[str, Rule] = {
    "average": AVERAGE,
    "unseen-4": _unseen_at(-4.0),
    "complete": _complete,
    "median": _median,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--people", type=int, default=6000)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--variants", default="average")
    parser.add_argument("--thresholds", default="-2")
    args = parser.parse_args()
    base = load_settings()
    runs = [(v, float(t)) for v in args.variants.split(",") for t in args.thresholds.split(",")]
    got: dict[tuple[str, float], list[tuple[float, float]]] = {r: [] for r in runs}
    for directory in sorted(args.data.glob(f"*_{args.people}_{args.seed}")):
        records = list(read_records(directory / "input.csv", lenient_dates=True))
        truth = read_clusters(directory / "truth.csv")
        for variant, threshold in runs:
            cluster.PairEvidence.mean_between = RULES[variant]  # type: ignore[method-assign]
            settings = dataclasses.replace(base, batch_link=threshold)
            s = pairwise_scores(dedupe(records, settings, review_limit=0).clusters, truth)
            got[(variant, threshold)].append((s.f1, s.precision))
            print(
                f"{directory.name:28} {variant:9} {threshold:+.1f}  P {s.precision:.3f}"
                f"  R {s.recall:.3f}  F1 {s.f1:.3f}",
                flush=True,
            )
    cluster.PairEvidence.mean_between = AVERAGE  # type: ignore[method-assign]
    for (variant, threshold), values in got.items():
        if values:
            print(
                f"{variant} {threshold:+.1f}: mean F1 {statistics.mean(f for f, _ in values):.3f}"
                f", worst {min(f for f, _ in values):.3f}"
                f", mean P {statistics.mean(p for _, p in values):.3f}"
            )


if __name__ == "__main__":
    main()

"""Development figures of issue 11's fourth round: one matcher variant, mean and worst F1.

Runs the matcher, without labels, on the generator-2 sets written by
``linkage_generalise.py`` (``DIR/<config>_<people>_<seed>``) and on the project generator's
set kept there (``DIR/syn_g_11/cli_site``), for one variant at a time. Meant for the
development seeds (3 and 4): a figure reported for seed 5 or 7 must come from
``linkage_generalise.py`` and nothing here may be tuned on it.

Variants:

- ``key=value`` settings overrides (``neighbours=4``, ``batch_link=-3``);
- ``--no-rivals``: the name-set level of pairs that share only part of their names left
  "missing" (the matcher before this round);
- ``--fit share``: :func:`~mixflow.identity.linkage.fit` (the share of matches among
  candidate pairs estimated from the data, m and u held);
- ``--fit anchored --fields name,name_spelling``: m and u of the listed fields measured by
  :func:`~mixflow.identity.linkage.model.anchored_estimates` (on pairs the other fields make
  near-certain), then the share as above.

Usage: python benchmarks/linkage_carry_over.py DIR --seeds 3,4 --people 4000 [variant...]
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import statistics
import time
from pathlib import Path
from typing import Any

import numpy as np

from mixflow.identity.linkage import LinkSettings, dedupe, load_settings, pairwise_scores
from mixflow.identity.linkage import model as linkage_model
from mixflow.identity.linkage.blocking import candidate_pairs
from mixflow.identity.linkage.compare import Comparer, name_pair_counts, population
from mixflow.identity.linkage.evaluate import read_clusters
from mixflow.identity.linkage.features import Encoder
from mixflow.identity.linkage.records import LinkRecord, read_records


def _fitted(
    records: list[LinkRecord], settings: LinkSettings, how: str, fields: set[str]
) -> LinkSettings:
    if how == "share":
        try:
            return linkage_model.fit(records, settings)
        except linkage_model.FitRefused as exc:
            print(f"  fit refused: {exc}")
            return settings
    block = Encoder().encode(records)
    a, b = candidate_pairs(
        block, settings.blocking, settings.max_block_size, {}, settings.neighbours
    )
    comparer = Comparer(settings, *population(block), rivals=name_pair_counts(block))
    levels = comparer.levels(block, a, block, b)
    m, u, _ = linkage_model.anchored_estimates(levels, settings)
    m = [m[j] if f.name in fields else np.array(f.m) for j, f in enumerate(settings.fields)]
    u = [u[j] if f.name in fields else np.array(f.u) for j, f in enumerate(settings.fields)]
    anchored = linkage_model._with(settings, m, u)
    _, _, share = linkage_model.bounded_em(levels, anchored)
    return linkage_model._with(settings, m, u, prior=float(np.log2(share / (1 - share))))


def _score(
    directory: Path, settings: LinkSettings, how: str, fields: set[str]
) -> tuple[float, float, float, int]:
    records = list(read_records(directory / "input.csv", lenient_dates=True))
    truth = read_clusters(directory / "truth.csv")
    if how:
        settings = _fitted(records, settings, how, fields)
    result = dedupe(records, settings, review_limit=0)
    s = pairwise_scores(result.clusters, truth)
    return s.precision, s.recall, s.f1, result.pairs_compared


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--seeds", default="3,4")
    parser.add_argument("--people", type=int, default=4000)
    parser.add_argument("--no-rivals", action="store_true")
    parser.add_argument("--fit", choices=("share", "anchored"), default="")
    parser.add_argument("--fields", default="name,name_spelling,name_rarity,name_set")
    parser.add_argument("overrides", nargs="*", help="settings overrides, key=value")
    args = parser.parse_intermixed_args()
    settings = load_settings()
    for item in args.overrides:
        key, value = item.split("=", 1)
        old = getattr(settings, key)
        changes: dict[str, Any] = {key: float(value) if old is None else type(old)(value)}
        settings = dataclasses.replace(settings, **changes)
    if args.no_rivals:
        dedupe_module = importlib.import_module("mixflow.identity.linkage.dedupe")
        dedupe_module.name_pair_counts = lambda block: None  # type: ignore[attr-defined]
    fields = set(args.fields.split(","))
    for seed in args.seeds.split(","):
        rows = []
        started = time.process_time()
        for directory in sorted(args.data.glob(f"*_{args.people}_{seed}")):
            p, r, f1, pairs = _score(directory, settings, args.fit, fields)
            rows.append((f1, p, pairs, directory.name))
            print(f"  {directory.name:28} P {p:.3f}  R {r:.3f}  F1 {f1:.3f}", flush=True)
        worst = min(rows)
        print(
            f"seed {seed}: mean F1 {statistics.mean(x[0] for x in rows):.3f}, worst "
            f"{worst[0]:.3f} ({worst[3]}), mean P {statistics.mean(x[1] for x in rows):.3f}, "
            f"{sum(x[2] for x in rows):,} pairs, CPU {time.process_time() - started:.1f} s"
        )
    project = args.data / "syn_g_11" / "cli_site"
    if (project / "truth.csv").exists():
        p, r, f1, _ = _score(project, settings, args.fit, fields)
        print(f"project generator: P {p:.3f}  R {r:.3f}  F1 {f1:.3f}")


if __name__ == "__main__":
    main()

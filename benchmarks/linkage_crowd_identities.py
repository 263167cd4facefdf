"""A person's own records in the crowd of their name: counted once? (issue 11)

The name-rarity and name-set levels count the *records* holding a name. A person written
ten times (Splink's ``historical_50k``: Thomas Chudleigh, sixteen records, no date) makes
their own name look common, and their records score as namesakes'. Variants of the
statistics ``dedupe`` reads, nothing fitted, the truth only scores:

- ``base``: the shipped matcher, which counts a group of records identical in every field
  (put together by rule) once;
- ``records``: every record counted, as the matcher did until ``036d0dd``;
- ``once``: records identical in names, date of birth and sex, whatever their other fields,
  are counted once in the name statistics (not kept);
- ``once_dated``: the same, only for records with an exact date of birth (the same name
  without a date is as often two people as one; not kept).

Usage: python benchmarks/linkage_crowd_identities.py 'DIR/*_12000_3' base records once
(``DIR/<set>/input.csv`` and ``truth.csv``, as ``linkage_generalise.py`` and
``linkage_historical.py`` write them)
"""

from __future__ import annotations

import argparse
import glob
import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from mixflow.identity.linkage import dedupe as run_dedupe
from mixflow.identity.linkage import load_settings, read_records
from mixflow.identity.linkage.evaluate import pairwise_scores, read_clusters
from mixflow.identity.linkage.features import FeatureBlock

# The package exports the function ``dedupe`` under the module's name: the modules whose
# statistics the variants replace are reached by their full names.
DEDUPE: Any = importlib.import_module("mixflow.identity.linkage.dedupe")
COMPARE: Any = importlib.import_module("mixflow.identity.linkage.compare")
POPULATION = COMPARE.population
RIVALS = COMPARE.name_pair_counts


def counted_rows(block: FeatureBlock, dated_only: bool) -> npt.NDArray[np.int64]:
    """Rows left when identical identities (name set, date of birth, sex) count once."""
    n = len(block)
    key = np.stack(
        [
            block.nameset[:n],
            block.year[:n].astype(np.int64),
            block.month[:n].astype(np.int64),
            block.day[:n].astype(np.int64),
            block.sex[:n].astype(np.int64),
        ],
        1,
    )
    keep = np.zeros(n, dtype=bool)
    keep[np.unique(key, axis=0, return_index=True)[1]] = True
    if dated_only:
        keep |= (block.year[:n] == 0) | (block.month[:n] == 0) | (block.day[:n] == 0)
    return np.flatnonzero(keep)


def _rows(block: FeatureBlock, rows: npt.NDArray[np.int64]) -> FeatureBlock:
    return FeatureBlock(**{f: getattr(block, f)[rows] for f in FeatureBlock.__dataclass_fields__})


def _statistics(variant: str) -> tuple[Callable[..., Any], Callable[..., Any]]:
    def counted(block: FeatureBlock, together: Any) -> npt.NDArray[np.int64]:
        if variant == "records":
            return np.arange(len(block))
        return counted_rows(block, variant == "once_dated")

    def population(block: FeatureBlock, together: Any = None) -> Any:
        return POPULATION(_rows(block, counted(block, together)))

    def rivals(block: FeatureBlock, together: Any = None) -> Any:
        if len(block) < COMPARE.RIVALS_MIN_RECORDS:
            return None
        return RIVALS(_rows(block, counted(block, together)))

    return population, rivals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets")
    parser.add_argument("variants", nargs="+", choices=("base", "records", "once", "once_dated"))
    args = parser.parse_args()
    directories = sorted(Path(d) for d in glob.glob(args.sets))
    for variant in args.variants:
        if variant == "base":
            DEDUPE.population, DEDUPE.name_pair_counts = POPULATION, RIVALS
        else:
            DEDUPE.population, DEDUPE.name_pair_counts = _statistics(variant)
        rows = []
        for d in directories:
            records = list(read_records(d / "input.csv", lenient_dates=True))
            clusters = run_dedupe(records, load_settings(), review_limit=0).clusters
            s = pairwise_scores(clusters, read_clusters(d / "truth.csv"))
            rows.append((s.precision, s.recall, s.f1))
            print(f"{d.name:28s} {variant:10s} P {s.precision:.3f} R {s.recall:.3f} F1 {s.f1:.3f}")
        p, r, f = np.mean(rows, 0)
        worst = min(x[2] for x in rows)
        print(
            f"mean of {len(rows)} {variant:10s} P {p:.3f} R {r:.3f} F1 {f:.3f} (worst {worst:.3f})"
        )


if __name__ == "__main__":
    main()

"""Make the shipped linkage weights from a labelled synthetic sample.

The defaults in ``src/mixflow/identity/linkage/settings/v1.json`` are measured on candidate
pairs of a synthetic sample whose truth is known (a seed other than the benchmarks' one, so
the benchmark stays a held-out test). Thresholds and blocking stay as written in the file.

Usage: python benchmarks/linkage_train.py DIR [--settings FILE] [--out FILE]
       (DIR from ``python benchmarks/linkage_data.py synthetic --seed 77 --out DIR``)
"""

from __future__ import annotations

import argparse
from pathlib import Path

from mixflow.identity.linkage import load_settings, read_records
from mixflow.identity.linkage.evaluate import read_clusters
from mixflow.identity.linkage.model import fit_labelled
from mixflow.identity.linkage.settings import save_settings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--settings", type=Path)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    settings = load_settings(args.settings)
    records = list(
        read_records(args.directory / "input.csv", settings.extra_columns, lenient_dates=True)
    )
    truth = read_clusters(args.directory / "truth.csv")
    trained = fit_labelled(records, truth, settings)
    for f in trained.fields:
        print(f"{f.name:14}", " ".join(f"{w:+6.1f}" for w in f.weights()))
    print(f"prior {trained.prior:+.2f}")
    if args.out:
        save_settings(trained, args.out)
        print(f"→ {args.out}")


if __name__ == "__main__":
    main()

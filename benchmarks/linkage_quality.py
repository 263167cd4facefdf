"""Linkage quality: pairwise precision, recall and F1 on synthetic and FEBRL data.

Runs Mixflow's matcher (shipped settings, no labels at run time) on each data set, on all the
columns the settings can use and on the CLI columns only; ``--fit`` also runs the unsupervised
weight estimation first; ``--with-splink`` runs the Splink baseline on the same files, each in
its own process, and prints its figures beside ours.

Usage: python benchmarks/linkage_quality.py [--data DIR] [--records 20000] [--seed N] [--fit]
                                            [--with-splink] [--sets synthetic,febrl1,...]
(``--seed`` makes another synthetic set, to check that tuning did not overfit the default one;
the shipped weights are measured on seed 77, so keep that one out of the benchmark.)
"""

from __future__ import annotations

import argparse
import csv
import tempfile
import time
from pathlib import Path

from _linkage_common import ensure_dataset, splink
from mixflow.identity.linkage import dedupe, fit, load_settings, pairwise_scores, read_records
from mixflow.identity.linkage.evaluate import read_clusters

CLI_COLUMNS = 7


def _cli_only(src: Path, dst: Path) -> None:
    with (
        src.open(newline="", encoding="utf-8") as f,
        dst.open("w", newline="", encoding="utf-8") as g,
    ):
        w = csv.writer(g)
        for row in csv.reader(f):
            w.writerow(row[:CLI_COLUMNS])


def _ours(input_csv: Path, truth_csv: Path, settings_name: str, do_fit: bool) -> str:
    settings = load_settings(settings_name)
    start = time.perf_counter()
    records = list(read_records(input_csv, settings.extra_columns, lenient_dates=True))
    if do_fit:
        settings = fit(records, settings)
    result = dedupe(records, settings)
    s = pairwise_scores(result.clusters, read_clusters(truth_csv))
    seconds = time.perf_counter() - start
    return f"P {s.precision:.4f}  R {s.recall:.4f}  F1 {s.f1:.4f}  ({seconds:.1f} s)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "lk")
    parser.add_argument("--records", type=int, default=20000)
    parser.add_argument("--sets", default="synthetic,febrl1,febrl2,febrl3,febrl4")
    parser.add_argument("--seed", type=int, help="synthetic set from another seed")
    parser.add_argument("--fit", action="store_true", help="also: weights fitted without labels")
    parser.add_argument("--with-splink", action="store_true")
    args = parser.parse_args()
    for name in args.sets.split(","):
        folder = "syn20k" if name == "synthetic" and args.records == 20000 else name
        if name == "synthetic" and folder != "syn20k":
            folder = f"syn{args.records}"
        seed = args.seed if name == "synthetic" else None
        if seed is not None:
            folder += f"_seed{seed}"
        directory = ensure_dataset(folder, args.data, args.records, seed)
        input_csv, truth_csv = directory / "input.csv", directory / "truth.csv"
        settings_name = "febrl" if name.startswith("febrl") else "v1"
        print(f"{name} ({settings_name} settings)")
        print(f"  mixflow, all columns   {_ours(input_csv, truth_csv, settings_name, False)}")
        if name == "synthetic":
            cli = directory / "input_cli_columns.csv"
            _cli_only(input_csv, cli)
            print(f"  mixflow, CLI columns   {_ours(cli, truth_csv, settings_name, False)}")
        if args.fit:
            print(f"  mixflow, fitted (EM)   {_ours(input_csv, truth_csv, settings_name, True)}")
        if args.with_splink:
            with tempfile.TemporaryDirectory() as tmp:
                figures = splink("dedupe", str(input_csv), "--out", str(Path(tmp) / "c.csv"))
            print(f"  splink                 {figures}")


if __name__ == "__main__":
    main()

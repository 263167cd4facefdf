"""Batch deduplication at scale: wall time and peak memory of ``mixflow link dedupe``.

Generates (once) a synthetic set of ``--records`` records, runs the command in a child process
and reports its wall time, its peak resident memory and the pairwise F1; ``--with-splink``
runs the Splink baseline on the same file in another process.

Usage: python benchmarks/linkage_scale.py [--records 1000000] [--data DIR] [--with-splink]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from _linkage_common import ensure_dataset, run_measured, splink
from mixflow.identity.linkage import pairwise_scores
from mixflow.identity.linkage.evaluate import read_clusters


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "lk")
    parser.add_argument("--settings", default="v1")
    parser.add_argument("--with-splink", action="store_true")
    args = parser.parse_args()
    folder = (
        f"syn{args.records // 1000}k"
        if args.records < 1_000_000
        else (f"syn{args.records // 1_000_000}m")
    )
    directory = ensure_dataset(folder, args.data, args.records)
    out = directory / "mixflow_clusters.csv"
    cmd = [
        sys.executable,
        "-m",
        "mixflow",
        "link",
        "dedupe",
        str(directory / "input.csv"),
        "--out",
        str(out),
        "--settings",
        args.settings,
    ]
    seconds, peak_mb, stdout = run_measured(cmd)
    scores = pairwise_scores(read_clusters(out), read_clusters(directory / "truth.csv"))
    print(stdout.strip())
    print(
        f"mixflow: {args.records:,} records in {seconds:.1f} s, peak {peak_mb:,.0f} MB, "
        f"F1 {scores.f1:.4f} (P {scores.precision:.4f}, R {scores.recall:.4f}); "
        f"{os.cpu_count()} CPUs"
    )
    if args.with_splink:
        figures = splink(
            "dedupe", str(directory / "input.csv"), "--out", str(directory / "splink_clusters.csv")
        )
        print(f"splink:  {figures}")


if __name__ == "__main__":
    main()

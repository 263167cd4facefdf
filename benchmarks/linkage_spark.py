"""The Spark engine beside the in-process one: ``mixflow link dedupe --engine ...`` on one file.

Generates (once) ``--records`` synthetic records (the files of ``linkage_scale.py``), then
runs the command once per engine, one after the other, each in its own process tree, and
reports for each: wall time, CPU time and peak resident memory of the whole process tree (the
command, Spark's JVM and its Python workers: RSS summed over the tree, sampled every 0.2 s,
so pages shared by forked workers count more than once), the pairwise F1, whether the
engines' clusters are identical, and the load average. ``--with-splink`` adds the Splink
baseline on the same file.

Usage: python benchmarks/linkage_spark.py [--records 200000] [--master local[2]]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

from _linkage_common import ensure_dataset, splink
from mixflow.identity.linkage import pairwise_scores
from mixflow.identity.linkage.evaluate import read_clusters


def measured(cmd: list[str], env: dict[str, str]) -> tuple[float, float, float, str]:
    """Run ``cmd``; (wall seconds, CPU seconds, peak MB of the process tree, stdout)."""
    started = time.perf_counter()
    child = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    root = psutil.Process(child.pid)
    cpu: dict[int, float] = {}
    peak = 0
    while child.poll() is None:
        rss = 0
        try:
            tree = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            break
        for p in tree:
            try:
                with p.oneshot():
                    rss += p.memory_info().rss
                    t = p.cpu_times()
                    cpu[p.pid] = t.user + t.system
            except psutil.NoSuchProcess:
                continue
        peak = max(peak, rss)
        time.sleep(0.2)
    out, err = child.communicate()
    seconds = time.perf_counter() - started
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{err}")
    return seconds, sum(cpu.values()), peak / 2**20, out


def clusters_as_sets(path: Path) -> set[frozenset[str]]:
    members: dict[str, set[str]] = {}
    for record, cluster in read_clusters(path).items():
        members.setdefault(cluster, set()).add(record)
    return {frozenset(m) for m in members.values()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=200_000)
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "lk")
    parser.add_argument("--settings", default="v1")
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--engines", default="in-process,spark")
    parser.add_argument("--with-splink", action="store_true")
    args = parser.parse_args()
    folder = (
        f"syn{args.records // 1000}k"
        if args.records < 1_000_000
        else (f"syn{args.records // 1_000_000}m")
    )
    directory = ensure_dataset(folder, args.data, args.records)
    env = dict(os.environ)
    print(f"{args.records:,} records, {os.cpu_count()} CPUs, load average before {os.getloadavg()}")
    outputs = {}
    for engine in args.engines.split(","):
        out = directory / f"mixflow_{engine}_clusters.csv"
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
            "--engine",
            engine,
            "--spark-master",
            args.master,
        ]
        seconds, cpu, peak_mb, stdout = measured(cmd, env)
        # The truth is read after each run, not held during it: at 10M records it is 1.5 GB
        # that the measured engines would compete with.
        s = pairwise_scores(read_clusters(out), read_clusters(directory / "truth.csv"))
        outputs[engine] = out
        print(stdout.strip())
        print(
            f"{engine}: {seconds:.1f} s wall, {cpu:.1f} s CPU, peak {peak_mb:,.0f} MB (tree), "
            f"F1 {s.f1:.4f} (P {s.precision:.4f}, R {s.recall:.4f}); "
            f"load average after {os.getloadavg()}"
        )
    if len(outputs) > 1:
        first, *rest = outputs.values()
        same = all(clusters_as_sets(first) == clusters_as_sets(o) for o in rest)
        print(f"identical clusters across engines: {same}")
    if args.with_splink:
        figures = splink(
            "dedupe", str(directory / "input.csv"), "--out", str(directory / "splink_clusters.csv")
        )
        print(f"splink:  {figures}")


if __name__ == "__main__":
    main()

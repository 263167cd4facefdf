"""Benchmark: generate ≥ 1,000,000 synthetic encounters, then load them into a fresh SQLite.

Targets (issue 2): generation ≤ 60 s and load ≤ 120 s on a 2-core machine. Machines here are
shared and noisy, so each figure is printed beside a baseline measured in the same run on the
same files:

- generation is compared with *reading* the files it wrote (csv.reader over every row): the
  floor of any Python code that touches those rows;
- the load is compared with a raw ``sqlite3`` ``executemany`` of the same encounter and record
  rows into bare, unindexed tables: the floor of any loader.

Usage: python benchmarks/synth_load.py [--encounters 1000000] [--workdir DIR]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ENCOUNTERS_PER_PERSON_ESTIMATE = 1.75


def _generate(out: Path, people: int) -> tuple[float, dict[str, int]]:
    from mixflow.testing.synthetic import generate

    started = time.perf_counter()
    result = generate(out, people=people, seed=20261128)
    elapsed = time.perf_counter() - started
    counts = {
        "people": result.people,
        "records": result.records,
        "encounters": result.encounters,
        "groups": result.groups,
        "flow_counts": result.flow_counts,
        "consents": result.consents,
    }
    return elapsed, counts


def _read_baseline(out: Path) -> float:
    started = time.perf_counter()
    for path in sorted(out.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for _ in csv.reader(handle):
                pass
    return time.perf_counter() - started


def _raw_insert_baseline(out: Path, workdir: Path) -> float:
    database = workdir / "raw.sqlite3"
    connection = sqlite3.connect(database)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    started = time.perf_counter()
    for name in ("records.csv", "encounters.csv"):
        with (out / name).open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader)
            table = name.removesuffix(".csv")
            connection.execute(f"CREATE TABLE {table} ({', '.join(header)})")
            marks = ", ".join("?" * len(header))
            # Table and column names are the headers of our own generated files.
            connection.executemany(f"INSERT INTO {table} VALUES ({marks})", reader)  # noqa: S608
    connection.commit()
    elapsed = time.perf_counter() - started
    connection.close()
    return elapsed


def _load(out: Path, workdir: Path) -> tuple[float, float, float]:
    """Migrate (timed apart), then load in a child process; returns (migrate s, load s, peak MB)."""
    env = {
        **os.environ,
        "MIXFLOW_DATA_DIR": str(workdir / "data"),
        "DJANGO_SETTINGS_MODULE": "mixflow.settings",
    }
    env.pop("DATABASE_URL", None)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mixflow", "manage", "migrate", "-v", "0"], env=env, check=True
    )
    migrate = time.perf_counter() - started
    code = (
        "import time, django; django.setup();"
        "from pathlib import Path; from mixflow.testing.load import load_dataset;"
        "from mixflow.core.actors import SystemActor;"
        f"t = time.perf_counter(); r = load_dataset(Path({str(out)!r}), "
        "actor=SystemActor('benchmark'));"
        "print(time.perf_counter() - t); assert not r.skipped"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True
    )
    load = float(result.stdout.strip().splitlines()[-1])
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return migrate, load, peak_mb


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--encounters", type=int, default=1_000_000)
    parser.add_argument("--workdir", help="keep files here (default: a temporary directory)")
    args = parser.parse_args()

    workdir = (
        Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="mixflow-bench-"))
    )
    out = workdir / "synth"
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(workdir / "data", ignore_errors=True)
    (workdir / "raw.sqlite3").unlink(missing_ok=True)

    people = int(args.encounters / ENCOUNTERS_PER_PERSON_ESTIMATE) + 1
    generation, counts = _generate(out, people)
    while counts["encounters"] < args.encounters:  # the estimate fell short: top up and redo
        people = int(people * args.encounters / counts["encounters"]) + 1000
        shutil.rmtree(out)
        generation, counts = _generate(out, people)
    reading = _read_baseline(out)
    raw = _raw_insert_baseline(out, workdir)
    migrate, load, peak_mb = _load(out, workdir)

    figures = {
        "machine": (
            f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
        ),
        **counts,
        "generation_s": round(generation, 1),
        "read_baseline_s": round(reading, 1),
        "generation_over_read": round(generation / reading, 2),
        "migrate_s": round(migrate, 1),
        "load_s": round(load, 1),
        "raw_insert_baseline_s": round(raw, 1),
        "load_over_raw_insert": round(load / raw, 2),
        "load_peak_rss_mb": round(peak_mb),
        "encounters_loaded_per_s": round(counts["encounters"] / load),
        "targets": "generation <= 60 s, load <= 120 s",
    }
    print(json.dumps(figures, indent=2))
    if not args.workdir:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Helpers shared by the linkage benchmarks (not a benchmark itself)."""

from __future__ import annotations

import csv
import json
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SPLINK = HERE / "baselines" / "splink_baseline.py"


def ensure_dataset(name: str, root: Path, records: int = 20000, seed: int | None = None) -> Path:
    """``root/name`` holding input.csv and truth.csv, generated when missing."""
    out = root / name
    if (out / "input.csv").exists() and (out / "truth.csv").exists():
        return out
    cmd = [sys.executable, str(HERE / "linkage_data.py")]
    if name.startswith("febrl"):
        cmd += [name, "--out", str(out)]
    else:
        cmd += ["synthetic", "--records", str(records), "--out", str(out)]
        if seed is not None:
            cmd += ["--seed", str(seed)]
    subprocess.run(cmd, check=True)
    return out


#: The columns the generators write: the seven of ``mixflow link dedupe`` plus ``site``.
GENERATED_COLUMNS = (
    "given_name",
    "family_name",
    "father_name",
    "sex",
    "date_of_birth",
    "nationality",
    "site",
)


def write_set(out: Path, rows: list[tuple[str, dict[str, str]]], prefix: str) -> int:
    """Write ``(person id, record)`` rows as ``out/input.csv`` and ``out/truth.csv`` (the
    format of ``linkage_data.py``), record ids ``<prefix>-0000000`` on; return their number."""
    out.mkdir(parents=True, exist_ok=True)
    with (
        (out / "input.csv").open("w", newline="", encoding="utf-8") as f,
        (out / "truth.csv").open("w", newline="", encoding="utf-8") as t,
    ):
        w = csv.writer(f)
        tw = csv.writer(t)
        w.writerow(["record_id", *GENERATED_COLUMNS])
        tw.writerow(["record_id", "cluster_id"])
        for i, (pid, row) in enumerate(rows):
            rid = f"{prefix}-{i:07d}"
            w.writerow([rid, *(row[c] for c in GENERATED_COLUMNS)])
            tw.writerow([rid, pid])
    return len(rows)


def run_measured(cmd: list[str]) -> tuple[float, float, str]:
    """Run ``cmd``; return (seconds, peak RSS in MB of the child, stdout)."""
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stderr}")
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, peak_kb / 1024, done.stdout


def splink(*args: str) -> dict[str, Any]:
    """Run the Splink baseline in its own process (its memory is its own); its JSON figures."""
    if not SPLINK.exists():
        return {"error": f"{SPLINK} not found"}
    done = subprocess.run(
        [sys.executable, str(SPLINK), *args], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr else "failed"}
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    return json.loads(lines[-1]) if lines else {"error": "no figures"}

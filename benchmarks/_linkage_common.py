"""Helpers shared by the linkage benchmarks (not a benchmark itself)."""

from __future__ import annotations

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

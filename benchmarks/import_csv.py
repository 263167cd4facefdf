"""Benchmark: import 1,000,000 CSV rows of the flow monitoring registry into a fresh SQLite.

Target (issue 3): at least half the rate of a raw bulk insert of the same rows, measured in the
same run on the same file, and peak memory under 500 MB. Machines here are shared and noisy,
so the figure that matters is the ratio.

- raw: ``csv.reader`` over the file and ``sqlite3.executemany`` of every row, as text, into a
  bare table with one column per CSV column (no validation, no mapping, no indexes);
- Mixflow: ``intake.actions.run_import`` of the same file against the shipped registry
  questionnaire (every row validated by the form's rules, mapped to a flow count, recorded as
  a submission with its id for idempotent re-import), in a child process so that its peak
  memory is its own.

Usage: python benchmarks/import_csv.py [--rows 1000000] [--workdir DIR]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FORM_ID = "flow_monitoring_registry"
SITE = "NER-AGZ-BUS"
NATIONALITIES = ["NGA", "MLI", "GIN", "SDN", "ERI", "CIV", "SEN", "GMB", "BFA", "CMR"]


def _form_columns() -> list[str]:
    """The questions of the shipped registry a spreadsheet would carry, in sheet order."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mixflow.settings")
    from mixflow.intake.questionnaires import path_of
    from mixflow.intake.xlsform.parse import load_xlsform

    form = load_xlsform(path_of(FORM_ID))
    return [q.name for q in form.questions() if not q.is_metadata and q.type != "calculate"]


def write_csv(path: Path, rows: int, seed: int = 1) -> list[str]:
    header = _form_columns()
    rng = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        for i in range(rows):
            men, women = rng.randint(0, 6), rng.randint(0, 4)
            boys, girls = rng.randint(0, 3), rng.randint(0, 3)
            if men + women + boys + girls == 0:
                men = 1
            size = men + women + boys + girls
            values = {
                "site": SITE,
                "observed_on": f"2026-{1 + i % 10:02d}-{1 + i % 28:02d}",
                "observed_time": f"{i % 24:02d}:{i % 60:02d}",
                "direction": rng.choice(["incoming", "outgoing", "transit"]),
                "group_size": str(size),
                "men": str(men),
                "women": str(women),
                "boys": str(boys),
                "girls": str(girls),
                "nationality": rng.choice(NATIONALITIES),
                "area_of_origin": f"Area {i % 97}",
                "intended_destination": rng.choice(["LBY", "DZA", "ITA", "ESP"]),
                "transport": rng.choice(["bus", "truck", "car", "foot"]),
                "reason": rng.choice(["economic", "conflict", "persecution"]),
                "unaccompanied_children": str(min(boys + girls, rng.randint(0, 1))),
                "pregnant_women": str(min(women + girls, rng.randint(0, 1))),
                "older_persons": "0",
                "persons_with_disability": "0",
            }
            writer.writerow([values.get(name, "") for name in header])
    return header


def raw_insert(csv_path: Path, db_path: Path) -> tuple[float, int]:
    started = time.perf_counter()
    connection = sqlite3.connect(db_path)
    with csv_path.open(newline="", encoding="utf-8") as source:
        reader = csv.reader(source)
        header = next(reader)
        columns = ", ".join(f'"c{i}" TEXT' for i in range(len(header)))
        connection.execute(f"CREATE TABLE raw ({columns})")
        marks = ", ".join("?" * len(header))
        count = 0
        batch: list[list[str]] = []
        for row in reader:
            batch.append(row)
            if len(batch) == 10_000:
                connection.executemany(f"INSERT INTO raw VALUES ({marks})", batch)  # noqa: S608
                count += len(batch)
                batch.clear()
        connection.executemany(f"INSERT INTO raw VALUES ({marks})", batch)  # noqa: S608
        count += len(batch)
    connection.commit()
    connection.close()
    return time.perf_counter() - started, count


def child_import(csv_path: Path) -> None:
    """Runs in a fresh process with MIXFLOW_DATA_DIR set to an empty directory."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mixflow.settings")
    django.setup()
    from django.core.management import call_command

    from mixflow.accounts.models import Organisation
    from mixflow.core.actors import SystemActor
    from mixflow.geo.actions import load_places
    from mixflow.intake.actions import install_default_questionnaires, run_import, start_import
    from mixflow.intake.models import Questionnaire

    call_command("migrate", interactive=False, verbosity=0)
    load_places(actor=SystemActor("benchmark"))
    organisation = Organisation.objects.create(code="bench", name="Benchmark", kind="un_agency")
    actor = SystemActor("benchmark", organisation_id=organisation.pk)
    install_default_questionnaires(actor=actor, organisation=organisation)
    questionnaire = Questionnaire.objects.get(form_id=FORM_ID)
    with csv_path.open("rb") as source:
        batch = start_import(
            actor=actor, questionnaire=questionnaire, source=source, file_name=csv_path.name
        )
    started = time.perf_counter()
    run_import(actor=actor, batch=batch)
    elapsed = time.perf_counter() - started
    batch.refresh_from_db()
    print(
        json.dumps(
            {
                "seconds": elapsed,
                "rows": batch.rows_total,
                "imported": batch.imported,
                "quarantined": batch.quarantined,
                "already_present": batch.already_present,
                "status": batch.status,
                "error": batch.error,
                "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child_import(args.child)
        return
    work = args.workdir or Path(tempfile.mkdtemp(prefix="mixflow-import-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    csv_path = work / "registry.csv"
    started = time.perf_counter()
    write_csv(csv_path, args.rows)
    print(
        f"wrote {args.rows:,} rows ({csv_path.stat().st_size / 1e6:.0f} MB) in "
        f"{time.perf_counter() - started:.1f} s"
    )
    raw_seconds, raw_rows = raw_insert(csv_path, work / "raw.sqlite3")
    env = {**os.environ, "MIXFLOW_DATA_DIR": str(work / "data")}
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(csv_path)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    raw_rate = raw_rows / raw_seconds
    rate = result["rows"] / result["seconds"]
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(f"raw executemany: {raw_rows:,} rows in {raw_seconds:.1f} s = {raw_rate:,.0f} rows/s")
    print(
        f"mixflow import:  {result['rows']:,} rows in {result['seconds']:.1f} s"
        f" = {rate:,.0f} rows/s"
        f" ({result['imported']:,} imported, {result['quarantined']:,} quarantined,"
        f" {result['already_present']:,} already present; status {result['status']})"
    )
    print(f"ratio (mixflow / raw): {rate / raw_rate:.3f}  (target ≥ 0.5)")
    print(f"peak memory of the import process: {result['peak_mb']:.0f} MB  (target < 500 MB)")


if __name__ == "__main__":
    main()

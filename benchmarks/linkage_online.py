"""Online lookup: p95 latency and rank-1 rate of ``LinkIndex.query`` against N records.

Queries are records whose person has another record in the set; they are kept out of the
index, and a query succeeds when its best candidate is the same person.

``--context`` plays the desk over the last ``--window`` days of the data: the index holds
every registration made before them (what the desk would find), the queries are the
registrations of those days whose person was registered before, and each query is given what
the officer knows. Every kind of context is measured on the same queries and the same index
(built once): none, the people registering with it (the other records of its travel group in
those days), the site and date of the registration, and all of it.
Latency is reported as wall time and as CPU time per query (the machine may be shared).
``--with-splink`` runs the Splink baseline's one-at-a-time lookups on the same file in
another process.

Usage: python benchmarks/linkage_online.py [--records 1000000] [--queries 1000] [--data DIR]
                                           [--context] [--with-splink]
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from _linkage_common import ensure_dataset, splink
from mixflow.identity.linkage import LinkIndex, load_settings, read_records
from mixflow.identity.linkage.evaluate import read_clusters


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "lk")
    parser.add_argument("--context", action="store_true", help="the desk's context")
    parser.add_argument("--window", type=int, default=30, help="days played at the desk")
    parser.add_argument(
        "--modes", default="none,companions,site+date,all", help="contexts measured (--context)"
    )
    parser.add_argument("--with-splink", action="store_true")
    args = parser.parse_args()
    folder = (
        f"syn{args.records // 1000}k"
        if args.records < 1_000_000
        else (f"syn{args.records // 1_000_000}m")
    )
    directory = ensure_dataset(folder, args.data, args.records)
    settings = load_settings()
    records = list(read_records(directory / "input.csv"))
    truth = read_clusters(directory / "truth.csv")
    people: dict[str, list[int]] = {}
    for i, r in enumerate(records):
        people.setdefault(truth[r.record_id], []).append(i)
    rng = random.Random(args.seed)
    companions: dict[int, list[int]] = {}
    if args.context:
        # Read from the file itself, so that code whose records lack the date can be measured.
        with (directory / "input.csv").open(encoding="utf-8") as f:
            on = [row["registered_on"] for row in csv.DictReader(f)]
        last = max(on)
        cut = (date.fromisoformat(last) - timedelta(days=args.window)).isoformat()
        known = {truth[r.record_id] for i, r in enumerate(records) if on[i] < cut}
        at_desk = [i for i, r in enumerate(records) if on[i] >= cut and truth[r.record_id] in known]
        chosen = rng.sample(at_desk, min(args.queries, len(at_desk)))
        held = {i for i in range(len(records)) if on[i] >= cut}
        group_of: dict[str, list[int]] = {}
        for i in held:
            if records[i].group_id:
                group_of.setdefault(records[i].group_id, []).append(i)
        for i in chosen:
            companions[i] = [j for j in group_of.get(records[i].group_id, []) if j != i]
    else:
        several = [rows for rows in people.values() if len(rows) > 1]
        picked = rng.sample(several, min(args.queries, len(several)))
        chosen = [rng.choice(rows) for rows in picked]
        held = set(chosen)
    index = LinkIndex(settings)
    start, cpu = time.perf_counter(), time.process_time()
    index.add_many(r for i, r in enumerate(records) if i not in held)
    build, build_cpu = time.perf_counter() - start, time.process_time() - cpu
    ids = [r.record_id for r in records]
    ids_of_rows = {index._row_of[i]: i for i in ids if i in index}
    ids = [ids_of_rows.get(k, "") for k in range(max(ids_of_rows, default=-1) + 1)]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"mixflow: {len(index):,} records indexed in {build:.1f} s ({build_cpu:.1f} s CPU); "
        f"peak {peak:,.0f} MB; load average {os.getloadavg()[0]:.1f}"
    )
    modes = args.modes.split(",") if args.context else ["none"]
    for mode in modes:
        latencies: list[float] = []
        cpu_ms: list[float] = []
        first = 0
        among = 0
        for i in chosen:
            query = records[i]
            mates = [records[j] for j in companions.get(i, [])]
            context: dict[str, str] = {}
            if mode in ("site+date", "all"):
                context = {"where": query.site, "when": on[i]}
            t, c = time.perf_counter(), time.process_time()
            found = index.query(
                query,
                limit=10,
                companions=mates if mode in ("companions", "all") else (),
                **context,
            )
            latencies.append((time.perf_counter() - t) * 1000)
            cpu_ms.append((time.process_time() - c) * 1000)
            if found and truth[found[0].record_id] == truth[query.record_id]:
                first += 1
            if mode == "none":
                _features, rows = index.candidates(query)
                among += any(truth[ids[r]] == truth[query.record_id] for r in rows.tolist())
        latencies.sort()
        cpu_ms.sort()
        at95 = int(0.95 * (len(latencies) - 1))
        print(
            f"  context {mode:<10} {len(chosen)} queries: rank-1 {first / len(chosen):.3f}; "
            f"p50 {statistics.median(latencies):.1f} ms, p95 {latencies[at95]:.1f} ms wall; "
            f"CPU p50 {statistics.median(cpu_ms):.1f} ms, p95 {cpu_ms[at95]:.1f} ms; "
            f"load average {os.getloadavg()[0]:.1f}"
            + (f"; right person among the candidates {among / len(chosen):.3f}" if among else "")
        )
    if args.with_splink:
        print(f"splink:  {splink('online', str(directory / 'input.csv'))}")


if __name__ == "__main__":
    main()

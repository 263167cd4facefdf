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
``--decisions`` (with ``--context``) also plays the automatic link made at registration, on
the same queries plus registrations of those days whose person was *not* registered before (as
many as the days hold in proportion): for the top candidate of each query, how many are linked
rightly, linked wrongly, sent to review or left new, under each rule for what context may do
(see ``RULES``).
``--with-splink`` runs the Splink baseline's one-at-a-time lookups on the same file in
another process.

Usage: python benchmarks/linkage_online.py [--records 1000000] [--queries 1000] [--data DIR]
                                           [--context [--decisions]] [--with-splink]
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
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from _linkage_common import ensure_dataset, splink
from mixflow.identity.linkage import LinkIndex, LinkSettings, load_settings, read_records
from mixflow.identity.linkage.evaluate import read_clusters
from mixflow.identity.linkage.explain import Match
from mixflow.identity.linkage.index import context_bits

#: What context may do to the automatic decision on the top candidate, given its score on the
#: records alone and with the context's evidence added: (link, review) as functions of
#: (record score, score with context, settings).
RULES = {
    "record alone": (
        lambda r, t, s: r >= s.upper,
        lambda r, t, s: r >= s.lower,
    ),
    "context decides": (
        lambda r, t, s: t >= s.upper,
        lambda r, t, s: t >= s.lower,
    ),
    "context links from review band": (
        lambda r, t, s: t >= s.upper and r >= s.lower,
        lambda r, t, s: t >= s.lower,
    ),
    "context ranks, records link": (
        lambda r, t, s: r >= s.upper,
        lambda r, t, s: t >= s.lower or r >= s.lower,
    ),
    "records link, context may hold back": (
        lambda r, t, s: r >= s.upper and t >= s.upper,
        lambda r, t, s: t >= s.lower,
    ),
}


def _outcome(match: Match | None, right: bool, settings: LinkSettings, rule: str) -> str:
    """``link+`` (linked to the right person), ``link-``, ``review`` or ``new``."""
    if match is None:
        return "new"
    total = match.score
    alone = total - context_bits(match)
    links, reviews = RULES[rule]
    if links(alone, total, settings):
        return "link+" if right else "link-"
    return "review" if reviews(alone, total, settings) else "new"


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
    parser.add_argument("--decisions", action="store_true", help="the automatic link (--context)")
    parser.add_argument(
        "--link-at",
        default="",
        help="link thresholds (bits, comma-separated) to play the decisions at besides the "
        "settings' own (--decisions)",
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
    newcomers: list[int] = []
    if args.context:
        # Read from the file itself, so that code whose records lack the date can be measured.
        with (directory / "input.csv").open(encoding="utf-8") as f:
            on = [row["registered_on"] for row in csv.DictReader(f)]
        last = max(on)
        cut = (date.fromisoformat(last) - timedelta(days=args.window)).isoformat()
        known = {truth[r.record_id] for i, r in enumerate(records) if on[i] < cut}
        at_desk = [i for i, r in enumerate(records) if on[i] >= cut and truth[r.record_id] in known]
        chosen = rng.sample(at_desk, min(args.queries, len(at_desk)))
        if args.decisions:
            first_time = [
                i for i, r in enumerate(records) if on[i] >= cut and truth[r.record_id] not in known
            ]
            share = round(len(chosen) * len(first_time) / max(len(at_desk), 1))
            newcomers = rng.sample(first_time, min(share, len(first_time)))
        held = {i for i in range(len(records)) if on[i] >= cut}
        group_of: dict[str, list[int]] = {}
        for i in held:
            if records[i].group_id:
                group_of.setdefault(records[i].group_id, []).append(i)
        for i in (*chosen, *newcomers):
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
    if args.decisions and args.context:
        uppers = [settings.upper, *(float(x) for x in args.link_at.split(",") if x)]
        _decisions(
            index, records, truth, chosen, newcomers, companions, on, modes, settings, uppers
        )
    if args.with_splink:
        print(f"splink:  {splink('online', str(directory / 'input.csv'))}")


def _decisions(
    index: LinkIndex,
    records: list,  # type: ignore[type-arg]
    truth: dict[str, str],
    chosen: list[int],
    newcomers: list[int],
    companions: dict[int, list[int]],
    on: list[str],
    modes: list[str],
    settings: LinkSettings,
    uppers: list[float],
) -> None:
    """The automatic decision on each query's top candidate, per context and per rule."""
    print(
        f"automatic decision: {len(chosen)} registrations of people registered before, "
        f"{len(newcomers)} of people registered for the first time; "
        f"thresholds link {settings.upper:+.1f}, review {settings.lower:+.1f} bits"
    )
    for mode in modes:
        tops: list[tuple[Match | None, bool, bool]] = []  # (top match, right person, known)
        for known, queries in ((True, chosen), (False, newcomers)):
            for i in queries:
                query = records[i]
                mates = [records[j] for j in companions.get(i, [])]
                context: dict[str, str] = {}
                if mode in ("site+date", "all"):
                    context = {"where": query.site, "when": on[i]}
                found = index.query(
                    query,
                    limit=10,
                    companions=mates if mode in ("companions", "all") else (),
                    **context,
                )
                top = found[0] if found else None
                right = top is not None and truth[top.record_id] == truth[query.record_id]
                tops.append((top.match if top else None, right, known))
        for upper in uppers:
            at = replace(settings, upper=upper)
            for rule in RULES:
                if mode == "none" and rule != "record alone":
                    continue  # without context every rule is the records alone
                _report(mode, rule, tops, at, len(chosen))


def _report(
    mode: str,
    rule: str,
    tops: list[tuple[Match | None, bool, bool]],
    settings: LinkSettings,
    known_queries: int,
) -> None:
    """One line: the automatic decisions of ``rule`` on the top candidates ``tops``."""
    counts = {(k, o): 0 for k in (True, False) for o in ("link+", "link-", "review", "new")}
    for match, right, known in tops:
        counts[(known, _outcome(match, right, settings, rule))] += 1
    links = sum(counts[(k, o)] for k in (True, False) for o in ("link+", "link-"))
    wrong = counts[(True, "link-")] + counts[(False, "link-")]
    reviews = counts[(True, "review")] + counts[(False, "review")]
    precision = (links - wrong) / links if links else float("nan")
    recall = counts[(True, "link+")] / max(known_queries, 1)
    print(
        f"  context {mode:<10} link at {settings.upper:+.1f} rule {rule:<36} "
        f"auto-links {links} (precision {precision:.4f}, recall {recall:.3f}; wrong: "
        f"{counts[(True, 'link-')]} to another person, {counts[(False, 'link-')]} "
        f"of a newcomer); review {reviews} ({reviews / len(tops):.3f}); "
        f"known left new {counts[(True, 'new')]}; load average {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()

"""Splink baseline for the identity-resolution benchmarks (issue 4).

A standard, unsupervised Splink (5.x, DuckDB backend) model of the kind its documentation
recommends for people data, run on the ``input.csv`` / ``truth.csv`` sets written by
``benchmarks/linkage_data.py``. It is the yardstick Mixflow's matcher is compared with, so it
is deliberately *not* tuned to our data beyond what a careful practitioner would do without
labels: light cleaning (trim, lower case, empty → null), a date comparison that still gives
year-only dates credit for an equal year, name-based blocking, u by random sampling, m by EM.

Usage:
    python benchmarks/baselines/splink_baseline.py dedupe INPUT.csv --out CLUSTERS.csv
    python benchmarks/baselines/splink_baseline.py online INPUT.csv --queries 200

Both print a JSON line of figures. Peak memory is the whole process's peak RSS, so run one
measurement per process (the script does).
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import random
import resource
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

NAME_COLUMNS = ("given_name", "family_name", "father_name")
TEXT_COLUMNS = (*NAME_COLUMNS, "sex", "date_of_birth", "nationality")
U_MAX_PAIRS = 1e7
EM_MAX_PAIRS = 2e6


def _peak_mb() -> float:
    # ru_maxrss is in KiB on Linux (bytes on macOS; the benchmarks run on Linux).
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _scalar(con: Any, sql: str) -> int:
    # This DuckDB refuses further work while a result is only partly fetched: fetch it all.
    return int(con.execute(sql).fetchall()[0][0])


def _load_sql(source_sql: str) -> str:
    """Cleaning every Splink tutorial does first: trim, lower case, empty strings to null."""
    cleaned = ", ".join(f"nullif(lower(trim({c})), '') as {c}" for c in TEXT_COLUMNS)
    dob_year = "nullif(substr(trim(date_of_birth), 1, 4), '') as dob_year"
    # Column names are our constants and source_sql a quoted path: nothing user-typed.
    return f"select record_id, {cleaned}, {dob_year} from {source_sql}"  # noqa: S608


def _csv_source(path: Path) -> str:
    quoted = str(path).replace("'", "''")
    return f"read_csv('{quoted}', header=true, all_varchar=true)"


def _settings() -> Any:
    """Comparisons and prediction blocking rules, as the Splink docs build them for people."""
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    # DateOfBirthComparison's levels, plus one for an equal year: the data holds year-only
    # and year-month dates that Splink's date parsing would otherwise treat as disagreeing.
    dob = cl.CustomComparison(
        output_column_name="date_of_birth",
        comparison_levels=[
            cll.NullLevel("date_of_birth"),
            cll.ExactMatchLevel("date_of_birth"),
            cll.LevenshteinLevel("date_of_birth", 1),
            cll.AbsoluteDateDifferenceLevel(
                "date_of_birth", input_is_string=True, threshold=1, metric="month"
            ),
            cll.AbsoluteDateDifferenceLevel(
                "date_of_birth", input_is_string=True, threshold=1, metric="year"
            ),
            cll.ExactMatchLevel("dob_year"),
            cll.AbsoluteDateDifferenceLevel(
                "date_of_birth", input_is_string=True, threshold=10, metric="year"
            ),
            cll.ElseLevel(),
        ],
    )
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="record_id",
        comparisons=[
            cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("family_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("father_name").configure(term_frequency_adjustments=True),
            dob,
            cl.ExactMatch("sex"),
            cl.ExactMatch("nationality").configure(term_frequency_adjustments=True),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("given_name", "family_name"),
            block_on("given_name", "dob_year"),
            block_on("family_name", "dob_year"),
            # Typo-tolerant passes, still small enough for a million records.
            block_on("substr(given_name, 1, 2)", "substr(family_name, 1, 2)", "dob_year"),
            block_on("date_of_birth", "substr(given_name, 1, 1)"),
        ],
        additional_columns_to_retain=["dob_year"],
    )


def _trained_linker(db_api: Any, table_name: str, seed: int = 0) -> Any:
    """A linker on ``table_name`` with u from random sampling and m from EM (no labels)."""
    from splink import Linker, block_on

    linker = Linker(db_api.register(table_name), _settings(), log_level=logging.WARNING)
    training = linker.training
    training.estimate_probability_two_random_records_match(
        [block_on("given_name", "family_name", "date_of_birth")], recall=0.7
    )
    training.estimate_u_using_random_sampling(max_pairs=U_MAX_PAIRS, seed=seed)
    # Two EM passes, each blocking on what the other one trains (the docs' pattern).
    training.estimate_parameters_using_expectation_maximisation(
        block_on("given_name", "family_name"), max_pairs=EM_MAX_PAIRS
    )
    training.estimate_parameters_using_expectation_maximisation(
        block_on("date_of_birth"), max_pairs=EM_MAX_PAIRS
    )
    return linker


def splink_dedupe(input_csv: Path, out_csv: Path, threshold: float = 0.9) -> dict[str, Any]:
    """Deduplicate ``input_csv`` with Splink; write ``record_id,cluster_id`` for every row.

    ``pairs`` is the number of scored pairs Splink keeps (match probability ≥ 0.5), the
    graph that is then clustered at ``threshold``.
    """
    from splink import DuckDBAPI

    start = time.perf_counter()
    db_api = DuckDBAPI()
    con = db_api.duckdb_con
    con.execute(f"create table records as {_load_sql(_csv_source(Path(input_csv)))}").fetchall()
    n_records = _scalar(con, "select count(*) from records")
    linker = _trained_linker(db_api, "records")
    trained = time.perf_counter()
    predictions = linker.inference.predict(threshold_match_probability=0.5)
    pairs = _scalar(con, f"select count(*) from {predictions.physical_name}")  # noqa: S608
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=threshold
    )
    out_csv = Path(out_csv)
    out_csv.parent.mkdir(parents=True, exist_ok=True)
    quoted = str(out_csv).replace("'", "''")
    # Records Splink never paired still appear in its cluster table (as singletons); the
    # left join keeps the promise of one row per input record regardless.
    sql = f"""copy (
            select r.record_id, coalesce(c.cluster_id, r.record_id) as cluster_id
            from records r left join {clusters.physical_name} c using (record_id)
            order by r.record_id
        ) to '{quoted}' (header, delimiter ',')"""  # noqa: S608
    con.execute(sql).fetchall()
    end = time.perf_counter()
    return {
        "records": int(n_records),
        "seconds": round(end - start, 2),
        "train_seconds": round(trained - start, 2),
        "peak_mb": round(_peak_mb(), 1),
        "pairs": int(pairs),
        "threshold": threshold,
        "splink": _splink_version(),
    }


def _splink_version() -> str:
    import splink

    return str(splink.__version__)


def _truth(truth_csv: Path) -> dict[str, str]:
    with Path(truth_csv).open(newline="", encoding="utf-8") as f:
        return {row["record_id"]: row["cluster_id"] for row in csv.DictReader(f)}


def splink_online(input_csv: Path, n_queries: int = 200, seed: int = 0) -> dict[str, Any]:
    """Time "is this person already registered?" one query at a time.

    Queries are records whose person has another record in the file; they are taken out of
    the indexed set, the model is trained on what is left, and each query is matched against
    it with ``predict_between`` (Splink 5's successor of ``find_matches_to_new_records``).
    "top1" is the share of queries whose best-scoring candidate is the same person.
    """
    from splink import DuckDBAPI

    input_csv = Path(input_csv)
    truth = _truth(input_csv.parent / "truth.csv")
    sizes = Counter(truth.values())
    candidates = sorted(r for r, c in truth.items() if sizes[c] > 1)
    rng = random.Random(seed)
    queries: list[str] = []
    taken: Counter[str] = Counter()
    for record_id in rng.sample(candidates, len(candidates)):
        # Leave at least one record of the person in the index, or the query has no answer.
        if taken[truth[record_id]] + 1 < sizes[truth[record_id]]:
            queries.append(record_id)
            taken[truth[record_id]] += 1
        if len(queries) == n_queries:
            break

    start = time.perf_counter()
    db_api = DuckDBAPI()
    con = db_api.duckdb_con
    con.execute(f"create table all_records as {_load_sql(_csv_source(input_csv))}").fetchall()
    con.execute("create table query_ids (record_id varchar)").fetchall()
    con.executemany("insert into query_ids values (?)", [[q] for q in queries]).fetchall()
    for kept, join in (("query_records", "semi"), ("indexed", "anti")):
        con.execute(
            f"create table {kept} as select * from all_records "  # noqa: S608
            f"{join} join query_ids using (record_id)"
        ).fetchall()
    con.execute("drop table all_records").fetchall()
    n_indexed = _scalar(con, "select count(*) from indexed")
    linker = _trained_linker(db_api, "indexed", seed=seed)
    for column in (*NAME_COLUMNS, "nationality"):
        linker.table_management.compute_tf_table(column)
    indexed = db_api.register("indexed", table_name="indexed_for_queries")
    query_ids = [r[0] for r in con.execute("select record_id from query_records").fetchall()]
    ready = time.perf_counter()

    latencies: list[float] = []
    top1 = 0
    found_any = 0
    for i, query_id in enumerate(query_ids):
        t0 = time.perf_counter()
        # The new registration arrives as a one-row table, as it would from a form.
        con.execute(
            f"create table query_{i} as select * from query_records where record_id = ?",  # noqa: S608
            [query_id],
        ).fetchall()
        query = db_api.register(f"query_{i}", table_name=f"query_{i}")
        result = linker.inference.predict_between(query, indexed, warning_mode="never")
        best = con.execute(
            f"select record_id_r from {result.physical_name} "  # noqa: S608
            "order by match_probability desc limit 1"
        ).fetchall()
        latencies.append((time.perf_counter() - t0) * 1000)
        result.drop_table_from_database_and_remove_from_cache()
        if best:
            found_any += 1
            top1 += truth[str(best[0][0])] == truth[query_id]

    latencies.sort()
    n = len(latencies)
    return {
        "indexed": int(n_indexed),
        "queries": n,
        "setup_seconds": round(ready - start, 2),
        "p50_ms": round(statistics.median(latencies), 1) if n else None,
        "p95_ms": round(latencies[min(n - 1, int(0.95 * n))], 1) if n else None,
        "top1_rate": round(top1 / n, 4) if n else None,
        "any_candidate_rate": round(found_any / n, 4) if n else None,
        "peak_mb": round(_peak_mb(), 1),
        "splink": _splink_version(),
    }


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def pairwise_f1(clusters_csv: Path, truth_csv: Path) -> dict[str, float]:
    """Pairwise precision, recall and F1 of a clustering, counted from cluster sizes in O(n).

    Records missing from ``clusters_csv`` count as singletons.
    """
    truth = _truth(truth_csv)
    predicted = _truth(clusters_csv)  # same two-column layout
    pred_sizes: Counter[str] = Counter()
    true_sizes: Counter[str] = Counter()
    both: Counter[tuple[str, str]] = Counter()
    for record_id, true_cluster in truth.items():
        pred_cluster = predicted.get(record_id, f"\0{record_id}")
        pred_sizes[pred_cluster] += 1
        true_sizes[true_cluster] += 1
        both[(pred_cluster, true_cluster)] += 1
    tp = sum(_pairs(n) for n in both.values())
    predicted_pairs = sum(_pairs(n) for n in pred_sizes.values())
    true_pairs = sum(_pairs(n) for n in true_sizes.values())
    precision = tp / predicted_pairs if predicted_pairs else 1.0
    recall = tp / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "true_pairs": true_pairs,
        "predicted_pairs": predicted_pairs,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    sub = parser.add_subparsers(dest="command", required=True)
    dedupe = sub.add_parser(
        "dedupe", help="cluster INPUT.csv and print F1 if truth.csv is beside it"
    )
    dedupe.add_argument("input", type=Path)
    dedupe.add_argument("--out", type=Path, required=True)
    dedupe.add_argument("--threshold", type=float, default=0.9)
    online = sub.add_parser("online", help="time one-at-a-time lookups against INPUT.csv")
    online.add_argument("input", type=Path)
    online.add_argument("--queries", type=int, default=200)
    online.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    if args.command == "dedupe":
        figures = splink_dedupe(args.input, args.out, args.threshold)
        truth_csv = args.input.parent / "truth.csv"
        if truth_csv.exists():
            figures.update(pairwise_f1(args.out, truth_csv))
    else:
        figures = splink_online(args.input, args.queries, args.seed)
    json.dump(figures, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""What a deployment's reviewers teach the matcher: F1 after N decisions from its review queue.

The review queue's "same person" / "different people" verdicts are labels from the registry
at hand, the one source of labels a deployment has. In service,
:func:`~mixflow.identity.linkage.learn_from_decisions` relearns an organisation's weights
from them (every 20 decisions past the first 30). This plays a reviewer over each set given:
the batch runs with the shipped settings, the first N pairs of its review list in the
application's order (pairs in the review band, nearest the link threshold first) are
decided by the truth (a reviewer who is always right), the weights are relearned from those N
decisions with the set's records as the name population, and the batch runs again. Only the
weights are measured: the decided pairs are not forced together or apart, so the second F1
is what the learned weights do for every other pair.

Usage: python benchmarks/linkage_reviewed.py DIR [DIR ...] [--decisions 30,100,300]
                                           [--strength 50] [--no-population]
       (each DIR holds ``input.csv`` and ``truth.csv``, as ``linkage_generalise.py --data``
       writes them)
"""

from __future__ import annotations

import argparse
import statistics
from pathlib import Path

from mixflow.identity.linkage import dedupe, learn_from_decisions, load_settings, read_records
from mixflow.identity.linkage.evaluate import pairwise_scores, read_clusters


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="+", type=Path)
    parser.add_argument("--decisions", default="30,100,300")
    parser.add_argument("--strength", type=float, default=50.0)
    parser.add_argument(
        "--no-population",
        action="store_true",
        help="as in service today: no name statistics given with the decisions",
    )
    args = parser.parse_args()
    counts = [int(n) for n in args.decisions.split(",")]
    settings = load_settings()
    print(f"{'set':24} {'shipped':>8}" + "".join(f" {f'after {n}':>10}" for n in counts))
    columns: list[list[float]] = [[] for _ in range(len(counts) + 1)]
    for directory in args.sets:
        records = list(read_records(directory / "input.csv", lenient_dates=True))
        by_id = {r.record_id: r for r in records}
        truth = read_clusters(directory / "truth.csv")
        first = dedupe(records, settings, review_limit=10**7)
        # The application's queue: pairs in the review band, nearest the link threshold
        # first (``identity.queries.review_queue_for``).
        queue = sorted(
            (m for m in first.review if m.score < settings.upper),
            key=lambda m: abs(m.score - settings.upper),
        )
        row = [pairwise_scores(first.clusters, truth).f1]
        for n in counts:
            decided = [
                (by_id[m.left_id], by_id[m.right_id], truth[m.left_id] == truth[m.right_id])
                for m in queue[:n]
            ]
            learned = learn_from_decisions(
                settings,
                decided,
                strength=args.strength,
                population_records=() if args.no_population else records,
            )
            again = dedupe(records, learned, review_limit=0)
            row.append(pairwise_scores(again.clusters, truth).f1)
        for column, value in zip(columns, row, strict=True):
            column.append(value)
        print(f"{directory.name:24} {row[0]:8.3f}" + "".join(f" {v:10.3f}" for v in row[1:]))
    print(
        f"{'mean':24} {statistics.mean(columns[0]):8.3f}"
        + "".join(f" {statistics.mean(c):10.3f}" for c in columns[1:])
    )


if __name__ == "__main__":
    main()

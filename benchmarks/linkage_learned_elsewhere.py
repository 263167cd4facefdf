"""Would a model learned with labels on one generator carry over to another?

Trains the gradient-boosted pair model of ``linkage_ceiling.py`` (every fact the matcher
computes, 37 per pair; out-of-fold threshold) on the labelled sets of one generator, then
scores the sets of another beside the shipped label-free matcher: the test for a learned
comparator that would ship, since the outside set is from a generator no one here has.
Two ways: the model's odds as learned, and moved to the share of matches the batch's own
scores support (the matcher's estimate: EM on the share, the model's evidence held).

Usage: python benchmarks/linkage_learned_elsewhere.py 'DIR/g3_*_12000_3' 'DIR/*_12000_5'
"""

from __future__ import annotations

import argparse
import glob
import statistics
import time
from pathlib import Path

import numpy as np

from linkage_ceiling import (
    Scores,
    at_threshold,
    cluster_f1,
    fs_scores,
    gbm_scores,
    prepare,
    train_gbm,
)
from mixflow.identity.linkage import load_settings
from mixflow.identity.linkage.share import batch_estimate, score_histogram


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("train", help="glob of the labelled sets to learn on")
    parser.add_argument("test", help="glob of the sets to score")
    args = parser.parse_args()
    settings = load_settings()
    started = time.perf_counter()
    train = [prepare(Path(d).name, Path(d), settings) for d in sorted(glob.glob(args.train))]
    model = train_gbm(train, settings)
    same = np.concatenate([p.same for p in train])
    learned_prior = float(np.log2(same.sum() / (~same).sum()))
    print(
        f"learned on {len(train)} sets ({time.perf_counter() - started:.0f} s): threshold"
        f" {model.threshold:+.2f}, share of matches among their candidate pairs"
        f" {learned_prior:+.2f} (log2 odds)",
        flush=True,
    )
    rows: list[tuple[Scores, Scores, Scores]] = []
    for directory in sorted(glob.glob(args.test)):
        p = prepare(Path(directory).name, Path(directory), settings)
        shipped = cluster_f1(p, fs_scores(p, settings), settings)
        odds = gbm_scores(model, p)
        learned = cluster_f1(p, odds, at_threshold(settings, model.threshold))
        # The batch's share: the model's evidence (odds less the learned share) held.
        histogram = score_histogram(odds, learned_prior)
        prior = batch_estimate(histogram.reshape(1, -1), 0.0).prior
        moved = cluster_f1(p, odds - learned_prior + prior, at_threshold(settings, model.threshold))
        truth = float(np.log2(p.same.sum() / (~p.same).sum()))
        rows.append((shipped, learned, moved))
        print(
            f"{p.name[:22]:22} shipped {_fmt(shipped)} | learned {_fmt(learned)} |"
            f" with the batch's share {_fmt(moved)} (share {prior:+.2f}, true {truth:+.2f})",
            flush=True,
        )
    for k, name in enumerate(("shipped", "learned elsewhere", "the same, batch's share")):
        got = [r[k] for r in rows]
        print(
            f"mean of {len(got)}, {name:24} P {statistics.mean(s.precision for s in got):.3f}"
            f" R {statistics.mean(s.recall for s in got):.3f}"
            f" F1 {statistics.mean(s.f1 for s in got):.3f}"
            f" (worst {min(s.f1 for s in got):.3f})"
        )


def _fmt(s: Scores) -> str:
    return f"P {s.precision:.3f} R {s.recall:.3f} F1 {s.f1:.3f}"


if __name__ == "__main__":
    main()

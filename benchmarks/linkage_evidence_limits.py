"""Where the label-free matcher's evidence runs out: variants tried in issue 11's sixth round.

Each variant changes one thing between the scores and the clusters of ``dedupe``, on sets that
``linkage_generalise.py`` writes (``DIR/<config>_<people>_<seed>``, any generator) or on one
large set (``linkage_data.py synthetic``): nothing is fitted on labels, the truth only scores.
``base`` is the shipped matcher (the script checks that it gives ``dedupe``'s clusters).

- ``ceiling:X:T``: the share of matches estimated from the batch may rise up to X bits over
  the shipped prior (it may only fall in the shipped matcher), batch threshold T. The
  estimated prior is printed beside the true one (log2 odds of a candidate pair being one
  person, from the truth).
- ``chosen:X:D``: as ``ceiling:X``, the threshold chosen from the batch's own posteriors:
  where the expected pairwise F1 is highest, less D bits.
- ``crowd:R:S``: pairs whose one shared name is a common one (the name levels "one token
  shared", "one-name person, name shared" and "one name shared, two or more others on each
  side") and who were born the same known year lose S bits per doubling of the records
  holding that name and year beyond R (the median of such pairs at the size the shipped
  weights were measured on, 20,000 records of the project's generator, is 14).
- ``hop:E``: pairs two links apart (links: scores of at least E) that blocking never
  compared are scored and clustered with the others.
- ``unseen:V``: a pair never compared counts V bits in a cluster's average, a pair scored
  under the settings' floor the floor.
- ``floor:V``: every pair scored under V, and every pair never compared, counts V bits in a
  cluster's average (the settings' ``cluster_floor``: -4 shipped since it was measured here,
  the bottom of the review band, -6, before).

Usage: python benchmarks/linkage_evidence_limits.py 'DIR/*_12000_5' base ceiling:8:-2 ...
"""

from __future__ import annotations

import argparse
import csv
import glob
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import numpy.typing as npt

from mixflow.identity.linkage import dedupe, load_settings, read_records
from mixflow.identity.linkage.compare import (
    Comparer,
    joint_level_table,
    name_pair_counts,
    population,
)
from mixflow.identity.linkage.cotravel import cotraveller_scores
from mixflow.identity.linkage.dedupe import (
    batch_settings,
    cluster_scored,
    joint_levels,
    score_pairs,
    without_cycle_collection,
)
from mixflow.identity.linkage.features import Encoder, FeatureBlock
from mixflow.identity.linkage.identical import counted_once, identical_pairs
from mixflow.identity.linkage.settings import LinkSettings
from mixflow.identity.linkage.share import estimated_settings, score_histogram, score_shift

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
#: The name levels of pairs whose one shared name is a common one.
ONE_COMMON_NAME = ("one token shared", "one-name person, name shared")
ONE_OF_MANY = "one name shared, two or more others on each side"


@dataclass
class Batch:
    """One set scored as ``dedupe`` scores it, before the batch's estimates."""

    name: str
    block: FeatureBlock
    settings: LinkSettings
    a: I64
    b: I64
    levels: npt.NDArray[np.int8]
    scores: F64
    joint: npt.NDArray[np.uint8] | None
    together: tuple[I64, I64]
    person: I64
    true_pairs: int
    clusters: dict[str, str]
    ids: list[str]


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def load(directory: Path) -> Batch:
    settings = load_settings()
    with without_cycle_collection():
        records = list(read_records(directory / "input.csv", settings.extra_columns))
        with (directory / "truth.csv").open(encoding="utf-8") as f:
            truth = {row[0]: row[1] for row in csv.reader(f)}
        block = Encoder(settings.extra_columns).encode(records)
        together = identical_pairs(records, block)
        counted = counted_once(len(records), together)
        a, b, levels, scores = score_pairs(block, settings, counted=counted)
        batch = batch_settings(settings, len(records))
        joint = joint_levels(block, batch, a, b) if batch.estimate_fields else None
        ids = [r.record_id for r in records]
        person_of = {p: i for i, p in enumerate(sorted(set(truth.values())))}
        person = np.array([person_of[truth[i]] for i in ids], dtype=np.int64)
        shipped = dedupe(records, settings, review_limit=0).clusters
        return Batch(
            directory.name,
            block,
            batch,
            a,
            b,
            levels,
            scores,
            joint,
            together,
            person,
            sum(_pairs(n) for n in Counter(person.tolist()).values()),
            shipped,
            ids,
        )


def estimated(batch: Batch, scores: F64, lift: float) -> tuple[LinkSettings, F64]:
    """The batch's estimates with the prior's ceiling ``lift`` bits higher, and the scores
    moved to them (a new array)."""
    s = batch.settings
    histograms = score_histogram(scores, s.prior, batch.joint, len(joint_level_table(s)))
    got = estimated_settings(replace(s, prior=s.prior + lift), histograms)
    shift, gain = score_shift(s, got)
    out = scores + shift
    if batch.joint is not None:
        out += gain[batch.joint]
    return got, out


def clusters(
    batch: Batch, a: I64, b: I64, scores: F64, settings: LinkSettings, unseen: float | None
) -> I64:
    """``dedupe``'s co-traveller evidence and clustering."""
    block = batch.block
    if block.group.any():
        scores = cotraveller_scores(block.group, a, b, scores)
    return cluster_scored(
        block.group, block.sex, block.year, a, b, scores, settings, batch.together, unseen
    )


def quality(batch: Batch, roots: I64) -> tuple[float, float, float]:
    predicted = Counter(roots.tolist())
    both = Counter(zip(roots.tolist(), batch.person.tolist(), strict=True))
    right = sum(_pairs(n) for n in both.values())
    precision = right / max(1, sum(_pairs(n) for n in predicted.values()))
    recall = right / max(1, batch.true_pairs)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def crowd_penalty(batch: Batch, reference: float, slope: float) -> F64:
    """Bits taken from each pair by the ``crowd`` variant (zero for most pairs)."""
    block, s = batch.block, batch.settings
    names = s.field("name").levels
    at = next(i for i, f in enumerate(s.fields) if f.name == "name")
    wanted = [names.index(x) for x in (*ONE_COMMON_NAME, ONE_OF_MANY)]
    idx = np.flatnonzero(np.isin(batch.levels[:, at], wanted))
    year = block.year.astype(np.int64)
    ya = year[batch.a[idx]]
    keep = (ya > 0) & (ya == year[batch.b[idx]])
    idx, ya = idx[keep], ya[keep]
    la = block.loose[batch.a[idx]].astype(np.int64)
    lb = block.loose[batch.b[idx]].astype(np.int64)
    shared = np.full(len(idx), -1, dtype=np.int64)
    for j in range(la.shape[1]):
        hit = (la[:, j] >= 0) & (lb == la[:, j : j + 1]).any(1)
        shared = np.where((shared < 0) & hit, la[:, j], shared)
    # Records holding each (name, year), a name written twice in one record counted once.
    loose = block.loose.astype(np.int64)
    again = np.zeros(loose.shape, dtype=bool)
    for j in range(1, loose.shape[1]):
        again[:, j] = (loose[:, :j] == loose[:, j : j + 1]).any(1)
    keys = loose * 4096 + year[:, None]
    held, counts = np.unique(keys[(loose >= 0) & ~again], return_counts=True)
    want = shared * 4096 + ya
    pos = np.clip(np.searchsorted(held, want), 0, len(held) - 1)
    holders = np.where(held[pos] == want, counts[pos], 2)
    out = np.zeros(len(batch.scores))
    out[idx] = slope * np.maximum(0.0, np.log2(holders / reference))
    return out


def two_hop(batch: Batch, scores: F64, edge: float) -> tuple[I64, I64]:
    """Pairs two links apart that are not candidate pairs."""
    n = len(batch.block)
    linked = scores >= edge
    src = np.concatenate([batch.a[linked], batch.b[linked]])
    dst = np.concatenate([batch.b[linked], batch.a[linked]])
    order = np.argsort(src, kind="stable")
    src, dst = src[order], dst[order]
    starts = np.flatnonzero(np.r_[True, src[1:] != src[:-1]])
    sizes = np.diff(np.r_[starts, len(src)])
    codes = [np.zeros(0, dtype=np.int64)]
    for size in np.unique(sizes):
        if size < 2:
            continue
        first = starts[sizes == size]
        iu, ju = np.triu_indices(int(size), k=1)
        x = dst[(first[:, None] + iu[None, :]).ravel()]
        y = dst[(first[:, None] + ju[None, :]).ravel()]
        codes.append(np.minimum(x, y) * n + np.maximum(x, y))
    code = np.unique(np.concatenate(codes))
    have = np.minimum(batch.a, batch.b) * n + np.maximum(batch.a, batch.b)
    code = code[~np.isin(code, have)]
    return code // n, code % n


def run(batch: Batch, variant: str) -> tuple[tuple[float, float, float], str]:
    kind, *args = variant.split(":")
    v = [float(x) for x in args]
    a, b, scores = batch.a, batch.b, batch.scores
    unseen: float | None = None  # the settings' floor, as dedupe counts it
    note = ""
    if kind == "crowd":
        scores = scores - crowd_penalty(batch, v[0], v[1] if len(v) > 1 else 1.0)
    lift = v[0] if kind in ("ceiling", "chosen") else 0.0
    settings, scores = estimated(batch, scores, lift)
    if kind == "ceiling" and len(v) > 1:
        settings = replace(settings, batch_link=v[1])
    if kind == "chosen":
        p = 1.0 / (1.0 + np.exp2(-np.clip(scores, -60, 60)))
        order = np.argsort(-scores)
        expected = np.cumsum(p[order])
        f1 = 2 * expected / (np.arange(1, len(p) + 1) + expected[-1])
        best = int(np.argmax(f1))
        t = float(scores[order][best]) - (v[1] if len(v) > 1 else 0.0)
        settings = replace(settings, batch_link=t)
        note = f" threshold {t:+.2f} (expected pairwise F1 {f1[best]:.3f})"
    if kind == "hop":
        block = batch.block
        xa, xb = two_hop(batch, scores, v[0])
        counted = counted_once(len(block), batch.together)
        comparer = Comparer(
            settings,
            *population(block, counted),
            rivals=name_pair_counts(block, counted),
            records=len(block),
        )
        a = np.concatenate([a, xa])
        b = np.concatenate([b, xb])
        scores = np.concatenate([scores, comparer.pair_scores(block, xa, block, xb)])
        note = f" {len(xa):,} pairs more"
    if kind == "unseen":
        unseen = v[0]
    if kind == "floor":
        # Every pair counts at least V in a cluster's average, compared or not: the pairs
        # scored under V and the pairs never compared alike (monotonic, unlike ``unseen``,
        # where a pair scored under the floor counts the floor, a pair never compared V).
        settings = replace(settings, cluster_floor=v[0], lower=min(settings.lower, v[0]))
    if kind in ("ceiling", "chosen"):
        same = batch.person[batch.a] == batch.person[batch.b]
        truth = float(np.log2(same.sum() / max(1, (~same).sum())))
        note = f" prior {settings.prior:+.2f} (true {truth:+.2f})" + note
    roots = clusters(batch, a, b, scores, settings, unseen)
    if kind == "base":
        # This script's path gives the shipped matcher's clusters.
        got = {i: batch.ids[r] for i, r in zip(batch.ids, roots.tolist(), strict=True)}
        assert got == batch.clusters, "the base variant differs from dedupe"
    return quality(batch, roots), note


def show(q: tuple[float, float, float]) -> str:
    return f"P {q[0]:.3f} R {q[1]:.3f} F1 {q[2]:.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", help="a directory or a glob of directories with input.csv")
    parser.add_argument("variants", nargs="+")
    args = parser.parse_args()
    results: dict[str, list[tuple[float, float, float]]] = {v: [] for v in args.variants}
    for directory in sorted(glob.glob(args.sets)):
        batch = load(Path(directory))
        for variant in args.variants:
            q, note = run(batch, variant)
            results[variant].append(q)
            print(f"{batch.name[:24]:24} {variant:16} {show(q)}{note}", flush=True)
    for variant, got in results.items():
        arr = np.array(got)
        print(
            f"mean of {len(got)}, {variant:16} P {arr[:, 0].mean():.3f} R {arr[:, 1].mean():.3f}"
            f" F1 {arr[:, 2].mean():.3f} (worst {arr[:, 2].min():.3f}),"
            f" precision >= 0.90 in {(arr[:, 0] >= 0.90).sum()}"
        )


if __name__ == "__main__":
    main()

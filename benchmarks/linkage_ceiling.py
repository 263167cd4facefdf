"""How much of the gap to F1 0.80 is reachable with the evidence the records hold? (issue 11)

Ceilings measured *with labels*, on generator 2 (``benchmarks/linkage_generator2.py``), each
fitted on seed 3 and reported on seed 5 (seed 5 chooses nothing), beside the shipped,
label-free matcher on the same files:

1. ``blocking``: share of true pairs that are candidate pairs at all (the shipped blocking),
   and the F1 of an oracle linking exactly the true candidate pairs (clusters: connected
   components of them; precision 1 by construction).
2. ``fs-labelled``: :func:`~mixflow.identity.linkage.model.fit_labelled` on seed 3 of the same
   configuration, the batch threshold chosen on seed 3 for the best cluster F1, then the
   matcher's own scoring and clustering on seed 5; ``fs-pooled``: the same estimator on the
   candidate pairs of all ten configurations' seed 3 pooled (each set's levels measured on its
   own population, as ``dedupe`` does), one threshold chosen on the mean F1 of the ten.
3. ``gbm``: scikit-learn's ``HistGradientBoostingClassifier`` on seed 3's labelled candidate
   pairs, fed every pairwise fact the matcher computes (each field's level, and the raw
   quantities behind them: token counts, shared and unshared names' surprisal, name-set and
   name-pair rival counts, date precisions, birth years, site, nationality); its log2 odds
   replace the Fellegi-Sunter score in the matcher's own clustering (``cluster_scored``), the
   threshold chosen on out-of-fold predictions for seed 3. ``gbm pairwise``: the F1 of the
   candidate pairs it scores above that threshold, without clustering.
4. ``shipped``: the default settings, no labels (what ``linkage_generalise.py`` reports).

Data: the sets ``linkage_generalise.py --people N --seed 3|5 --data DIR`` writes (made here when
missing), plus the project generator's set the harness keeps (``syn_g_11/cli_site``: fitted-on
data, reported for comparison with a model trained on its seed-3 twin ``syn_g_3``).

Usage: python benchmarks/linkage_ceiling.py [--people 12000] [--data DIR] [--configs a,b]
                                            [--samples mixed,sparse_dates] [--no-gbm]
"""

from __future__ import annotations

import argparse
import datetime
import statistics
import tempfile
import time
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

import numpy as np
import numpy.typing as npt

from linkage_generalise import _project_set
from linkage_generator2 import CONFIGS, generate
from mixflow.identity.linkage import LinkRecord, dedupe, load_settings, read_records
from mixflow.identity.linkage.blocking import candidate_pairs
from mixflow.identity.linkage.compare import (
    Comparer,
    name_pair_counts,
    population,
)
from mixflow.identity.linkage.cotravel import cotraveller_scores
from mixflow.identity.linkage.dedupe import cluster_scored, with_batch_estimates
from mixflow.identity.linkage.evaluate import Scores, pairwise_scores, read_clusters
from mixflow.identity.linkage.features import (
    PAIR_TOKENS,
    Encoder,
    FeatureBlock,
    name_pair_year_hashes,
    nameyear_hash,
)
from mixflow.identity.linkage.identical import counted_once, identical_pairs
from mixflow.identity.linkage.model import fit_labelled, labelled_weights
from mixflow.identity.linkage.settings import LinkSettings
from mixflow.identity.linkage.share import batch_settings

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
I8 = npt.NDArray[np.int8]

#: Batch thresholds tried on seed 3 (log2 odds); the review floor keeps the shipped gap below.
GRID = tuple(float(x) for x in np.arange(-8.0, 8.01, 1.0))
FINE = (-0.5, -0.25, 0.25, 0.5)


@dataclass
class Prepared:
    """One data set with its candidate pairs, their levels and the truth."""

    name: str
    records: list[LinkRecord]
    truth: dict[str, str]
    block: FeatureBlock
    a: I64
    b: I64
    levels: I8
    same: npt.NDArray[np.bool_]
    together: tuple[I64, I64]
    true_pairs: int
    features: F64 | None = None


def prepare(name: str, directory: Path, settings: LinkSettings) -> Prepared:
    """Candidate pairs and levels exactly as ``dedupe`` computes them (shipped blocking)."""
    records = list(read_records(directory / "input.csv", lenient_dates=True))
    truth = read_clusters(directory / "truth.csv")
    encoder = Encoder(settings.extra_columns)
    block = encoder.encode(records)
    extra_at = {c: i for i, c in enumerate(settings.extra_columns)}
    a, b = candidate_pairs(
        block, settings.blocking, settings.max_block_size, extra_at, settings.neighbours
    )
    together = identical_pairs(records, block)
    counted = counted_once(len(records), together)
    surprisal, sets = population(block, counted)
    rivals = name_pair_counts(block, counted)
    comparer = Comparer(
        settings, surprisal, sets, words=encoder.extra_words, rivals=rivals, records=len(block)
    )
    levels = comparer.levels(block, a, block, b)
    person = np.array([truth[r.record_id] for r in records])
    same = person[a] == person[b]
    _, counts = np.unique(person, return_counts=True)
    p = Prepared(
        name,
        records,
        truth,
        block,
        a,
        b,
        levels,
        same,
        together,
        int((counts * (counts - 1) // 2).sum()),
    )
    p.features = pair_features(p, surprisal, sets, rivals)
    return p


# --- Scoring and clustering, as dedupe does them -------------------------------------------


def clusters_of(p: Prepared, scores: F64, settings: LinkSettings) -> dict[str, str]:
    """``dedupe``'s clustering of ``p`` given pair scores (log2 odds) in place of its own."""
    block = p.block
    if block.group.any():
        scores = cotraveller_scores(block.group, p.a, p.b, scores)
    roots = cluster_scored(
        block.group, block.sex, block.year, p.a, p.b, scores, settings, p.together
    )
    ids = [r.record_id for r in p.records]
    return dict(zip(ids, (ids[i] for i in roots.tolist()), strict=True))


def at_threshold(settings: LinkSettings, link: float) -> LinkSettings:
    """``settings`` joining in batch from ``link``; the review floor keeps its gap below."""
    gap = settings.cluster_link - settings.lower
    return replace(settings, batch_link=link, lower=link - gap, upper=max(settings.upper, link))


def cluster_f1(p: Prepared, scores: F64, settings: LinkSettings) -> Scores:
    return pairwise_scores(clusters_of(p, scores, settings), p.truth)


def choose_threshold(
    sets: Sequence[tuple[Prepared, F64]], settings: LinkSettings
) -> tuple[float, float]:
    """The batch threshold with the best mean cluster F1 over ``sets``: a coarse grid, then
    finer steps around its best."""

    def mean_f1(t: float) -> float:
        s = at_threshold(settings, t)
        return statistics.mean(cluster_f1(p, sc, s).f1 for p, sc in sets)

    tried = {t: mean_f1(t) for t in GRID}
    best = max(tried, key=lambda t: tried[t])
    for d in FINE:
        tried[best + d] = mean_f1(best + d)
    best = max(tried, key=lambda t: tried[t])
    return best, tried[best]


# --- Labelled Fellegi-Sunter -----------------------------------------------------------


def fs_scores(p: Prepared, settings: LinkSettings) -> F64:
    """Scores as ``dedupe`` makes them: with the batch's own share of matches and estimated
    fields when the settings ask for them (labelled fits ask for neither)."""
    scores = Comparer(settings).scores(p.levels)
    settings = batch_settings(settings, len(p.records))
    if settings.estimate_prior or settings.estimate_fields:
        joint = np.zeros(len(scores), dtype=np.int32)
        for name in settings.estimate_fields:
            column = [f.name for f in settings.fields].index(name)
            joint = joint * len(settings.field(name).levels) + p.levels[:, column]
        with_batch_estimates(scores, settings, joint.astype(np.uint8))
    return scores


# --- Pair features for the gradient-boosted model ----------------------------------------


def _lookup(hashes: I64, counts: I64, keys: I64) -> I64:
    if len(hashes) == 0:
        return np.zeros(len(keys), dtype=np.int64)
    at = np.clip(np.searchsorted(hashes, keys), 0, len(hashes) - 1)
    return np.where((hashes[at] == keys) & (keys != 0), counts[at], 0)


def pair_features(
    p: Prepared,
    surprisal: F64,
    sets: tuple[I64, I64],
    rivals: tuple[I64, I64] | None,
) -> F64:
    """Every pairwise fact the matcher computes, as numbers (the levels first)."""
    blk, a, b = p.block, p.a, p.b
    la = blk.loose[a].astype(np.int64)
    lb = blk.loose[b].astype(np.int64)
    ka = blk.keys[a].astype(np.int64)
    kb = blk.keys[b].astype(np.int64)
    bits = np.concatenate([surprisal, [0.0]])
    sa = np.where(la >= 0, bits[np.where(la >= 0, la, -1)], 0.0)
    sb = np.where(lb >= 0, bits[np.where(lb >= 0, lb, -1)], 0.0)
    found_a = np.stack([(lb == la[:, j : j + 1]).any(1) & (la[:, j] >= 0) for j in range(6)], 1)
    found_b = np.stack([(la == lb[:, j : j + 1]).any(1) & (lb[:, j] >= 0) for j in range(6)], 1)
    strict_a = np.stack([(kb == ka[:, j : j + 1]).any(1) & (ka[:, j] >= 0) for j in range(6)], 1)
    na = (la >= 0).sum(1)
    nb = (lb >= 0).sum(1)
    shared = found_a.sum(1)
    shared_bits = (sa * found_a).sum(1)
    min_shared_bits = np.where(found_a, sa, np.inf).min(1)
    min_shared_bits[~np.isfinite(min_shared_bits)] = 0.0
    unshared_a = (sa * ((la >= 0) & ~found_a)).sum(1)
    unshared_b = (sb * ((lb >= 0) & ~found_b)).sum(1)
    given_a = sa[:, 0]
    given_b = sb[:, 0]
    ya = blk.year[a].astype(np.int64)
    yb = blk.year[b].astype(np.int64)
    known = (ya > 0) & (yb > 0)
    dy = np.where(known, np.abs(ya - yb), -1)
    this_year = datetime.date.today().year
    age = np.where(known, this_year - np.maximum(ya, yb), -1)
    hashes, counts = sets
    set_a = _lookup(hashes, counts, blk.nameset[a])
    set_b = _lookup(hashes, counts, blk.nameset[b])
    sy_a = _lookup(hashes, counts, nameyear_hash(blk.nameset[a], blk.year[a]))
    sy_b = _lookup(hashes, counts, nameyear_hash(blk.nameset[b], blk.year[b]))
    # The rarest shared pair of names among records of the pair's birth year, raw.
    pair_rivals = np.full(len(a), -1, dtype=np.int64)
    if rivals is not None:
        same_year = known & (ya == yb)
        best = np.full(len(a), np.iinfo(np.int64).max, dtype=np.int64)
        for i in range(PAIR_TOKENS):
            for j in range(i + 1, PAIR_TOKENS):
                ok = same_year & found_a[:, i] & found_a[:, j] & (la[:, i] != la[:, j])
                h = name_pair_year_hashes(
                    np.minimum(la[:, i], la[:, j]),
                    np.maximum(la[:, i], la[:, j]),
                    blk.year[a],
                )
                c = _lookup(*rivals, h)
                best = np.where(ok, np.minimum(best, c), best)
        pair_rivals = np.where(best < np.iinfo(np.int64).max, best, -1)
    cols: list[npt.NDArray[np.generic]] = [p.levels[:, j] for j in range(p.levels.shape[1])]
    cols += [
        na,
        nb,
        shared,
        strict_a.sum(1),
        shared_bits,
        min_shared_bits,
        unshared_a,
        unshared_b,
        np.minimum(given_a, given_b),
        np.maximum(given_a, given_b),
        blk.loose[a, 0] == blk.loose[b, 0],
        set_a,
        set_b,
        sy_a,
        sy_b,
        pair_rivals,
        blk.precision[a],
        blk.precision[b],
        dy,
        age,
        np.where(known, np.minimum(ya, yb), -1),
        (blk.month[a] == blk.month[b]) & (blk.month[a] > 0),
        (blk.day[a] == blk.day[b]) & (blk.day[a] > 0),
        blk.sex[a],
        blk.sex[b],
        blk.nat[a, 0] == blk.nat[b, 0],
        (blk.nat[a, 1] > 0) | (blk.nat[b, 1] > 0),
        blk.site[a] == blk.site[b],
    ]
    return np.stack([np.asarray(c, dtype=np.float64) for c in cols], 1)


def _log2_odds(prob: F64) -> F64:
    q = np.clip(prob, 1e-9, 1 - 1e-9)
    return np.asarray(np.log2(q / (1 - q)), dtype=np.float64)


def _gbm(categorical: int) -> object:
    from sklearn.ensemble import HistGradientBoostingClassifier

    return HistGradientBoostingClassifier(
        max_iter=300,
        learning_rate=0.1,
        max_leaf_nodes=31,
        early_stopping=True,
        validation_fraction=0.1,
        n_iter_no_change=20,
        categorical_features=list(range(categorical)),
        random_state=0,
    )


#: Share of the two-people candidate pairs a classifier is trained on (the rest weigh for
#: them): they are 95% of the pairs and nearly all alike; keeping a quarter makes training
#: four times faster without moving the estimated odds.
NEGATIVES_KEPT = 0.25


@dataclass
class Gbm:
    """Two classifiers over pair features (one per half of the people, each scoring the
    other half: out-of-fold), and the thresholds chosen on those out-of-fold scores."""

    models: tuple[object, object]
    threshold: float
    pair_threshold: float


def train_gbm(train: Sequence[Prepared], settings: LinkSettings) -> Gbm:
    """Fit on ``train``'s candidate pairs, two folds by person; thresholds chosen on the
    out-of-fold predictions, so that the choice is not made on what a model has memorised.
    New data is scored by the mean log-odds of the two models."""
    n_levels = train[0].levels.shape[1]
    x = np.concatenate([p.features for p in train if p.features is not None])
    y = np.concatenate([p.same for p in train])
    # Folds by person: all pairs whose first record is one person's fall on one side.
    folds = np.concatenate(
        [
            np.array(
                [
                    zlib.crc32(f"{p.name}/{p.truth[p.records[i].record_id]}".encode()) & 1
                    for i in p.a.tolist()
                ]
            )
            for p in train
        ]
    )
    rng = np.random.default_rng(0)
    kept = y | (rng.random(len(y)) < NEGATIVES_KEPT)
    weight = np.where(y, 1.0, 1.0 / NEGATIVES_KEPT)
    oof = np.zeros(len(y))
    models = []
    for k in (0, 1):
        fit_on = (folds != k) & kept
        m = _gbm(n_levels)
        m.fit(x[fit_on], y[fit_on], sample_weight=weight[fit_on])  # type: ignore[attr-defined]
        oof[folds == k] = m.predict_proba(x[folds == k])[:, 1]  # type: ignore[attr-defined]
        models.append(m)
    scored: list[tuple[Prepared, F64]] = []
    start = 0
    for p in train:
        scored.append((p, _log2_odds(oof[start : start + len(p.a)])))
        start += len(p.a)
    threshold, _ = choose_threshold(scored, settings)
    pair_t = max(
        (float(t) for t in np.arange(-6, 6.01, 0.25)),
        key=lambda t: statistics.mean(pairwise_f1(p, sc, t).f1 for p, sc in scored),
    )
    return Gbm((models[0], models[1]), threshold, pair_t)


def gbm_scores(g: Gbm, p: Prepared) -> F64:
    odds = [_log2_odds(m.predict_proba(p.features)[:, 1]) for m in g.models]  # type: ignore[attr-defined]
    return np.asarray(np.mean(odds, axis=0), dtype=np.float64)


def pairwise_f1(p: Prepared, scores: F64, threshold: float) -> Scores:
    """Candidate pairs scoring at least ``threshold`` as the links, no clustering; recall
    counts every true pair, blocked or not."""
    got = scores >= threshold
    tp = int((got & p.same).sum())
    pp = int(got.sum())
    prec = tp / pp if pp else 1.0
    rec = tp / p.true_pairs if p.true_pairs else 1.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return Scores(prec, rec, f1, tp, pp, p.true_pairs, len(p.records))


# --- Blocking ceiling --------------------------------------------------------------------


def blocking_ceiling(p: Prepared) -> tuple[float, Scores]:
    """(share of true pairs blocked, F1 of the components of the true candidate pairs)."""
    n = len(p.records)
    parent = np.arange(n)

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = int(parent[i])
        return i

    for i, j in zip(p.a[p.same].tolist(), p.b[p.same].tolist(), strict=True):
        ri, rj = root(i), root(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)
    ids = [r.record_id for r in p.records]
    clusters = {ids[i]: ids[root(i)] for i in range(n)}
    share = int(p.same.sum()) / p.true_pairs if p.true_pairs else 1.0
    return share, pairwise_scores(clusters, p.truth)


def blocking_variants(
    data: Path, people: int, names: Sequence[str], settings: LinkSettings, caps: Sequence[str]
) -> None:
    """The blocking ceiling of seed 5 under other block size caps: how much of what blocking
    misses is the cap on common names' blocks (pairs compared are counted too)."""
    print(
        f"{'configuration (seed 5)':22}"
        + "".join(f" | {c + ': blocked / F1 / pairs':32}" for c in caps)
    )
    got: dict[str, list[tuple[float, float]]] = {c: [] for c in caps}
    for name in names:
        directory = data / f"{name}_{people}_5"
        records = list(read_records(directory / "input.csv", lenient_dates=True))
        truth = read_clusters(directory / "truth.csv")
        block = Encoder(settings.extra_columns).encode(records)
        person = np.array([truth[r.record_id] for r in records])
        _, counts = np.unique(person, return_counts=True)
        cells = []
        for cap in caps:
            size, _, window = cap.partition("n")
            a, b = candidate_pairs(block, settings.blocking, int(size), {}, int(window or 0))
            same = person[a] == person[b]
            p = Prepared(
                name,
                records,
                truth,
                block,
                a,
                b,
                np.zeros((len(a), 0), dtype=np.int8),
                same,
                (a[:0], b[:0]),
                int((counts * (counts - 1) // 2).sum()),
            )
            share, oracle = blocking_ceiling(p)
            got[cap].append((share, oracle.f1))
            cells.append(f"{share:.3f} / {oracle.f1:.3f} / {len(a):,}")
        print(f"{name:22}" + "".join(f" | {c:32}" for c in cells), flush=True)
    print(
        f"{'mean (worst F1)':22}"
        + "".join(
            f" | {statistics.mean(x for x, _ in v):.3f} / {statistics.mean(y for _, y in v):.3f}"
            f" ({min(y for _, y in v):.3f}){'':11}"
            for v in got.values()
        )
    )


# --- Errors, side by side ------------------------------------------------------------------


def _show(r: LinkRecord) -> str:
    names = " / ".join(x for x in (r.given_name, r.father_name, r.family_name) if x)
    return f"{names}, {r.sex or '?'}, {r.date_of_birth or '-'}, {r.nationality or '-'}, {r.site}"


def print_errors(p: Prepared, scores: F64, clusters: dict[str, str], k: int = 10) -> None:
    """``k`` false negatives (true pairs apart, most confident first among those blocked, then
    never blocked) and ``k`` false positives (pairs put together that are two people)."""
    rng = np.random.default_rng(0)
    ids = [r.record_id for r in p.records]
    together = np.array(
        [clusters[ids[i]] == clusters[ids[j]] for i, j in zip(p.a, p.b, strict=True)]
    )
    fn = np.flatnonzero(p.same & ~together)
    fp = np.flatnonzero(~p.same & together)
    print(
        f"\n{p.name}: false negatives among candidate pairs {len(fn):,}, "
        f"false positives {len(fp):,}"
    )
    for label, rows in (("false negative", fn), ("false positive", fp)):
        pick = rng.choice(rows, size=min(k, len(rows)), replace=False) if len(rows) else rows
        for at in sorted(pick.tolist(), key=lambda x: -scores[x]):
            i, j = int(p.a[at]), int(p.b[at])
            print(
                f"  {label:14} {scores[at]:+6.1f}  {_show(p.records[i]):55} | {_show(p.records[j])}"
            )
    # Never blocked at all: a few, to show what blocking misses.
    person = np.array([p.truth[i] for i in ids])
    pairs = set(zip(p.a[p.same].tolist(), p.b[p.same].tolist(), strict=True))
    by_person: dict[str, list[int]] = {}
    for i, q in enumerate(person.tolist()):
        by_person.setdefault(q, []).append(i)
    unblocked: list[tuple[int, int]] = []
    for members in by_person.values():
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                i, j = members[x], members[y]
                if (i, j) not in pairs and (j, i) not in pairs:
                    unblocked.append((i, j))
    print(f"  never compared (not blocked): {len(unblocked):,} true pairs, e.g.")
    for n in rng.choice(len(unblocked), size=min(5, len(unblocked)), replace=False).tolist():
        i, j = unblocked[n]
        print(f"  {'not blocked':14} {'':6}  {_show(p.records[i]):55} | {_show(p.records[j])}")


# --- Run -------------------------------------------------------------------------------------


def _fmt(s: Scores) -> str:
    return f"{s.precision:.3f} / {s.recall:.3f} / {s.f1:.3f}"


def _load(
    data: Path, people: int, seed: int, names: Sequence[str], settings: LinkSettings
) -> dict[str, Prepared]:
    out: dict[str, Prepared] = {}
    for name in names:
        directory = data / f"{name}_{people}_{seed}"
        if not (directory / "truth.csv").exists():
            generate(CONFIGS[name], people, seed, directory)
        out[name] = prepare(name, directory, settings)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=12000)
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "lk-g2")
    parser.add_argument("--configs", default=",".join(CONFIGS))
    parser.add_argument("--samples", default="mixed,sparse_dates")
    parser.add_argument("--no-gbm", action="store_true")
    parser.add_argument("--no-project", action="store_true")
    parser.add_argument(
        "--block-caps",
        default="",
        help="only the blocking ceiling of seed 5, for these block size caps (e.g. 50,200,1000)"
        " and sorted neighbourhoods (e.g. 50n4: cap 50, 4 neighbours in larger blocks)",
    )
    parser.add_argument(
        "--max-block-size",
        type=int,
        default=0,
        help="another block size cap for every column (the shipped column then is the shipped"
        " weights with that cap)",
    )
    parser.add_argument("--no-pooled-gbm", action="store_true")
    args = parser.parse_args()
    settings = load_settings()
    if args.max_block_size:
        settings = replace(settings, max_block_size=args.max_block_size)
    names = args.configs.split(",")
    if args.block_caps:
        blocking_variants(args.data, args.people, names, settings, args.block_caps.split(","))
        return
    t0 = time.perf_counter()
    train = _load(args.data, args.people, 3, names, settings)
    test = _load(args.data, args.people, 5, names, settings)
    if not args.no_project:
        # The project generator: the set the harness keeps (seed 11) and a seed-3 twin to fit on.
        test["project"] = prepare("project", _project_set(args.data, args.people, 11), settings)
        twin = _project_set(args.data, args.people, 3)
        train["project"] = prepare("project", twin, settings)
    print(f"prepared {len(train) + len(test)} sets in {time.perf_counter() - t0:.0f} s", flush=True)

    # The prepared levels are the ones fit_labelled compares: both fits of one set agree.
    first = next(iter(train.values()))
    direct = fit_labelled(first.records, first.truth, settings)
    mine = labelled_weights(first.levels, first.same, settings)
    assert abs(direct.prior - mine.prior) < 1e-9
    assert all(
        np.allclose(f.weights(), g.weights())
        for f, g in zip(direct.fields, mine.fields, strict=True)
    )

    g2 = list(names)
    pooled = labelled_weights(
        np.concatenate([train[n].levels for n in g2]),
        np.concatenate([train[n].same for n in g2]),
        settings,
    )
    pooled_t, _ = choose_threshold([(train[n], fs_scores(train[n], pooled)) for n in g2], settings)
    print(f"fs-pooled: threshold {pooled_t:+.2f} (chosen on seed 3)", flush=True)
    pooled_gbm: Gbm | None = None
    if not args.no_gbm and not args.no_pooled_gbm:
        t = time.perf_counter()
        pooled_gbm = train_gbm([train[n] for n in g2], settings)
        print(
            f"gbm-pooled: threshold {pooled_gbm.threshold:+.2f}, pairwise "
            f"{pooled_gbm.pair_threshold:+.2f} ({time.perf_counter() - t:.0f} s)",
            flush=True,
        )

    header = (
        f"{'configuration (seed 5)':18} {'blocked':>7} | {'blocking oracle P/R/F1':21} | "
        f"{'shipped P/R/F1':21} | {'fs-labelled':21} | {'fs-pooled':21} | "
        f"{'gbm':21} | {'gbm-pooled':21} | {'gbm pairwise':21} | thresholds fs / gbm"
    )
    print(header, flush=True)
    rows: dict[str, dict[str, Scores]] = {}
    blocked: dict[str, float] = {}
    samples = set(args.samples.split(","))
    sample_out: list[Callable[[], None]] = []
    for name, p in test.items():
        t = time.perf_counter()
        share, oracle = blocking_ceiling(p)
        blocked[name] = share
        shipped = pairwise_scores(dedupe(p.records, settings, review_limit=0).clusters, p.truth)
        # The shipped scoring through this script's clustering path gives dedupe's figure.
        again = cluster_f1(p, fs_scores(p, settings), settings)
        assert abs(again.f1 - shipped.f1) < 1e-9, (again, shipped)
        fitted = fit_labelled(train[name].records, train[name].truth, settings)
        fs_t, _ = choose_threshold([(train[name], fs_scores(train[name], fitted))], settings)
        fs = cluster_f1(p, fs_scores(p, fitted), at_threshold(fitted, fs_t))
        fsp = cluster_f1(p, fs_scores(p, pooled), at_threshold(pooled, pooled_t))
        r = {"oracle": oracle, "shipped": shipped, "fs": fs, "fs-pooled": fsp}
        gbm_t = float("nan")
        if not args.no_gbm:
            g = train_gbm([train[name]], settings)
            sc = gbm_scores(g, p)
            gs = at_threshold(settings, g.threshold)
            clusters = clusters_of(p, sc, gs)
            r["gbm"] = pairwise_scores(clusters, p.truth)
            r["gbm pairwise"] = pairwise_f1(p, sc, g.pair_threshold)
            gbm_t = g.threshold
            if pooled_gbm is not None and name != "project":
                r["gbm-pooled"] = cluster_f1(
                    p, gbm_scores(pooled_gbm, p), at_threshold(settings, pooled_gbm.threshold)
                )
            if name in samples:
                sample_out.append(partial(print_errors, p, sc, clusters))
        rows[name] = r
        cells = " | ".join(
            f"{_fmt(r[k]) if k in r else '-':21}"
            for k in ("oracle", "shipped", "fs", "fs-pooled", "gbm", "gbm-pooled", "gbm pairwise")
        )
        print(
            f"{name:18} {share:7.3f} | {cells} | {fs_t:+.2f} / {gbm_t:+.2f}"
            f"  ({time.perf_counter() - t:.0f} s)",
            flush=True,
        )
    print()
    for k in ("oracle", "shipped", "fs", "fs-pooled", "gbm", "gbm-pooled", "gbm pairwise"):
        got = [(n, rows[n][k]) for n in g2 if k in rows[n]]
        if not got:
            continue
        worst = min(got, key=lambda x: x[1].f1)
        print(
            f"mean of generator 2, {k:13}: P {statistics.mean(s.precision for _, s in got):.3f}"
            f" R {statistics.mean(s.recall for _, s in got):.3f}"
            f" F1 {statistics.mean(s.f1 for _, s in got):.3f}"
            f" (worst {worst[1].f1:.3f}, {worst[0]})"
        )
    print(f"mean share of true pairs blocked: {statistics.mean(blocked[n] for n in g2):.3f}")
    for show in sample_out:
        show()
    print(f"\ntotal {time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()

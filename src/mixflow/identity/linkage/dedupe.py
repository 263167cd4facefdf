"""Batch deduplication: records → clusters, and the pairs a person should review."""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import cache
from typing import cast

import numpy as np
import numpy.typing as npt

from mixflow.identity.linkage.blocking import candidate_pairs
from mixflow.identity.linkage.cluster import ClusterGuard, PairEvidence, cluster_pairs
from mixflow.identity.linkage.compare import (
    CHUNK,
    Comparer,
    joint_level_table,
    name_pair_counts,
    population,
)
from mixflow.identity.linkage.cotravel import cotraveller_scores, describe_adjustment
from mixflow.identity.linkage.explain import FieldExplanation, Match, decide, explain_levels
from mixflow.identity.linkage.features import Encoder, FeatureBlock
from mixflow.identity.linkage.identical import counted_once, identical_pairs, identity_key
from mixflow.identity.linkage.records import LinkRecord
from mixflow.identity.linkage.settings import FieldParams, LinkSettings
from mixflow.identity.linkage.share import (
    batch_settings,
    estimated_settings,
    score_histogram,
    score_shift,
)

__all__ = [
    "DedupeResult",
    "cluster_scored",
    "dedupe",
    "estimated_settings",
    "explain_pairs",
    "identical_pairs",
    "identity_key",
    "joint_levels",
    "score_pairs",
    "with_batch_estimates",
    "without_cycle_collection",
]

#: Review pairs explained at most (the rest are counted): a person reviews a few thousand.
MAX_REVIEW = 100_000


@dataclass(frozen=True)
class DedupeResult:
    """``clusters`` maps every record id to its cluster id (the id of its first record)."""

    clusters: dict[str, str]
    review: list[Match]
    pairs_compared: int
    links: int
    review_total: int
    #: The prior estimated from the batch, when the settings ask for it.
    prior: float | None = None
    #: The settings' ``estimate_fields`` as the batch estimated them.
    estimated_fields: tuple[FieldParams, ...] = ()


@contextmanager
def without_cycle_collection() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a batch run.

    A run makes millions of objects (records, lists, sets of the clustering) and frees
    almost none of them before it ends; each pass of the collector walks them all, for
    nothing: at a million records that was a fifth of the CPU time. Memory is not affected
    (what is freed is freed by reference counting as before); the collector resumes after.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, or None where the C library has none (macOS, musl)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return cast("Callable[[int], int]", libc.malloc_trim)
    except (OSError, AttributeError):
        return None


def _return_freed_memory() -> None:
    """Give the memory freed so far back to the operating system.

    Comparing pairs frees thousands of chunk-sized arrays on several threads; glibc keeps
    what they leave in its per-thread heaps (its threshold for handing large blocks to the
    system rises as they are freed), and clustering then allocates beside it. Handed back
    between the phases, a million records of generator 3 peak at 1.78 GB instead of
    1.96 GB, at no measurable cost in time.
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def score_pairs(
    block: FeatureBlock,
    settings: LinkSettings,
    words: Sequence[Sequence[str]] = (),
    keep_levels: bool = True,
    counted: npt.NDArray[np.bool_] | None = None,
) -> tuple[
    npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int8], npt.NDArray[np.float64]
]:
    """Candidate pairs, their levels and scores (``keep_levels=False``: no levels, as an
    empty matrix; the same scores). ``counted``: the rows the names' crowds count
    (:func:`~mixflow.identity.linkage.identical.counted_once`); every row when ``None``."""
    extra_at = {c: i for i, c in enumerate(settings.extra_columns)}
    a, b = candidate_pairs(
        block, settings.blocking, settings.max_block_size, extra_at, settings.neighbours
    )
    comparer = Comparer(
        settings,
        *population(block, counted),
        words=words,
        rivals=name_pair_counts(block, counted),
        records=len(block),
    )
    if not keep_levels:
        empty = np.zeros((0, len(settings.fields)), dtype=np.int8)
        return a, b, empty, comparer.pair_scores(block, a, block, b)
    levels = comparer.levels(block, a, block, b)
    return a, b, levels, comparer.scores(levels)


def with_batch_estimates(
    scores: npt.NDArray[np.float64],
    settings: LinkSettings,
    joint: npt.NDArray[np.uint8] | None,
) -> LinkSettings:
    """``settings`` with the prior and the ``estimate_fields`` estimated from the batch's
    ``scores``, the scores moved to them in place (see
    :mod:`~mixflow.identity.linkage.share`); as they are when nothing is to be estimated.
    ``joint``: the pairs' levels of those fields (see :func:`joint_levels`), ``None`` when
    there are none. Called on the field scores, before co-traveller evidence; review pairs
    are explained with what it returns."""
    if not settings.estimate_prior and not settings.estimate_fields:
        return settings
    combinations = len(joint_level_table(settings))
    histograms = score_histogram(scores, settings.prior, joint, combinations)
    estimated = estimated_settings(settings, histograms)
    shift, gain = score_shift(settings, estimated)
    scores += shift
    if settings.estimate_fields and joint is not None:
        # By slices: the gains gathered for every pair at once are a temporary the size of
        # the scores (over 200 MB at a million records), the peak of the run.
        for start in range(0, len(scores), CHUNK):
            scores[start : start + CHUNK] += gain[joint[start : start + CHUNK]]
    return estimated


def joint_levels(
    block: FeatureBlock,
    settings: LinkSettings,
    a: npt.NDArray[np.int64],
    b: npt.NDArray[np.int64],
) -> npt.NDArray[np.uint8]:
    """The levels of ``settings.estimate_fields`` of each pair, as one number (all zero when
    there are none); these fields need no population statistics."""
    return Comparer(settings).joint_levels(block, a, block, b)


def dedupe(
    records: Iterable[LinkRecord], settings: LinkSettings, review_limit: int = MAX_REVIEW
) -> DedupeResult:
    """Cluster ``records`` (each record gets a cluster) and list the pairs to review.

    ``review`` holds the ``review_limit`` best-scoring pairs in the review band that were not
    clustered together, explained; ``review_total`` counts them all.
    """
    with without_cycle_collection():
        return _dedupe(records, settings, review_limit)


def _dedupe(
    records: Iterable[LinkRecord], settings: LinkSettings, review_limit: int
) -> DedupeResult:
    recs: Sequence[LinkRecord] = records if isinstance(records, list) else list(records)
    encoder = Encoder(settings.extra_columns)
    block = encoder.encode(recs)
    words = encoder.extra_words
    # The encoder's caches (every distinct name's keys: hundreds of megabytes for a million
    # noisy records) serve an index that keeps encoding; a batch is encoded once.
    del encoder
    _return_freed_memory()
    # Records identical in every field are put together, so they count once in the crowds
    # of their names (``counted_once``).
    together = identical_pairs(recs, block)
    # Levels and the scores before co-traveller evidence only explain review pairs: with
    # none asked for, neither is kept (over a gigabyte each at 10 million records).
    a, b, levels, scores = score_pairs(
        block,
        settings,
        words,
        keep_levels=review_limit > 0,
        counted=counted_once(len(recs), together),
    )
    estimated = settings.estimate_prior
    settings = batch_settings(settings, len(recs))
    fields = settings.estimate_fields
    joint = joint_levels(block, settings, a, b) if fields else None
    settings = with_batch_estimates(scores, settings, joint)
    del joint
    field_scores = scores if review_limit > 0 else np.zeros(0, dtype=scores.dtype)
    _return_freed_memory()
    if block.group.any():
        # Travel groups are batch evidence: which other members match is known only here.
        scores = cotraveller_scores(block.group, a, b, scores)
    linked = scores >= settings.cluster_link
    roots = cluster_scored(block.group, block.sex, block.year, a, b, scores, settings, together)
    ids = [r.record_id for r in recs]
    clusters = dict(zip(ids, (ids[i] for i in roots.tolist()), strict=True))
    open_pairs = np.flatnonzero(
        left_for_review(
            a,
            b,
            scores,
            roots,
            settings,
            cluster_guard(block.group, block.sex, block.year, settings),
        )
    )
    if review_limit > 0:
        order = open_pairs[np.argsort(-scores[open_pairs], kind="stable")][:review_limit]
    else:
        order = open_pairs[:0]
    review = explain_pairs(
        recs, a[order], b[order], levels[order], scores[order], field_scores[order], settings
    )
    return DedupeResult(
        clusters,
        review,
        len(a),
        int(linked.sum()),
        len(open_pairs),
        settings.prior if estimated else None,
        tuple(settings.field(f) for f in fields),
    )


def cluster_guard(
    group: npt.NDArray[np.int32],
    sex: npt.NDArray[np.int8],
    year: npt.NDArray[np.int16],
    settings: LinkSettings,
) -> ClusterGuard:
    """The facts that keep records apart, as the clustering checks them (one construction
    for clustering and for choosing the pairs to review)."""
    return ClusterGuard(group, sex, year, settings.guard_year_spread, settings.guard_sex)


def left_for_review(
    a: npt.NDArray[np.int64],
    b: npt.NDArray[np.int64],
    scores: npt.NDArray[np.float64],
    roots: npt.NDArray[np.int64],
    settings: LinkSettings,
    guard: ClusterGuard,
) -> npt.NDArray[np.bool_]:
    """Which pairs a person should look at: left in different clusters and scored in the
    review band, or above it but kept apart by the cluster as a whole (one record already
    holds a third that disagrees). Above the band only pairs the guard allows: a man and
    a woman, or two records born a generation apart, need no one's time."""
    # Narrowed step by step: arrays over every compared pair (tens of millions at national
    # scale) are what sets the batch's peak memory.
    at = np.flatnonzero(scores >= settings.lower)
    at = at[roots[a[at]] != roots[b[at]]]
    above = at[scores[at] >= settings.upper]
    keep = np.zeros(len(scores), dtype=bool)
    keep[at] = True
    keep[above] = guard.allows(a[above], b[above])
    return keep


def cluster_scored(
    group: npt.NDArray[np.int32],
    sex: npt.NDArray[np.int8],
    year: npt.NDArray[np.int16],
    a: npt.NDArray[np.int64],
    b: npt.NDArray[np.int64],
    scores: npt.NDArray[np.float64],
    settings: LinkSettings,
    together: tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]],
    unseen: float | None = None,
) -> npt.NDArray[np.int64]:
    """Cluster number of each record (its first member's index), from the scored pairs.

    The one clustering step of every engine: the Spark engine runs it on each connected
    component of the linked pairs, which gives the same clusters as one run on them all
    (joins never cross components). ``unseen``: what a pair never compared counts in a
    cluster's average (the settings' floor unless given; the benchmarks vary it).
    """
    n = len(group)
    linked = scores >= settings.cluster_link
    floor = settings.evidence_floor
    known = scores >= floor
    return cluster_pairs(
        n,
        a[linked],
        b[linked],
        scores[linked],
        settings.max_cluster_size,
        cluster_guard(group, sex, year, settings),
        # Pairs under the floor count as the floor, as pairs never compared do: left out of
        # the look-up, to save memory at national scale.
        evidence=PairEvidence.of(
            n,
            a[known],
            b[known],
            scores[known],
            settings.cluster_link,
            floor if unseen is None else unseen,
        ),
        together=together,
    )


def explain_pairs(
    records: Sequence[LinkRecord],
    a: npt.NDArray[np.int64],
    b: npt.NDArray[np.int64],
    levels: npt.NDArray[np.int8],
    scores: npt.NDArray[np.float64],
    field_scores: npt.NDArray[np.float64],
    settings: LinkSettings,
) -> list[Match]:
    """The pairs ``(records[a[k]], records[b[k]])`` explained for a reviewer, co-traveller
    evidence (``scores - field_scores``) as one more line."""
    comparer = Comparer(settings)
    return [
        _adjusted(
            explain_levels(records[i], records[j], lv.tolist(), comparer),
            float(s - f),
            records[i],
            records[j],
            settings,
        )
        for i, j, lv, s, f in zip(
            a.tolist(), b.tolist(), levels, scores.tolist(), field_scores.tolist(), strict=True
        )
    ]


def _adjusted(
    match: Match, delta: float, left: LinkRecord, right: LinkRecord, settings: LinkSettings
) -> Match:
    """``match`` with the co-traveller evidence added as one more explained line."""
    if abs(delta) < 1e-9:
        return match
    line = FieldExplanation(
        "co_travellers",
        describe_adjustment(delta, left.group_id, right.group_id),
        round(delta, 3),
        left.group_id,
        right.group_id,
    )
    score = match.score + delta
    return replace(
        match, score=score, decision=decide(score, settings), fields=(*match.fields, line)
    )

"""Batch deduplication: records → clusters, and the pairs a person should review."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from mixflow.identity.linkage.blocking import candidate_pairs
from mixflow.identity.linkage.cluster import cluster_pairs
from mixflow.identity.linkage.compare import Comparer, population
from mixflow.identity.linkage.explain import Match, explain_levels
from mixflow.identity.linkage.features import Encoder, FeatureBlock
from mixflow.identity.linkage.records import LinkRecord
from mixflow.identity.linkage.settings import LinkSettings

__all__ = ["DedupeResult", "dedupe", "score_pairs"]

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


def score_pairs(
    block: FeatureBlock, settings: LinkSettings, words: Sequence[Sequence[str]] = ()
) -> tuple[
    npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int8], npt.NDArray[np.float64]
]:
    """Candidate pairs, their levels and scores."""
    extra_at = {c: i for i, c in enumerate(settings.extra_columns)}
    a, b = candidate_pairs(block, settings.blocking, settings.max_block_size, extra_at)
    comparer = Comparer(settings, *population(block), words=words)
    levels = comparer.levels(block, a, block, b)
    return a, b, levels, comparer.scores(levels)


def dedupe(
    records: Iterable[LinkRecord], settings: LinkSettings, review_limit: int = MAX_REVIEW
) -> DedupeResult:
    """Cluster ``records`` (each record gets a cluster) and list the pairs to review.

    ``review`` holds the ``review_limit`` best-scoring pairs in the review band that were not
    clustered together, explained; ``review_total`` counts them all.
    """
    recs: Sequence[LinkRecord] = records if isinstance(records, list) else list(records)
    encoder = Encoder(settings.extra_columns)
    block = encoder.encode(recs)
    a, b, levels, scores = score_pairs(block, settings, encoder.extra_words)
    linked = scores >= settings.upper
    roots = cluster_pairs(
        len(recs), a[linked], b[linked], scores[linked], settings.max_cluster_size
    )
    ids = [r.record_id for r in recs]
    clusters = dict(zip(ids, (ids[i] for i in roots.tolist()), strict=True))
    in_band = np.flatnonzero(~linked & (scores >= settings.lower))
    # Pairs already clustered together need no review: only those left apart.
    open_pairs = in_band[roots[a[in_band]] != roots[b[in_band]]]
    if review_limit > 0:
        order = open_pairs[np.argsort(-scores[open_pairs], kind="stable")][:review_limit]
    else:
        order = open_pairs[:0]
    comparer = Comparer(settings)
    review = [
        explain_levels(recs[int(a[k])], recs[int(b[k])], levels[k].tolist(), comparer)
        for k in order
    ]
    return DedupeResult(clusters, review, len(a), int(linked.sum()), len(open_pairs))

"""The share of candidate pairs that are one person, estimated from the batch at hand.

The shipped prior is the log2 odds that a candidate pair is one person in the registry the
weights were measured on. That share is the one figure that does not carry over: it depends
on how varied the names are, how many records each person has and how blocking groups them
(measured on the project's generator and two others: 1.4% to 37% of candidate pairs, log2
odds -6.1 to -0.8, against the shipped -5.1). The weights, what each level says, carry over
far better. So a batch keeps the weights and estimates the share by EM on that one number,
the weights held: the only freedom is a shift of every score, bounded, and only downwards:
a batch may find its pairs less likely to be one person than the shipped prior says (a
registry of a million, where namesakes crowd every block), never more.

Some fields say nothing of who a person is, only of how people move and declare themselves
where the data was taken: being registered at the same site is strong evidence of one person
where people come back to the site they first came to (+3.6 bits on generator 2), and
evidence against where each person passes each site once (the project's generator; -1.7 on
generator 3); another nationality is a slip in one registry (-3.1 bits on generator 2's
mixed set) and a change of papers in another (-0.2 where Afghans and Iranians move between
the two countries). No shipped weight can be right for both, so the settings'
``estimate_fields`` are estimated by the same EM, jointly with the share: the name and date
evidence, held, tells which pairs are one person; the batch says how often those share a
site or a nationality. Each estimate starts from the shipped weights, leans on them as on a
few dozen pairs, and keeps their floors (BENCHMARKS.md, "Where people are registered, read
from the batch").

The estimate reads histograms of the scores, one per combination of the estimated fields'
levels, so the Spark engine, which sums the histograms of its partitions, finds the very
same estimates as the in-process engine.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Final

import numpy as np
import numpy.typing as npt

from mixflow.identity.linkage.compare import joint_level_table

# The bounds and the fewest pairs of the unlabelled fit: the estimate stays inside the same
# bounds, and with fewer candidate pairs the shipped prior is kept.
from mixflow.identity.linkage.model import M_FLOOR, MIN_PAIRS, SHARE_BOUNDS, U_FLOOR
from mixflow.identity.linkage.settings import FieldParams, LinkSettings

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]
U8 = npt.NDArray[np.uint8]

#: Histogram bins per bit of score: a shift read to 1/64 of a bit.
BINS_PER_BIT: Final = 64
#: Scores are counted from -SPAN to +SPAN bits (further out, in the outer bins).
SPAN: Final = 64
BINS: Final = 2 * SPAN * BINS_PER_BIT
#: EM rounds at most (it settles in a few dozen).
ITERATIONS: Final = 200
#: How many pairs' worth of weight an estimated field's shipped m and u keep: a batch of a
#: few hundred records, with a few dozen matches, moves them about half way.
PSEUDO_MATCHES: Final = 50.0
#: The most records a batch estimates its ``estimate_fields`` on; a larger one keeps their
#: shipped weights. Checked against the labels at a million records on two generators (the
#: estimates within 0.1-0.8 bits of them); at ten million records of the project's
#: generator the name and date evidence no longer told one person's pairs from namesakes'
#: (the batch's own share of matches read 2.6 times the labels'), and the estimate read
#: another nationality as no evidence where one person's records never differ in it (F1
#: 0.413 -> 0.371). BENCHMARKS.md, "Where people are registered, read from the batch".
FIELDS_MAX_RECORDS: Final = 2_000_000
#: Scores binned per numpy step.
CHUNK: Final = 1 << 20


def score_histogram(
    scores: F64, prior: float, joint: U8 | None = None, combinations: int = 1
) -> I64:
    """Counts of ``scores - prior`` (the evidence, in bits) by bins of 1/64 bit: one row per
    value of ``joint`` (the estimated fields' levels together, see
    :meth:`~mixflow.identity.linkage.compare.Comparer.joint_levels`), ``(combinations,
    BINS)``; one flat row without it."""
    out = np.zeros(combinations * BINS, dtype=np.int64)
    # By slices: three temporaries the size of a national batch's scores would be the run's
    # peak memory.
    for start in range(0, len(scores), CHUNK):
        at = np.floor((scores[start : start + CHUNK] - prior + SPAN) * BINS_PER_BIT)
        at = np.clip(at, 0, BINS - 1).astype(np.int64)
        if joint is not None:
            at += joint[start : start + CHUNK].astype(np.int64) * BINS
        out += np.bincount(at, minlength=combinations * BINS)
    return out if joint is None else out.reshape(combinations, BINS)


def estimated_prior(histogram: I64, prior: float) -> float:
    """The log2 odds of a candidate pair being one person that the batch's evidence supports
    (EM on the share of matches, the weights held); ``prior`` when there are too few pairs.
    """
    return batch_estimate(histogram.reshape(-1, BINS), prior).prior


@dataclass(frozen=True)
class BatchEstimate:
    """What a batch's scores support: the prior and the estimated fields' m and u."""

    prior: float
    m: tuple[tuple[float, ...], ...] = ()
    u: tuple[tuple[float, ...], ...] = ()


def batch_estimate(
    histograms: I64,
    prior: float,
    fields: Sequence[FieldParams] = (),
    table: npt.NDArray[np.int64] | None = None,
    move_prior: bool = True,
) -> BatchEstimate:
    """EM on the share of matches (``move_prior``) and on the m and u of ``fields``, every
    other weight held.

    ``histograms`` has one row per combination of the fields' levels (``table``: the level
    of each field in each row, see
    :func:`~mixflow.identity.linkage.compare.joint_level_table`), counted on scores made
    with the fields' own weights. Each field's estimate starts from its shipped m and u and
    leans on them as on :data:`PSEUDO_MATCHES` pairs of one person, so that a small batch
    moves them little (see :func:`_level_shares`); every weight stays within the shipped
    floors' bounds. With fewer than ``MIN_PAIRS`` pairs nothing moves.
    """
    fields = tuple(fields)
    table = np.zeros((1, 0), dtype=np.int64) if table is None else table
    counts = histograms.astype(np.float64)
    total = float(counts.sum())
    shipped = BatchEstimate(prior, tuple(f.m for f in fields), tuple(f.u for f in fields))
    if total < MIN_PAIRS:
        return shipped
    centres = (np.arange(BINS) + 0.5) / BINS_PER_BIT - SPAN
    # The evidence of each bin without the estimated fields' own weights (their shipped
    # ones are in the scores counted).
    held = centres[None, :] - _weights(fields, table, [f.m for f in fields], [f.u for f in fields])
    cap = float(np.clip(2.0**prior / (1 + 2.0**prior), *SHARE_BOUNDS))
    share = cap
    m = [np.array(f.m, dtype=np.float64) for f in fields]
    u = [np.array(f.u, dtype=np.float64) for f in fields]
    # A field no pair of the batch knows (no site column, every nationality blank) keeps its
    # shipped m and u exactly.
    shown = [bool(counts[table[:, k] > 0].sum() > 0) for k in range(len(fields))]
    for _ in range(ITERATIONS):
        odds = np.log2(share / (1 - share)) + held + _weights(fields, table, m, u)
        posterior = 1.0 / (1.0 + np.exp2(-np.clip(odds, -60, 60)))
        matched = counts * posterior
        new = share
        if move_prior:
            # Only ever more cautious than the shipped prior. Where the batch says matches
            # are rarer among its pairs (a larger registry, fewer records per person), the
            # weights' odds are too high and links too many; where it says they are more
            # common, the estimate leans on weights that overstate the evidence there
            # (measured: a third more links, precision 0.96 → 0.92 on generator 3), and a
            # wrong merge joins two people's files.
            new = min(cap, float(np.clip(matched.sum() / total, *SHARE_BOUNDS)))
        by_row_m = matched.sum(1)
        by_row_u = counts.sum(1) - by_row_m
        moved = abs(new - share)
        for k, f in enumerate(fields):
            if not shown[k]:
                continue
            levels = table[:, k]
            new_m, new_u = _level_shares(by_row_m, by_row_u, levels, f)
            moved = max(moved, float(np.abs(new_m - m[k]).max()), float(np.abs(new_u - u[k]).max()))
            m[k], u[k] = new_m, new_u
        share = new
        if moved < 1e-7:
            break
    at_cap = not move_prior or share >= cap  # the shipped prior, to the last bit
    return BatchEstimate(
        prior if at_cap else float(np.log2(share / (1 - share))),
        tuple(tuple(float(x) for x in v) for v in m),
        tuple(tuple(float(x) for x in v) for v in u),
    )


def _weights(
    fields: tuple[FieldParams, ...],
    table: npt.NDArray[np.int64],
    m: Sequence[Sequence[float] | F64],
    u: Sequence[Sequence[float] | F64],
) -> F64:
    """``(rows, 1)``: the fields' weights summed for each row of ``table``."""
    out = np.zeros((len(table), 1), dtype=np.float64)
    for k, f in enumerate(fields):
        w = np.array(FieldParams(f.name, f.levels, tuple(m[k]), tuple(u[k])).weights())
        out[:, 0] += w[table[:, k]]
    return out


def _level_shares(
    by_row_m: F64, by_row_u: F64, levels: npt.NDArray[np.int64], field: FieldParams
) -> tuple[F64, F64]:
    """m and u of ``field``: each level's share of the expected one-person and two-people
    pairs where the field is known, mixed with the shipped shares as if these were
    :data:`PSEUDO_MATCHES` more pairs of one person. Both sides are mixed in the same
    proportion, so a level the batch hardly shows keeps its shipped weight (a file where
    everyone declares one nationality says nothing of another); each weight then stays
    within the shipped floors' bounds."""
    size = len(field.levels)
    shares = []
    for by_row in (by_row_m, by_row_u):
        counts = np.bincount(levels, weights=by_row, minlength=size).astype(np.float64)
        counts[0] = 0.0
        shares.append(counts)
    matched = float(shares[0].sum())
    mix = PSEUDO_MATCHES / (matched + PSEUDO_MATCHES)
    out = []
    for counts, shipped in zip(shares, (field.m, field.u), strict=True):
        start = np.array(shipped, dtype=np.float64)
        start[0] = 0.0
        start /= max(float(start.sum()), 1e-12)
        total = float(counts.sum())
        data = counts / total if total > 0 else start
        out.append((1 - mix) * data + mix * start)
    m, u = out
    # No level near-impossible, none near-certain: as the shipped settings' floors bound
    # them, a disagreement costs at most log2(M_FLOOR), an agreement gains at most
    # log2(1 / U_FLOOR).
    known = slice(1, size)
    u[known] = np.maximum(u[known], 1e-12)
    weight = np.clip(
        np.log2(np.maximum(m[known], 1e-300) / u[known]), np.log2(M_FLOOR), -np.log2(U_FLOOR)
    )
    m[known] = u[known] * np.exp2(weight)
    m[known] /= m[known].sum()
    return m, u


def estimated_settings(settings: LinkSettings, histograms: I64) -> LinkSettings:
    """``settings`` with the prior and the ``estimate_fields`` a batch's histograms (see
    :func:`score_histogram`) support, marked as estimated (nothing is estimated twice)."""
    fields = tuple(settings.field(f) for f in settings.estimate_fields)
    got = batch_estimate(
        histograms.reshape(-1, BINS),
        settings.prior,
        fields,
        joint_level_table(settings),
        move_prior=settings.estimate_prior,
    )
    moved = {f.name: (m, u) for f, m, u in zip(fields, got.m, got.u, strict=True)}
    return replace(
        settings,
        prior=got.prior,
        estimate_prior=False,
        estimate_fields=(),
        fields=tuple(
            replace(f, m=moved[f.name][0], u=moved[f.name][1]) if f.name in moved else f
            for f in settings.fields
        ),
    )


def batch_settings(settings: LinkSettings, records: int) -> LinkSettings:
    """``settings`` as a batch of ``records`` records uses them: without ``estimate_fields``
    past :data:`FIELDS_MAX_RECORDS`, and with the clusters' floor one bit lower for each
    doubling past the size the settings were measured on (never under the review band's
    bottom): the more records, the likelier a strong pair between two clusters is two
    namesakes, and the less two records' sharing no block may be forgiven (measured at ten
    million records: the floor of a small batch there cost precision 0.652 → 0.627 for no F1;
    BENCHMARKS.md, "Pairs never compared, in a cluster's average")."""
    if settings.cluster_floor is not None and records > settings.measured_on:
        floor = max(settings.lower, settings.cluster_floor - settings.size_bits(records))
        settings = replace(settings, cluster_floor=floor)
    if records <= FIELDS_MAX_RECORDS or not settings.estimate_fields:
        return settings
    return replace(settings, estimate_fields=())


def score_shift(settings: LinkSettings, estimated: LinkSettings) -> tuple[float, F64]:
    """What each score gains from ``settings`` to ``estimated``: one shift for the prior,
    and one per combination of the estimated fields' levels (indexed by the joint levels).
    Both engines add the shift, then the combination's gain, to the score made with
    ``settings``: the same numbers in the same order."""
    shift = estimated.prior - settings.prior
    fields = settings.estimate_fields
    if not fields:
        return shift, np.zeros(1, dtype=np.float64)
    table = joint_level_table(settings)
    before = tuple(settings.field(f) for f in fields)
    after = tuple(estimated.field(f) for f in fields)
    gain = _weights(after, table, [f.m for f in after], [f.u for f in after]) - _weights(
        before, table, [f.m for f in before], [f.u for f in before]
    )
    return shift, gain[:, 0]

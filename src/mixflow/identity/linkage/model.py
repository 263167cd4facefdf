"""Fellegi–Sunter weights estimated without labels, and improved with reviewers' decisions.

``u`` (how often two *different* people fall in each level) comes from random pairs, where
almost every pair is two people. ``m`` (how often two records of *one* person do) comes from
expectation–maximisation over the blocked pairs, started from the current settings. Dates are
compared by what both know (1 January is a year), so EM does not learn from placeholder
coincidences. Reviewers' same/different decisions then move m and u towards what they saw.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

import numpy as np
import numpy.typing as npt

from mixflow.identity.linkage.blocking import candidate_pairs
from mixflow.identity.linkage.compare import Comparer, name_pair_counts, population
from mixflow.identity.linkage.features import Encoder
from mixflow.identity.linkage.identical import counted_once, identical_pairs
from mixflow.identity.linkage.records import LinkRecord
from mixflow.identity.linkage.settings import FIELD_LEVELS, FieldParams, LinkSettings
from mixflow.lib.messages import Refusal, gettext_noop

__all__ = [
    "FitRefused",
    "anchored_estimates",
    "fit",
    "fit_labelled",
    "labelled_weights",
    "learn_from_decisions",
]

I8 = npt.NDArray[np.int8]
F64 = npt.NDArray[np.float64]
#: Smallest probability kept for any level, so that no weight is infinite.
FLOOR = 1e-5


class FitRefused(Refusal):
    """The data cannot support an estimate: the message says why (a :class:`Refusal`, for
    the layer that shows it to translate)."""


def _distribution(levels: I8, width: int, weights: F64 | None = None) -> F64:
    counts = np.bincount(levels.astype(np.int64), weights=weights, minlength=width)[:width]
    counts = counts.astype(np.float64)
    counts[1:] = np.maximum(counts[1:], 0)
    known = counts[1:].sum()
    out = np.zeros(width)
    if known > 0:
        out[1:] = np.maximum(counts[1:] / known, FLOOR)
        out[1:] /= out[1:].sum()
    out[0] = 0.0
    return out


def _with(
    settings: LinkSettings, m: Sequence[F64], u: Sequence[F64], **changes: object
) -> LinkSettings:
    fields = tuple(
        FieldParams(f.name, f.levels, tuple(float(x) for x in m[j]), tuple(float(x) for x in u[j]))
        for j, f in enumerate(settings.fields)
    )
    return replace(settings, fields=fields, **changes)  # type: ignore[arg-type]


NAME_FIELDS = ("name", "name_spelling", "name_rarity", "name_set", "name_places")
#: The name level "same names" (every name of each side found in the other).
SAME_NAMES = FIELD_LEVELS["name"].index("same names")


def _share(levels: I8, m: Sequence[F64], u: Sequence[F64], iterations: int = 50) -> float:
    """Share of matches among the pairs, by EM on that one number (m and u held fixed)."""
    ratio = np.zeros(len(levels))
    for j in range(levels.shape[1]):
        # A missing field (level 0) weighs nothing on either side.
        ratio += (
            np.log(np.maximum(m[j][levels[:, j]], FLOOR))
            - np.log(np.maximum(u[j][levels[:, j]], FLOOR))
        ) * (levels[:, j] > 0)
    ratio[:] = np.where(np.isfinite(ratio), ratio, 0.0)
    share = 0.1
    for _ in range(iterations):
        odds = np.log(share / (1 - share)) + ratio
        post = 1.0 / (1.0 + np.exp(-np.clip(odds, -50, 50)))
        share = float(np.clip(post.mean(), 1e-6, 1 - 1e-6))
    return share


def anchored_estimates(levels: I8, settings: LinkSettings) -> tuple[list[F64], list[F64], float]:
    """m, u and the share of matches among candidate pairs, without labels.

    Plain EM over candidate pairs finds the wrong two classes (relatives and namesakes versus
    the rest). Instead m of each field is measured where the *other* fields make the answer
    near-certain: for the non-name fields, among pairs whose identical names are found in
    those two records only; for the name fields, among pairs with the same exact
    (non-placeholder) date of birth and sex. Candidate pairs are overwhelmingly two people, so
    u is their level distribution with the matches' part taken out; the share of matches is
    fitted by EM with m and u held, and u re-derived, a few rounds.
    """
    col = {f.name: j for j, f in enumerate(settings.fields)}
    sure_names = levels[:, col["name"]] == SAME_NAMES
    if "name_set" in col:
        sure_names &= levels[:, col["name_set"]] == 4
    if "name_spelling" in col:
        sure_names &= levels[:, col["name_spelling"]] == 2
    if "date_of_birth" in col:
        sure_dates = levels[:, col["date_of_birth"]] == 8
    else:
        sure_dates = np.zeros(len(levels), dtype=bool)
    if "sex" in col:
        sure_dates &= levels[:, col["sex"]] != 1
    m: list[F64] = []
    overall: list[F64] = []
    for j, f in enumerate(settings.fields):
        width = len(f.levels)
        anchor = sure_dates if f.name in NAME_FIELDS else sure_names
        if f.name in ("date_of_birth", "sex") and "name_set" not in col:
            anchor = sure_names
        n = int(anchor.sum())
        m.append(
            _blend(_distribution(levels[anchor, j], width), f.m, n)
            if n >= 20
            else np.array(f.m, dtype=np.float64)
        )
        overall.append(_distribution(levels[:, j], width))
    share = 0.05
    u = overall
    for _ in range(3):
        u = []
        for j in range(len(m)):
            x = (overall[j] - share * m[j]) / (1 - share)
            x[0] = 0.0
            x[1:] = np.maximum(x[1:], FLOOR)
            x[1:] /= x[1:].sum()
            u.append(x)
        share = _share(levels, m, u)
    return m, u, share


def _has(settings: LinkSettings, name: str) -> bool:
    return any(f.name == name for f in settings.fields)


def _blend(observed: F64, prior: Sequence[float], n: int, strength: float = 20.0) -> F64:
    """Observed level shares, shrunk towards the settings' values by ``strength`` pairs."""
    old = np.array(prior, dtype=np.float64)
    out = (observed * n + old * strength) / (n + strength)
    out[0] = 0.0
    out[1:] = np.maximum(out[1:], FLOOR)
    out[1:] /= out[1:].sum()
    return out


#: Fewest records and candidate pairs a fit needs; below, the shipped weights stay.
MIN_RECORDS = 500
MIN_PAIRS = 200
#: Bounds of the share of candidate pairs that are one person: outside them the estimate has
#: drifted to "everything links" or "nothing links".
SHARE_BOUNDS = (0.002, 0.6)
#: Every level of every field keeps this much probability, as in the shipped settings: no
#: slip is impossible for one person, no agreement certain for two.
M_FLOOR = 0.01
U_FLOOR = 0.001


def _bounded(x: F64, floor: float) -> F64:
    out = np.array(x, dtype=np.float64)
    out[0] = 0.0
    out[1:] = np.maximum(out[1:], floor)
    out[1:] /= out[1:].sum()
    return out


def bounded_em(
    levels: I8,
    settings: LinkSettings,
    m_strength: float | None = None,
    u_strength: float | None = None,
    iterations: int = 30,
) -> tuple[list[F64], list[F64], float]:
    """m, u and the share of matches among candidate pairs, by EM anchored to ``settings``.

    Each field's shipped m and u count as ``m_strength`` / ``u_strength`` pseudo-pairs of
    their class (priors as pseudo-counts), so the data moves them as far as it has evidence
    to; ``None`` (the default) holds them. Every level keeps a floor; the share of matches
    stays within :data:`SHARE_BOUNDS`. Raises :class:`FitRefused` when the estimate says the
    classes swapped (agreeing names count against a match) or the share ran into its bounds.

    Why hold m and u by default: the fields are not independent (names, their spelling, their
    rarity and their count move together; relatives share names, sites and nationality), so
    free EM finds "relatives versus strangers" instead of "one person versus two". On data
    from a generator the weights never saw (benchmarks/linkage_generalise.py) freeing u or m
    lowered F1 on every configuration, while fitting the share alone (how often two records
    that share names are one person here) kept or raised it.
    """
    n_fields = levels.shape[1]
    widths = [len(f.levels) for f in settings.fields]
    m0 = [np.array(f.m, dtype=np.float64) for f in settings.fields]
    u0 = [np.array(f.u, dtype=np.float64) for f in settings.fields]
    m = [_bounded(x, M_FLOOR) for x in m0]
    u = [_bounded(x, U_FLOOR) for x in u0]
    share = float(np.clip(2.0**settings.prior / (1 + 2.0**settings.prior), *SHARE_BOUNDS))
    lv = levels.astype(np.int64)
    for _ in range(iterations):
        logit = np.full(len(levels), np.log(share / (1 - share)))
        for j in range(n_fields):
            logit += np.log(m[j][lv[:, j]] + (lv[:, j] == 0)) - np.log(
                u[j][lv[:, j]] + (lv[:, j] == 0)
            )
        post = 1.0 / (1.0 + np.exp(-np.clip(logit, -50, 50)))
        matches = float(post.sum())
        for j in range(n_fields if m_strength is not None or u_strength is not None else 0):
            seen = lv[:, j] > 0
            wm = np.bincount(lv[seen, j], weights=post[seen], minlength=widths[j])[: widths[j]]
            wu = np.bincount(lv[seen, j], weights=1 - post[seen], minlength=widths[j])[: widths[j]]
            if m_strength is not None:
                m[j] = _bounded((wm + m_strength * m0[j]) / (wm.sum() + m_strength), M_FLOOR)
            if u_strength is not None:
                u[j] = _bounded((wu + u_strength * u0[j]) / (wu.sum() + u_strength), U_FLOOR)
        share = matches / len(levels)
        if not SHARE_BOUNDS[0] <= share <= SHARE_BOUNDS[1]:
            raise FitRefused(
                gettext_noop(
                    "the estimate drifted to linking nothing (%(share)s%% of the %(pairs)s "
                    "candidate pairs): the data cannot support a fit; use the shipped settings "
                    "or reviewers' decisions"
                )
                if share < SHARE_BOUNDS[0]
                else gettext_noop(
                    "the estimate drifted to linking everything (%(share)s%% of the %(pairs)s "
                    "candidate pairs): the data cannot support a fit; use the shipped settings "
                    "or reviewers' decisions"
                ),
                share=round(100 * share, 1),
                pairs=len(levels),
            )
    col = {f.name: j for j, f in enumerate(settings.fields)}
    # The strongest agreement of each (not the last level: levels are appended over time).
    for name, level in (("name", SAME_NAMES), ("date_of_birth", -1)):
        if name in col:
            j = col[name]
            if m[j][level] <= u[j][level]:
                raise FitRefused(
                    gettext_noop(
                        "the estimate makes agreeing names count against a match: the data "
                        "cannot support a fit; use the shipped settings"
                    )
                    if name == "name"
                    else gettext_noop(
                        "the estimate makes agreeing dates of birth count against a match: the "
                        "data cannot support a fit; use the shipped settings"
                    )
                )
    return m, u, share


def fit(records: Iterable[LinkRecord], settings: LinkSettings) -> LinkSettings:
    """Estimate weights from unlabelled records by bounded EM (see :func:`bounded_em`).

    Weights are for candidate pairs (pairs that share names): the prior is the log2 odds of a
    candidate pair being one person. Raises :class:`FitRefused`, saying why, when the data is
    too small or the estimate would drift.
    """
    recs = list(records)
    if len(recs) < MIN_RECORDS:
        raise FitRefused(
            gettext_noop(
                "%(records)s records are too few to estimate weights (at least %(least)s): use "
                "the shipped settings"
            ),
            records=len(recs),
            least=MIN_RECORDS,
        )
    encoder = Encoder(settings.extra_columns)
    block = encoder.encode(recs)
    extra_at = {c: i for i, c in enumerate(settings.extra_columns)}
    a, b = candidate_pairs(
        block, settings.blocking, settings.max_block_size, extra_at, settings.neighbours
    )
    if len(a) < MIN_PAIRS:
        raise FitRefused(
            gettext_noop(
                "only %(pairs)s pairs of records share names (at least %(least)s needed): the "
                "data cannot support a fit; use the shipped settings"
            ),
            pairs=len(a),
            least=MIN_PAIRS,
        )
    counted = counted_once(len(block), identical_pairs(recs, block))
    levels = Comparer(
        settings,
        *population(block, counted),
        words=encoder.extra_words,
        rivals=name_pair_counts(block, counted),
        records=len(block),
    ).levels(block, a, block, b)
    m, u, share = bounded_em(levels, settings)
    prior = float(np.log2(share / (1 - share)))
    # The fit has estimated the share of matches with the weights: no second estimate.
    return _with(
        settings,
        m,
        u,
        prior=prior,
        version=settings.version.split("+")[0] + "+fit",
        estimate_prior=False,
    )


def fit_labelled(
    records: Sequence[LinkRecord], truth: dict[str, str], settings: LinkSettings
) -> LinkSettings:
    """m, u and prior measured on candidate pairs whose answer is known (``record_id → person``).

    Used to make the shipped defaults from a labelled synthetic sample (see
    ``benchmarks/linkage_train.py``); in service, :func:`learn_from_decisions` does the same
    with reviewers' decisions, more gently.
    """
    encoder = Encoder(settings.extra_columns)
    block = encoder.encode(records)
    extra_at = {c: i for i, c in enumerate(settings.extra_columns)}
    a, b = candidate_pairs(
        block, settings.blocking, settings.max_block_size, extra_at, settings.neighbours
    )
    counted = counted_once(len(block), identical_pairs(records, block))
    levels = Comparer(
        settings,
        *population(block, counted),
        words=encoder.extra_words,
        rivals=name_pair_counts(block, counted),
        records=len(block),
    ).levels(block, a, block, b)
    person = np.array([truth.get(r.record_id, r.record_id) for r in records])
    return labelled_weights(levels, person[a] == person[b], settings)


def labelled_weights(
    levels: I8, same: npt.NDArray[np.bool_], settings: LinkSettings
) -> LinkSettings:
    """Weights and prior measured on candidate pairs' ``levels`` whose truth is ``same``
    (:func:`fit_labelled`'s estimator; also for sets pooled after each was compared against
    its own population)."""
    m: list[F64] = []
    u: list[F64] = []
    for j, f in enumerate(settings.fields):
        width = len(f.levels)
        mj = _distribution(levels[same, j], width)
        uj = _distribution(levels[~same, j], width)
        # A level no candidate pair reached (two names with no token in common) keeps the
        # weight it had: the sample says nothing about it.
        unseen = np.bincount(levels[:, j].astype(np.int64), minlength=width)[:width] == 0
        unseen[0] = False
        if unseen.any():
            old = np.array(f.weights())
            uj[unseen] = FLOOR
            mj[unseen] = FLOOR * np.exp2(old[unseen])
        m.append(mj)
        u.append(uj)
    share = float(np.clip(same.mean(), 1e-6, 1 - 1e-6))
    # Measured with the answers: nothing left to estimate.
    return _with(
        settings,
        m,
        u,
        prior=float(np.log2(share / (1 - share))),
        estimate_prior=False,
        estimate_fields=(),
    )


def learn_from_decisions(
    settings: LinkSettings,
    decided_pairs: Iterable[tuple[LinkRecord, LinkRecord, bool]],
    strength: float = 200.0,
    population_records: Sequence[LinkRecord] = (),
) -> LinkSettings:
    """Recalibrate the weights on pairs reviewers called *same* or *different*.

    Reviewers decide the pairs the matcher was unsure of, so the decided pairs are a sample
    chosen by their score: the levels of the *different* ones are not the levels of two
    people in general (they share names and dates, or they would not be there), and moving
    u towards them, as this once did, taught the matcher that sharing a name is no evidence
    (generator 2: F1 0.756 → 0.498 after 300 decisions; BENCHMARKS.md, "What reviewers'
    decisions teach"). What such a sample does say without bias is how often a pair with
    this evidence is one person. So each field's weights are scaled by a factor and the
    prior shifted, by a logistic regression of the verdicts on the fields' weights (in
    bits), each factor drawn to 1 and the shift to 0 as if by ``strength`` decisions that
    agreed with the weights as they are, and never by fewer than the decisions themselves:
    what reviewers see is one band of scores, and thousands of its decisions fitted freely
    overrode the weights for every other pair (generator 2, seed 3: F1 0.755 → 0.658 after
    3,000). Only pairs scored under the link threshold teach (see the code), and fields the
    batch estimates itself (``estimate_fields``) keep their weights.

    ``population_records`` (for example the records of the index) give the name statistics;
    without them the name-rarity and name-set levels of the decided pairs are "missing" and
    those fields do not move.
    """
    pairs = list(decided_pairs)
    if not pairs:
        return settings
    recs: list[LinkRecord] = []
    for left, right, _ in pairs:
        recs.extend((left, right))
    encoder = Encoder(settings.extra_columns)
    comparer = Comparer(settings, words=encoder.extra_words)
    if population_records:
        counted = encoder.encode(list(population_records))
        bits, sets = population(counted)
        comparer = Comparer(settings, bits, sets, words=encoder.extra_words, records=len(counted))
    block = encoder.encode(recs)
    idx = np.arange(len(pairs), dtype=np.int64)
    levels = comparer.levels(block, 2 * idx, block, 2 * idx + 1)
    same = np.array([s for _, _, s in pairs], dtype=bool)
    evidence = np.stack(
        [
            np.asarray(f.weights(), dtype=np.float64)[levels[:, j]]
            for j, f in enumerate(settings.fields)
        ],
        axis=1,
    )
    # A pair scored at or over the link threshold yet left for a reviewer was kept apart
    # for a reason outside the pair (a third record its cluster disagrees with): its
    # verdict says nothing about how far the pair's own evidence can be trusted.
    own = settings.prior + evidence.sum(1) < settings.upper
    if not own.any():
        return settings
    evidence, same = evidence[own], same[own]
    free = np.array([f.name not in settings.estimate_fields for f in settings.fields])
    spread = np.array([np.mean(np.square(f.weights()[1:])) for f in settings.fields])
    shift, factors = _recalibrated(
        evidence, same, settings.prior, free, max(strength, len(same)), spread
    )
    fields = tuple(
        _scaled(f, float(k)) if free[j] else f
        for j, (f, k) in enumerate(zip(settings.fields, factors, strict=True))
    )
    return replace(
        settings,
        fields=fields,
        prior=settings.prior + shift,
        version=settings.version.split("+")[0] + "+reviewed",
    )


def _recalibrated(
    evidence: F64,
    same: npt.NDArray[np.bool_],
    prior: float,
    free: npt.NDArray[np.bool_],
    strength: float,
    levels_square: F64,
) -> tuple[float, F64]:
    """``(shift, factors)``: log2 odds of *same* = prior + shift + Σ factor_j · evidence_j,
    fitted by Newton's method with a ridge drawing each factor to 1 and the shift to 0.

    The ridge on each factor is what ``strength`` pairs at even odds spread over the
    field's levels would weigh (the mean square of its weights, in bits): a factor scales
    every level, and the decided pairs may show one (reviewers see pairs of one sex), so
    the pull back must come from all of them. Without it, thirty decisions on pairs of one
    sex scaled "a man and a woman" from -6 bits to -0.6."""
    n_fields = evidence.shape[1]
    # Parameters: the shift, then one factor per free field; fixed fields enter as offset.
    x = np.concatenate([np.ones((len(same), 1)), evidence[:, free]], axis=1) * np.log(2.0)
    offset = (prior + evidence[:, ~free].sum(1)) * np.log(2.0)
    centre = np.concatenate([[0.0], np.ones(int(free.sum()))])
    theta = centre.copy()
    y = same.astype(np.float64)
    spread = np.concatenate([[1.0], np.maximum(levels_square[free], 1.0)])
    ridge = strength * 0.25 * np.log(2.0) ** 2 * spread
    for _ in range(50):
        z = np.clip(offset + x @ theta, -50, 50)
        p = 1.0 / (1.0 + np.exp(-z))
        gradient = x.T @ (y - p) - ridge * (theta - centre)
        hessian = (x * (p * (1 - p))[:, None]).T @ x + np.diag(ridge)
        step = np.linalg.solve(hessian, gradient)
        theta += step
        if np.abs(step).max() < 1e-6:
            break
    factors = np.ones(n_fields)
    # A factor at or under zero would turn evidence for into evidence against.
    factors[free] = np.clip(theta[1:], 0.1, 4.0)
    return float(theta[0]), factors


def _scaled(f: FieldParams, factor: float) -> FieldParams:
    """``f`` with every level's weight multiplied by ``factor``, m and u still distributions:
    u is tilted (u·2^(-t·w), t found by bisection) so that m = u·2^(factor·w) sums to 1 too."""
    if abs(factor - 1.0) < 1e-9:
        return f
    w = np.asarray(f.weights()[1:], dtype=np.float64)
    u = np.maximum(np.asarray(f.u[1:], dtype=np.float64), FLOOR)

    def excess(t: float) -> float:
        tilted = u * np.exp2(-t * w)
        return float(np.log((tilted * np.exp2(factor * w)).sum()) - np.log(tilted.sum()))

    # Weights run to ±30 bits (m or u at its floor): a wider tilt overflows.
    low, high = -20.0, 20.0
    if not (w.min() < 0 < w.max()) or not excess(low) * excess(high) <= 0:
        # All the weights on one side: no tilt balances them; m need not sum to 1 for the
        # weights to hold.
        tilted = u
    else:
        for _ in range(100):
            mid = (low + high) / 2
            if excess(low) * excess(mid) <= 0:
                high = mid
            else:
                low = mid
        tilted = u * np.exp2(-low * w)
    new_u = tilted / tilted.sum()
    new_m = new_u * np.exp2(factor * w)
    return FieldParams(
        f.name,
        f.levels,
        (f.m[0], *(float(v) for v in new_m)),
        (f.u[0], *(float(v) for v in new_u)),
    )

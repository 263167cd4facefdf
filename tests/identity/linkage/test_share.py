"""The share of matches among a batch's candidate pairs, estimated from the batch (issue 11):
one number moved, only towards caution, the same in every engine."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from mixflow.identity.linkage import LinkRecord, dedupe, load_settings
from mixflow.identity.linkage.dedupe import with_batch_prior
from mixflow.identity.linkage.share import MIN_PAIRS, estimated_prior, score_histogram

SETTINGS = load_settings()


def _scores(pairs: int, share: float, prior: float, seed: int = 3) -> np.ndarray:
    """Scores of ``pairs`` candidate pairs of which ``share`` are one person, under weights
    that are right: the evidence of a pair is the log2 likelihood ratio of two normal
    distributions of one sum (matches around +8 bits, others around -8, spread 4)."""
    rng = np.random.default_rng(seed)
    is_match = rng.random(pairs) < share
    x = np.where(is_match, rng.normal(4.0, 2.0, pairs), rng.normal(-4.0, 2.0, pairs))
    # log2 of N(x; 4, 2) / N(x; -4, 2): 2x nats, in bits.
    evidence = 2.0 * x / math.log(2)
    return prior + evidence


@pytest.mark.parametrize("share", [0.004, 0.01, 0.02])
def test_a_batch_where_matches_are_rarer_lowers_the_prior_to_their_share(share: float) -> None:
    prior = SETTINGS.prior  # about 3% of candidate pairs
    got = estimated_prior(score_histogram(_scores(200_000, share, prior), prior), prior)
    assert got == pytest.approx(math.log2(share / (1 - share)), abs=0.15)


def test_a_batch_where_matches_seem_more_common_keeps_the_shipped_prior() -> None:
    """Never bolder than the shipped settings: a wrong merge joins two people's files."""
    prior = SETTINGS.prior
    scores = _scores(200_000, 0.25, prior)
    assert estimated_prior(score_histogram(scores, prior), prior) == prior


def test_too_few_pairs_keep_the_shipped_prior() -> None:
    prior = SETTINGS.prior
    scores = _scores(MIN_PAIRS - 1, 0.001, prior)
    assert estimated_prior(score_histogram(scores, prior), prior) == prior
    assert estimated_prior(score_histogram(np.zeros(0), prior), prior) == prior


def test_every_score_moves_by_the_same_shift() -> None:
    prior = SETTINGS.prior
    scores = _scores(50_000, 0.005, prior)
    before = scores.copy()
    estimated = with_batch_prior(scores, SETTINGS)
    assert estimated.prior < prior
    assert not estimated.estimate_prior  # estimated once
    assert np.allclose(scores - before, estimated.prior - prior)
    off = dataclasses.replace(SETTINGS, estimate_prior=False)
    again = before.copy()
    assert with_batch_prior(again, off) is off
    assert np.array_equal(again, before)


def _crowd() -> list[LinkRecord]:
    """Many people sharing few names, one record each but for a few: most candidate pairs
    are namesakes, far fewer of them one person than the shipped prior expects."""
    given = ["Ali", "Mohammad", "Ahmad", "Reza", "Hassan", "Hussein", "Omar", "Yusuf"]
    family = ["Ahmadi", "Mohammadi", "Rahimi", "Karimi", "Hosseini", "Rezaei"]
    out = []
    for i in range(3000):
        out.append(
            LinkRecord(
                record_id=f"r{i}",
                given_name=given[i % len(given)],
                family_name=family[(i // len(given)) % len(family)],
                sex="male",
                date_of_birth=f"{1960 + i % 45}-{1 + i % 12:02d}-{1 + i % 28:02d}",
                nationality="AFG",
            )
        )
    return out


def test_dedupe_reports_the_prior_it_used_and_explains_with_it() -> None:
    records = _crowd()
    result = dedupe(records, SETTINGS)
    assert result.prior is not None
    assert result.prior < SETTINGS.prior
    assert result.review
    for match in result.review[:50]:
        # The explanation's starting point is the batch's prior, and its lines add up to
        # the score shown.
        assert match.prior == pytest.approx(result.prior)
        # (each line is rounded to a thousandth of a bit)
        total = match.prior + sum(f.weight for f in match.fields)
        assert total == pytest.approx(match.score, abs=0.01)
    fixed = dedupe(records, dataclasses.replace(SETTINGS, estimate_prior=False))
    assert fixed.prior is None
    # More caution: no more links than with the shipped prior.
    assert result.links <= fixed.links

"""The share of matches among a batch's candidate pairs, estimated from the batch (issue 11):
one number moved, only towards caution, the same in every engine; and the weights of the
fields that depend on where the data was taken (site, nationality), estimated with it."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from mixflow.identity.linkage import LinkRecord, dedupe, load_settings
from mixflow.identity.linkage.dedupe import with_batch_estimates
from mixflow.identity.linkage.settings import SettingsError
from mixflow.identity.linkage.share import (
    MIN_PAIRS,
    estimated_prior,
    estimated_settings,
    score_histogram,
)

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
    prior_only = dataclasses.replace(SETTINGS, estimate_fields=())
    no_fields = np.zeros(len(scores), dtype=np.uint8)
    estimated = with_batch_estimates(scores, prior_only, no_fields)
    assert estimated.prior < prior
    assert not estimated.estimate_prior  # estimated once
    assert np.allclose(scores - before, estimated.prior - prior)
    off = dataclasses.replace(prior_only, estimate_prior=False)
    again = before.copy()
    assert with_batch_estimates(again, off, no_fields) is off
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


SITE_ONLY = dataclasses.replace(SETTINGS, estimate_fields=("site",))


def _site_batch(
    pairs: int, share: float, same_site_if_one: float, same_site_if_two: float, seed: int = 5
) -> tuple[np.ndarray, np.ndarray]:
    """Scores made with the shipped settings (where the site weighs nothing) and each pair's
    site level (1 different, 2 same; a tenth unknown): one person's pairs share a site
    ``same_site_if_one`` of the time, two people's ``same_site_if_two``."""
    assert SETTINGS.field("site").weights() == (0.0, 0.0, 0.0)
    rng = np.random.default_rng(seed)
    is_match = rng.random(pairs) < share
    x = np.where(is_match, rng.normal(4.0, 2.0, pairs), rng.normal(-4.0, 2.0, pairs))
    scores = SETTINGS.prior + 2.0 * x / math.log(2)
    same = rng.random(pairs) < np.where(is_match, same_site_if_one, same_site_if_two)
    site = np.where(same, 2, 1).astype(np.uint8)
    site[rng.random(pairs) < 0.1] = 0
    return scores, site


@pytest.mark.parametrize(
    ("if_one", "if_two"),
    [(0.7, 0.05), (0.02, 0.2)],
    ids=["people come back to their site", "each site passed once"],
)
def test_the_batch_measures_what_sharing_a_site_says(if_one: float, if_two: float) -> None:
    """The same site is strong evidence where people come back to it, evidence against
    where each person passes each site once: no shipped weight is right for both."""
    # A million pairs: where one person's pairs seldom share a site, the few that do (a few
    # hundred here) carry the estimate.
    scores, site = _site_batch(1_000_000, 0.02, if_one, if_two)
    estimated = with_batch_estimates(scores, SITE_ONLY, site)
    got = estimated.field("site").weights()
    assert got[2] == pytest.approx(math.log2(if_one / if_two), abs=0.3)
    assert got[1] == pytest.approx(math.log2((1 - if_one) / (1 - if_two)), abs=0.1)
    assert estimated.estimate_fields == ()  # estimated once
    assert estimated.prior == pytest.approx(math.log2(0.02 / 0.98), abs=0.2)
    # The other fields keep their shipped weights.
    assert estimated.field("nationality") == SETTINGS.field("nationality")


def test_each_score_moves_by_its_site_level_and_the_explanation_adds_up() -> None:
    scores, site = _site_batch(50_000, 0.01, 0.7, 0.05)
    before = scores.copy()
    estimated = with_batch_estimates(scores, SITE_ONLY, site)
    weights = np.array(estimated.field("site").weights())
    assert np.allclose(scores - before, estimated.prior - SETTINGS.prior + weights[site])
    assert weights[0] == 0.0  # an unknown site says nothing


def test_a_small_batch_leans_on_the_shipped_weights() -> None:
    """A few hundred pairs with a dozen matches move the site's weight part of the way; too
    few pairs move nothing at all."""
    big_scores, big_site = _site_batch(100_000, 0.05, 0.7, 0.05)
    big = with_batch_estimates(big_scores, SITE_ONLY, big_site)
    small_scores, small_site = _site_batch(400, 0.05, 0.7, 0.05, seed=9)
    small = with_batch_estimates(small_scores, SITE_ONLY, small_site)
    assert 0 < small.field("site").weights()[2] < big.field("site").weights()[2]
    few_scores, few_site = _site_batch(MIN_PAIRS - 1, 0.05, 0.7, 0.05)
    few = with_batch_estimates(few_scores, SITE_ONLY, few_site)
    assert few.field("site") == SETTINGS.field("site")


def test_an_estimated_weight_keeps_the_shipped_floors() -> None:
    """Never one person's pairs at one site in the batch: the same site weighs against, but
    no more than any disagreement may (log2 of m's floor, 0.01)."""
    scores, site = _site_batch(1_000_000, 0.02, 0.0, 0.3)
    estimated = estimated_settings(SITE_ONLY, score_histogram(scores, SETTINGS.prior, site, 3))
    m = estimated.field("site").m
    assert sum(m[1:]) == pytest.approx(1.0)
    weight = estimated.field("site").weights()[2]
    assert math.log2(0.01) - 0.01 <= weight < -5


def test_a_level_the_batch_never_shows_keeps_its_shipped_weight() -> None:
    """A file where every pair is at one site, or none is, says nothing of the other level:
    its weight stays the shipped one instead of drifting to a floor."""
    nationality = dataclasses.replace(SETTINGS, estimate_fields=("nationality",))
    scores = _scores(100_000, 0.02, SETTINGS.prior)
    everyone_same = np.full(len(scores), 3, dtype=np.uint8)  # "same" nationality
    estimated = with_batch_estimates(scores, nationality, everyone_same)
    got = estimated.field("nationality").weights()
    shipped = SETTINGS.field("nationality").weights()
    assert got[1:3] == pytest.approx(shipped[1:3], abs=0.05)
    assert got[3] == pytest.approx(0.0, abs=0.05)  # what all pairs share tells nothing


@pytest.mark.parametrize(
    "fields",
    [["name"], ["date_of_birth"], ["site", "site"], ["nowhere"]],
)
def test_only_fields_compared_without_counts_can_be_estimated(fields: list[str]) -> None:
    data = SETTINGS.to_dict() | {"estimate_fields": fields}
    with pytest.raises(SettingsError, match="estimate_fields"):
        type(SETTINGS).from_dict(data)


def test_settings_keep_their_estimated_fields() -> None:
    assert SETTINGS.estimate_fields == ("site", "nationality")
    again = type(SETTINGS).from_dict(SETTINGS.to_dict())
    assert again.estimate_fields == SETTINGS.estimate_fields


def test_a_national_batch_keeps_the_shipped_field_weights(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Past FIELDS_MAX_RECORDS the name and date evidence was measured too weak to tell
    namesakes from one person's pairs, so the fields keep their shipped weights; the share of
    matches is still estimated."""
    from mixflow.identity.linkage import share

    at_most = share.batch_settings(SETTINGS, share.FIELDS_MAX_RECORDS)
    assert at_most.estimate_fields == SETTINGS.estimate_fields
    assert share.batch_settings(SETTINGS, SETTINGS.measured_on) is SETTINGS
    big = share.batch_settings(SETTINGS, share.FIELDS_MAX_RECORDS + 1)
    assert big.estimate_fields == ()
    assert big.estimate_prior
    records = _crowd()
    assert dedupe(records, SETTINGS).estimated_fields  # a small batch estimates them
    monkeypatch.setattr(share, "FIELDS_MAX_RECORDS", len(records) - 1)
    result = dedupe(records, SETTINGS)
    assert result.estimated_fields == ()
    assert result.prior is not None
    assert result.prior < SETTINGS.prior

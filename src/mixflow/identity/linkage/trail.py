"""Where and when a person was last seen: evidence for the desk's "already registered?" lookup.

People on the move are registered again days or weeks later, at the next site of their route.
So among namesakes, the one registered a fortnight ago at a site from which people come to
this one is likelier than the one registered two years ago at a site nobody comes from. The
officer knows the site and the date; the index knows where and when each record was made.

Both sides of the evidence are measured on the data at hand, never on a particular generator:

- *one person* (m): how one person's successive registrations spread over time and over pairs
  of sites, counted on the pairs that are almost surely one person (same names, same sex, same
  exact date of birth that is not a 1 January placeholder, few such records), with the priors
  below as pseudo-counts so that a small or new index falls back on them;
- *anybody* (u): how all the index's records spread over time around the query's date and
  over sites.

The evidence is ``log2(m / u)``, bounded (:data:`GAP_BITS`, :data:`SITE_BITS`): context moves
the ranking among namesakes, it does not make a stranger the person.

Django-free; works on the arrays of a :class:`~mixflow.identity.linkage.features.FeatureBlock`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

from mixflow.identity.linkage.features import P_EXACT

__all__ = ["GAP_EDGES", "Trail", "day_number", "estimate_trail", "gap_bucket", "trail_bits"]

I32 = npt.NDArray[np.int32]
I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]

#: Gaps between two registrations, in days: under a week, two weeks, a month, six weeks, three
#: months, six months, a year, more.
GAP_EDGES: Final = (0, 8, 15, 31, 46, 91, 181, 366)
#: The prior share of one person's successive registrations in each gap bucket: people in
#: transit are mostly registered again within weeks, some after months, few after a year.
PRIOR_GAP: Final = (0.15, 0.15, 0.20, 0.15, 0.15, 0.10, 0.05, 0.05)
#: How many observed pairs the priors count as (gap and site alike).
PRIOR_WEIGHT: Final = 20.0
#: Anybody's registrations are taken a priori as spread evenly over this many days around the
#: query's date, counted as :data:`PRIOR_WEIGHT` records: a small index's few dates then do
#: not pass for the population's spread.
PRIOR_SPAN_DAYS: Final = 1461
#: Bounds of each kind of evidence, in bits.
GAP_BITS: Final = (-4.0, 5.0)
SITE_BITS: Final = (-3.0, 4.0)
#: Records sharing names, sex and exact birth date beyond this many are not "surely one
#: person" (a popular name and a registration's default date).
SURE_GROUP: Final = 4
UNKNOWN_DAY: Final = -1
_EPOCH: Final = datetime.date(1970, 1, 1)


def day_number(text: str | datetime.date | None) -> int:
    """Days since 1970 of an ISO date (``YYYY-MM-DD``) or a date; :data:`UNKNOWN_DAY` if none."""
    if not text:
        return UNKNOWN_DAY
    if isinstance(text, datetime.date):
        return (text - _EPOCH).days
    try:
        return (datetime.date.fromisoformat(text[:10]) - _EPOCH).days
    except ValueError:
        return UNKNOWN_DAY


def gap_bucket(gaps: I64) -> I64:
    """The :data:`GAP_EDGES` bucket of each gap (in days, either direction)."""
    return np.searchsorted(np.array(GAP_EDGES[1:]), np.abs(gaps), side="right").astype(np.int64)


@dataclass(frozen=True)
class Trail:
    """The one-person side of the evidence and the index's spread over sites and time."""

    gap_m: F64  # (len(GAP_EDGES),) share of one person's successive gaps per bucket
    days: I64  # the dated live rows' days, sorted (int64: searched with Python ints, an int32
    # array would be converted whole at every search)
    site_share: F64  # (S,) share of the located live rows at each site id (0 = no site)
    pair_codes: I64  # sorted ``q * S + c`` codes of site pairs seen for one person
    pair_counts: F64  # how often, aligned with pair_codes (both directions counted)
    site_totals: F64  # (S,) pairs counted from each site
    sure_pairs: int  # how many "surely one person" pairs the estimate saw


def estimate_trail(
    nameset: I64,
    sex: npt.NDArray[np.int8],
    year: npt.NDArray[np.int16],
    month: npt.NDArray[np.int8],
    day: npt.NDArray[np.int8],
    precision: npt.NDArray[np.int8],
    site: I32,
    days: I32,
    live: npt.NDArray[np.bool_],
) -> Trail:
    """Measure both sides of the evidence on the live rows (arrays aligned by row)."""
    n_sites = int(site.max(initial=0)) + 1
    located = live & (site > 0)
    counts = np.bincount(site[located], minlength=n_sites).astype(np.float64)
    share = counts / max(counts.sum(), 1.0)
    dated = days[live & (days != UNKNOWN_DAY)]
    sorted_days = np.sort(dated).astype(np.int64)

    sure = np.flatnonzero(
        live & (nameset != 0) & (precision == P_EXACT) & (sex > 0) & (days != UNKNOWN_DAY)
    )
    key = (
        nameset[sure] * np.int64(1_000_003)
        + year[sure].astype(np.int64) * 10_000
        + month[sure].astype(np.int64) * 100
        + day[sure].astype(np.int64)
    ) * 4 + sex[sure].astype(np.int64)
    order = np.lexsort((days[sure], key))
    rows = sure[order]
    k = key[order]
    starts = np.flatnonzero(np.r_[True, k[1:] != k[:-1]]) if len(k) else np.zeros(0, np.int64)
    sizes = np.diff(np.r_[starts, len(k)])
    small = np.repeat(sizes <= SURE_GROUP, sizes)
    # Successive registrations of one (sure) person: each row with the next of its group.
    nxt = np.flatnonzero((k[1:] == k[:-1]) & small[1:])
    first, second = rows[nxt], rows[nxt + 1]
    gaps = days[second].astype(np.int64) - days[first].astype(np.int64)
    gap_counts = np.bincount(gap_bucket(gaps), minlength=len(GAP_EDGES)).astype(np.float64)
    gap_m = gap_counts + PRIOR_WEIGHT * np.array(PRIOR_GAP)
    gap_m /= gap_m.sum()

    both = (site[first] > 0) & (site[second] > 0)
    s1 = site[first][both].astype(np.int64)
    s2 = site[second][both].astype(np.int64)
    codes = np.concatenate([s1 * n_sites + s2, s2 * n_sites + s1])
    pair_codes, pair_counts = np.unique(codes, return_counts=True)
    totals = np.bincount(pair_codes // n_sites, weights=pair_counts, minlength=n_sites).astype(
        np.float64
    )
    return Trail(
        gap_m=gap_m,
        days=sorted_days,
        site_share=share,
        pair_codes=pair_codes.astype(np.int64),
        pair_counts=pair_counts.astype(np.float64),
        site_totals=totals,
        sure_pairs=len(first),
    )


def _gap_u(trail: Trail, on: int) -> F64:
    """Share of the index's dated records in each gap bucket around day ``on``."""
    total = len(trail.days)

    def within(h: int) -> int:  # records less than h days from ``on``, either side
        if h <= 0:
            return 0
        hi = np.searchsorted(trail.days, on + h, side="left")
        lo = np.searchsorted(trail.days, on - h, side="right")
        return int(hi - lo)

    inside = [within(h) for h in GAP_EDGES[1:]]
    counts = np.diff(np.array([0, *inside, total], dtype=np.float64))
    widths = np.minimum(np.array([*GAP_EDGES[1:], PRIOR_SPAN_DAYS]), PRIOR_SPAN_DAYS) * 2.0
    prior = np.diff(np.r_[0.0, widths]) / (2.0 * PRIOR_SPAN_DAYS)
    result: F64 = (counts + PRIOR_WEIGHT * prior) / (total + PRIOR_WEIGHT)
    return result


def trail_bits(trail: Trail, site_q: int, day_q: int, sites: I32, days: I32) -> tuple[F64, F64]:
    """(when, where) evidence in bits for candidate rows registered at ``sites`` on ``days``,
    for a query at site id ``site_q`` (0: unknown) on day ``day_q`` (:data:`UNKNOWN_DAY`)."""
    when = np.zeros(len(sites), dtype=np.float64)
    where = np.zeros(len(sites), dtype=np.float64)
    if day_q != UNKNOWN_DAY:
        u = _gap_u(trail, day_q)
        bits = np.clip(np.log2(trail.gap_m / u), *GAP_BITS)
        known = days != UNKNOWN_DAY
        buckets = gap_bucket(days[known].astype(np.int64) - day_q)
        when[known] = bits[buckets]
    n_sites = len(trail.site_share)
    if 0 < site_q < n_sites:
        known = (sites > 0) & (sites < n_sites)
        c = sites[known].astype(np.int64)
        share = trail.site_share[c]
        codes = site_q * n_sites + c
        at = np.minimum(np.searchsorted(trail.pair_codes, codes), max(len(trail.pair_codes) - 1, 0))
        seen = (
            np.where(trail.pair_codes[at] == codes, trail.pair_counts[at], 0.0)
            if len(trail.pair_codes)
            else np.zeros(len(c))
        )
        m = (seen + PRIOR_WEIGHT * share) / (trail.site_totals[site_q] + PRIOR_WEIGHT)
        ratio = np.clip(np.log2(np.maximum(m, 1e-12) / np.maximum(share, 1e-12)), *SITE_BITS)
        # A site none of the live records is at says nothing either way.
        where[known] = np.where(share > 0, ratio, 0.0)
    return when, where

"""Comparison vectors, computed for many pairs at once with numpy.

Each pair of records gets one level per comparison field (see
:data:`~mixflow.identity.linkage.settings.FIELD_LEVELS`); level 0 means "missing" and weighs
nothing. Names are compared as *sets* of equivalence keys (order-free: given and family names
swapped, a father's name recorded as the family name, particles and compounds handled by
:mod:`mixflow.lib.names`). Dates compare by what both dates actually know: 1 January is year
evidence only; day and month read the wrong way round are their own level; for a child a
gap of two years or more is "far apart" (a small child's age is not estimated to the decade).
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Final

import numpy as np
import numpy.typing as npt

from mixflow.identity.linkage.features import (
    P_EXACT,
    P_MONTH,
    P_UNKNOWN,
    PAIR_TOKENS,
    FeatureBlock,
    all_name_pair_years,
    country_code,
    name_pair_year_hashes,
    nameyear_hash,
)
from mixflow.identity.linkage.settings import FIELD_LEVELS, ONE_NAME_COMMON_BITS, LinkSettings

__all__ = ["Comparer", "level_matrix"]

I8 = npt.NDArray[np.int8]
F64 = npt.NDArray[np.float64]
IDX = npt.NDArray[np.intp]
U8 = npt.NDArray[np.uint8]
#: Normalised Levenshtein similarity from which two different values are "similar".
FUZZY_SIMILARITY: Final = 0.7
#: The name levels one shared name that is not common moves a pair to.
ONE_UNCOMMON: Final = FIELD_LEVELS["name"].index("one token shared, not a common name")
ONE_NAME_UNCOMMON: Final = FIELD_LEVELS["name"].index(
    "one-name person, name shared, not a common name"
)
#: Pairs compared per numpy step: bounds the temporary arrays (a few hundred MB at most).
CHUNK: Final = 1 << 19
#: Threads comparing chunks of pairs at once (the machine's cores, at most 4).
THREADS: Final = max(
    1,
    min(
        4,
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1),
    ),
)


def _names(
    a: FeatureBlock,
    ia: IDX,
    b: FeatureBlock,
    ib: IDX,
    surprisal: F64 | None,
    shift: float = 0.0,
    one_name_rarity: bool = False,
    one_name_shift: float = 0.0,
) -> tuple[I8, I8, I8]:
    """Levels of ``name``, ``name_spelling`` and ``name_rarity``.

    Tokens meet on their loose key (:func:`~mixflow.lib.names.loose_key`);
    the spelling level says whether they also meet on the stricter phonetic key; the rarity
    level sums the surprisal (bits) of the shared tokens in the population, so that sharing
    "Mohammed Ahmed" counts for less than sharing "Kervens Alexis", less ``shift`` (see
    :class:`Comparer`'s ``records``). With ``one_name_rarity`` (see
    :attr:`~mixflow.identity.linkage.settings.LinkSettings.one_name_rarity`), when one name
    is all two records share, its rarity (less ``one_name_shift``) chooses the name level and
    the rarity level is "missing".
    """
    # Only the token columns some row uses: most names have 2 to 4 tokens, not MAX_TOKENS.
    width = max(_used_width(a.loose), _used_width(b.loose), 1)
    la = a.loose[ia, :width]
    lb = b.loose[ib, :width]
    ka = a.keys[ia, :width]
    kb = b.keys[ib, :width]
    na = (la >= 0).sum(1)
    nb = (lb >= 0).sum(1)
    # Shared names are counted one to one, as a matching: a name met on one side k times and
    # on the other m times is shared min(k, m) times. Loose keys are wide (Hayle, Hailu and
    # Haile are one; so are José and Díaz), and counted from one side only "Hayle Hailu
    # Abbebe" met all three of its names in "Yohannes Haile Abebe" and read as the same
    # names; so did "Mohammad Mohammadi" and "Mohammad Rahimi".
    hit = np.zeros(len(ia), dtype=np.int8)
    seen = np.zeros(len(ia), dtype=np.int8)  # tokens of ``a`` found in ``b`` at all
    strict = np.zeros(len(ia), dtype=np.int8)
    bits = np.zeros(len(ia), dtype=np.float64)
    # Column by column, in int8: a national run compares tens of millions of pairs, and
    # (pairs, tokens) temporaries or int64 counts cost tens of megabytes per thread.
    for j in range(width):
        col = la[:, j]
        present = col >= 0
        in_b = np.zeros(len(ia), dtype=np.int8)
        for k in range(width):
            in_b += lb[:, k] == col
        earlier = np.zeros(len(ia), dtype=np.int8)
        for k in range(j):
            earlier += la[:, k] == col
        found = present & (earlier < in_b)
        hit += found
        seen += present & (in_b > 0)
        strict += (kb == ka[:, j : j + 1]).any(1) & present
        if surprisal is not None:
            at = np.clip(col, 0, len(surprisal) - 1)
            bits += np.where(found, surprisal[at], 0.0)
    spelling = np.where(strict >= seen, 2, 1).astype(np.int8)
    ga = la[:, 0]
    gb = lb[:, 0]
    given = (ga >= 0) & (gb >= 0) & (lb == ga[:, None]).any(1) & (la == gb[:, None]).any(1)
    small = np.minimum(na, nb)
    out = np.ones(len(ia), dtype=np.int8)  # no token shared
    out[hit == 1] = 2
    # One name in common while each side has two or more others: Tesfaye Samuel Yonas and
    # Tesfaye Getachew Natnael. A person's records rarely disagree on two names at once.
    out[(hit == 1) & (na >= 3) & (nb >= 3)] = 8
    out[(hit >= 1) & (small == 1)] = 3
    many = hit >= 2
    out[many] = 4
    out[many & given] = 5
    out[many & given & (hit >= small)] = 6
    out[many & (hit >= na) & (hit >= nb)] = 7
    missing = (na == 0) | (nb == 0)
    out[missing] = 0
    spelling[missing | (hit == 0)] = 0
    rarity = np.zeros(len(ia), dtype=np.int8)
    if surprisal is not None:
        bits -= shift
        rarity = (1 + np.searchsorted(RARITY_BITS, bits, side="right")).astype(np.int8)
        rarity[missing | (hit == 0)] = 0
        if one_name_rarity:
            # Measured over every pair, most of them sharing several names, the rarity level
            # read one shared name as "very common" whoever the two were: about 1.6 bits
            # against every such pair, on top of the name level's own. Among pairs sharing
            # one name, how common it is does tell (BENCHMARKS.md, "One name in common, read
            # by its rarity"), so there it picks the name level instead.
            uncommon = bits + shift - one_name_shift >= ONE_NAME_COMMON_BITS
            for level, split in ((2, ONE_UNCOMMON), (3, ONE_NAME_UNCOMMON)):
                one = out == level
                out[one & uncommon] = split
                rarity[one] = 0
    return out, spelling, rarity


def _by_chunks(pairs: int, work: Callable[[int], None]) -> None:
    """``work(start)`` for each :data:`CHUNK` of ``pairs``; numpy releases the GIL on big
    element-wise operations, so chunks run side by side on :data:`THREADS` threads."""
    starts = range(0, pairs, CHUNK)
    if len(starts) > 1 and THREADS > 1:
        with ThreadPoolExecutor(THREADS) as pool:
            list(pool.map(work, starts))
    else:
        for start in starts:
            work(start)


def _used_width(tokens: npt.NDArray[np.int32]) -> int:
    used = np.flatnonzero((tokens >= 0).any(0))
    return int(used[-1]) + 1 if len(used) else 0


#: Bounds (bits) of the name-rarity levels: the surprisal of the shared tokens.
RARITY_BITS: Final = np.array([8.0, 12.0, 16.0, 20.0, 24.0])


#: The year ages are counted at: a gap of years means more for a child than for an adult.
REFERENCE_YEAR: Final = datetime.date.today().year
#: Below this age (of the younger reading) a birth-year gap of two or more is another person:
#: children's ages are known to the year, adults' are often estimated by the officer.
CHILD_AGE: Final = 12


def _dates(a: FeatureBlock, ia: IDX, b: FeatureBlock, ib: IDX) -> I8:
    ya = a.year[ia].astype(np.int32)
    yb = b.year[ib].astype(np.int32)
    pa = a.precision[ia]
    pb = b.precision[ib]
    ma = a.month[ia]
    mb = b.month[ib]
    da = a.day[ia]
    db = b.day[ib]
    dy = np.abs(ya - yb)
    out = np.full(len(ia), 1, dtype=np.int8)
    out[dy <= 4] = 2
    out[(dy >= 2) & (REFERENCE_YEAR - np.maximum(ya, yb) < CHILD_AGE)] = 1
    out[dy == 1] = 3
    same = dy == 0
    knows_month_a = (pa == P_EXACT) | (pa == P_MONTH)
    knows_month_b = (pb == P_EXACT) | (pb == P_MONTH)
    both_month = same & knows_month_a & knows_month_b
    out[same] = 5  # at least one side knows the year only (1 January is a year)
    out[both_month] = 4
    out[both_month & (ma == mb)] = 6
    both_exact = (pa == P_EXACT) & (pb == P_EXACT) & same
    out[both_exact & (ma == mb) & (da != db)] = 4
    out[both_exact & (ma == db) & (da == mb) & (ma != mb)] = 7
    out[both_exact & (ma == mb) & (da == db)] = 8
    out[(pa == P_UNKNOWN) | (pb == P_UNKNOWN)] = 0
    return out


def _name_places(a: FeatureBlock, ia: IDX, b: FeatureBlock, ib: IDX) -> I8:
    """1 where both records give a given and a father's name, their given names differ and
    one's given name is the other's father's name; else 0 ("missing": no weight).

    The recording errors the field knows (given and family names swapped, a father's name
    taken for the family name) never put a person's own name in the father's field, so this
    is what a man and his father look like, or two namesakes whose names were handed down
    in another order (Tekle Berhane Mesfin / Mesfin Berhane Tekle): at a million records of
    common names, a large share of the wrong links (BENCHMARKS.md, "Names in their places;
    a crowd of identical records").
    """
    ha = a.heads[ia]
    hb = b.heads[ib]
    ga, fa, gb, fb = ha[:, 0], ha[:, 1], hb[:, 0], hb[:, 1]
    known = (ga >= 0) & (fa >= 0) & (gb >= 0) & (fb >= 0)
    crossed: npt.NDArray[np.bool_] = known & (ga != gb) & ((ga == fb) | (gb == fa))
    return crossed.astype(np.int8)


def _pairwise(va: npt.NDArray[np.int32], vb: npt.NDArray[np.int32]) -> I8:
    out = np.where(va == vb, 2, 1).astype(np.int8)
    out[(va == 0) | (vb == 0)] = 0
    return out


class Comparer:
    """Computes level matrices and scores for pairs under one settings object."""

    def __init__(
        self,
        settings: LinkSettings,
        surprisal: F64 | None = None,
        name_sets: tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]
        | Mapping[int, int]
        | None = None,
        words: Sequence[Sequence[str]] = (),
        rivals: tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]] | None = None,
        records: int | None = None,
        registry: int | None = None,
    ) -> None:
        """Population statistics, when known: ``surprisal`` (bits of each loose name key, see
        :func:`surprisal`) and ``name_sets`` (sorted name-set hashes and their record counts,
        see :func:`name_set_counts`). Without them the name-rarity and name-set levels are
        "missing". ``rivals`` (see :func:`name_pair_counts`) extends the name-set level to
        pairs that share two names or more and a birth year without sharing every name.
        ``records``: how many records the statistics were counted on (the batch, the index),
        from which the name-rarity level is read at the size the weights were measured on.
        ``registry``: the same count for the online index, which reads the name-rarity level
        as a share (see below) but whether one shared name is common at the measured size."""
        self.settings = settings
        self.rivals = rivals
        # Shared names' surprisal is a share of the registry (log2 of records over holders),
        # but the prior is the odds of a pair in a registry of ``measured_on`` records: in
        # one 50 times larger, a name held by the same few reads 5.6 bits rarer while the
        # odds that two of its holders are one person stay what they were. What tells is
        # how *many* hold it (as the name-set level counts), so the bits are read at the
        # measured size. Measured in BENCHMARKS.md ("Name rarity read at the registry's
        # size"). The online index does not pass ``records``: its automatic links correct
        # the whole score for the registry's size (:mod:`.autolink`), and doing both would
        # count the size twice.
        self.rarity_shift = settings.size_bits(records) if records else 0.0
        # Whether one shared name is common picks a name level whose weights differ by two
        # bits, and ranks the desk's candidates: read as a share at a million records,
        # nearly every name would be "not common" (right person first 0.911 → 0.907 with
        # all of the desk's context, 0.807 → 0.791 with its site and date; read at the
        # measured size, 0.910 and 0.804: BENCHMARKS.md, "One name in common, read by its
        # rarity").
        size = records or registry
        self.one_name_shift = settings.size_bits(size) if size else 0.0
        self.words = words
        self.surprisal = surprisal
        self.name_sets = name_sets
        self.field_names = tuple(f.name for f in settings.fields)
        pairs = {
            country_code(x) * 20000 + country_code(y)
            for a, b in settings.confusions
            for x, y in ((a, b), (b, a))
        }
        self._confused = np.array(sorted(pairs), dtype=np.int64)
        width = max(len(f.levels) for f in settings.fields)
        self.weights = np.zeros((len(settings.fields), width), dtype=np.float64)
        for i, f in enumerate(settings.fields):
            self.weights[i, : len(f.levels)] = f.weights()
        self._extra_at = {c: i for i, c in enumerate(settings.extra_columns)}

    def _nationality(self, a: FeatureBlock, ia: IDX, b: FeatureBlock, ib: IDX) -> I8:
        na = a.nat[ia]
        nb = b.nat[ib]
        first_a = na[:, 0].astype(np.int64)
        first_b = nb[:, 0].astype(np.int64)
        out = np.full(len(ia), 1, dtype=np.int8)
        shared = np.zeros(len(ia), dtype=bool)
        for j in range(na.shape[1]):
            col = na[:, j : j + 1]
            shared |= (nb == col).any(1) & (col[:, 0] > 0)
        confused = np.isin(first_a * 20000 + first_b, self._confused)
        out[shared | confused] = 2
        out[(first_a == first_b)] = 3
        out[(first_a == 0) | (first_b == 0)] = 0
        return out

    def _name_set(self, a: FeatureBlock, ia: IDX, b: FeatureBlock, ib: IDX) -> I8:
        """How many records carry the pair's shared name set: born the same year when both
        years are known and equal (namesakes of other ages are no rivals), else at all."""
        ha = a.nameset[ia]
        hb = b.nameset[ib]
        out = np.zeros(len(ia), dtype=np.int8)
        if self.name_sets is None:
            return out
        same = (ha == hb) & (ha != 0)
        ya = a.year[ia]
        with_year = same & (ya == b.year[ib]) & (ya != 0)
        key = np.where(with_year, nameyear_hash(ha, ya), ha)[same]
        if isinstance(self.name_sets, Mapping):
            lookup = self.name_sets
            c = np.array([max(lookup.get(h, 0), 2) for h in key.tolist()], dtype=np.int64)
        else:
            hashes, counts = self.name_sets
            at = np.clip(np.searchsorted(hashes, key), 0, max(len(hashes) - 1, 0))
            found = hashes[at] == key if len(hashes) else np.zeros(0, dtype=bool)
            c = np.where(found, counts[at] if len(hashes) else 0, 2)
        out[same] = crowd_level(c)
        if self.rivals is not None:
            self._shared_rivals(a, ia, b, ib, out, ~same)
        return out

    def _shared_rivals(
        self,
        a: FeatureBlock,
        ia: IDX,
        b: FeatureBlock,
        ib: IDX,
        out: I8,
        todo: npt.NDArray[np.bool_],
    ) -> None:
        """Name-set level of pairs sharing two names or more and their birth year, but not
        every name (a family name dropped, a father's name added): how many records hold
        the rarest pair of those shared names with that year. Two "Ali Mohammadi, 1974" in
        a thousand records are likely one man; among twenty, likely not."""
        assert self.rivals is not None
        ya = a.year[ia]
        todo = todo & (ya == b.year[ib]) & (ya != 0)
        at = np.flatnonzero(todo)
        if len(at) == 0:
            return
        cols = min(PAIR_TOKENS, a.loose.shape[1])
        la = a.loose[ia[at], :cols].astype(np.int64)
        lb = b.loose[ib[at]].astype(np.int64)
        shared = np.stack(
            [(lb == la[:, j : j + 1]).any(1) & (la[:, j] >= 0) for j in range(cols)], 1
        )
        hashes, counts = self.rivals
        best = np.full(len(at), np.iinfo(np.int64).max, dtype=np.int64)
        year = ya[at]
        for i in range(cols):
            for j in range(i + 1, cols):
                ok = shared[:, i] & shared[:, j] & (la[:, i] != la[:, j])
                if not ok.any():
                    continue
                h = name_pair_year_hashes(
                    np.minimum(la[:, i], la[:, j]), np.maximum(la[:, i], la[:, j]), year
                )
                k = np.clip(np.searchsorted(hashes, h), 0, max(len(hashes) - 1, 0))
                c = np.where(hashes[k] == h, counts[k], 2) if len(hashes) else np.full(len(h), 2)
                best = np.where(ok, np.minimum(best, np.maximum(c, 2)), best)
        got = best < np.iinfo(np.int64).max
        c = best[got]
        # Not split past 8 rivals as whole name sets are (``crowd_level``): rivals of the
        # rarest shared pair of names need not share the pair's other names; split too, the
        # project million lost 0.007 more F1 for no more precision (BENCHMARKS.md).
        out[at[got]] = np.select([c <= 2, c <= 4, c <= 8], [4, 3, 2], 1)

    @staticmethod
    def _fuzzy(
        col: I8, va: npt.NDArray[np.int32], vb: npt.NDArray[np.int32], words: Sequence[str]
    ) -> I8:
        """Exact agreement becomes level 3; a near miss (typing slip) level 2."""
        from rapidfuzz.distance import Levenshtein
        from rapidfuzz.process import cpdist

        out = np.where(col == 2, 3, col).astype(np.int8)
        differ = np.flatnonzero(col == 1)
        if len(differ) == 0:
            return out
        code = va[differ].astype(np.int64) * (1 << 31) + vb[differ]
        uniq, inverse = np.unique(code, return_inverse=True)
        left = [words[int(c >> 31)] for c in uniq]
        right = [words[int(c & ((1 << 31) - 1))] for c in uniq]
        sim = cpdist(left, right, scorer=Levenshtein.normalized_similarity, workers=1)
        close = np.asarray(sim)[inverse] >= FUZZY_SIMILARITY
        out[differ[close]] = 2
        return out

    def levels(self, a: FeatureBlock, ia: IDX, b: FeatureBlock, ib: IDX) -> I8:
        """``(pairs, fields)`` levels of the pairs ``(a[ia[k]], b[ib[k]])``."""
        out = np.zeros((len(ia), len(self.field_names)), dtype=np.int8)
        _by_chunks(len(ia), lambda start: self._chunk(a, ia, b, ib, out, start))
        return out

    def pair_scores(self, a: FeatureBlock, ia: IDX, b: FeatureBlock, ib: IDX) -> F64:
        """:meth:`scores` of :meth:`levels`, the levels made a chunk at a time and let go: a
        national batch's whole level matrix is hundreds of megabytes no one reads when no
        pair is explained. Each pair's score is the same, summed in the same order."""
        total = np.empty(len(ia), dtype=np.float64)

        def one(start: int) -> None:
            sa = ia[start : start + CHUNK]
            sb = ib[start : start + CHUNK]
            part = np.zeros((len(sa), len(self.field_names)), dtype=np.int8)
            self._chunk(a, sa, b, sb, part, 0)
            total[start : start + len(sa)] = self.scores(part)

        _by_chunks(len(ia), one)
        return total

    def _chunk(
        self, a: FeatureBlock, ia: IDX, b: FeatureBlock, ib: IDX, out: I8, start: int
    ) -> None:
        sa = ia[start : start + CHUNK]
        sb = ib[start : start + CHUNK]
        names = None
        for j, name in enumerate(self.field_names):
            if name in ("name", "name_spelling", "name_rarity"):
                if names is None:
                    names = _names(
                        a,
                        sa,
                        b,
                        sb,
                        self.surprisal,
                        self.rarity_shift,
                        self.settings.one_name_rarity,
                        self.one_name_shift,
                    )
                col = names[("name", "name_spelling", "name_rarity").index(name)]
            else:
                col = self._column(name, a, sa, b, sb)
            out[start : start + len(sa), j] = col

    def _column(self, name: str, a: FeatureBlock, sa: IDX, b: FeatureBlock, sb: IDX) -> I8:
        """Levels of one field other than the three name fields (made together)."""
        if name == "name_set":
            return self._name_set(a, sa, b, sb)
        if name == "name_places":
            return _name_places(a, sa, b, sb)
        if name == "date_of_birth":
            return _dates(a, sa, b, sb)
        if name == "sex":
            return _pairwise(a.sex[sa].astype(np.int32), b.sex[sb].astype(np.int32))
        if name == "nationality":
            return self._nationality(a, sa, b, sb)
        if name == "group":
            return _pairwise(a.group[sa], b.group[sb])
        if name == "site":
            return _pairwise(a.site[sa], b.site[sb])
        # extra:<column>
        k = self._extra_at[name[6:]]
        col = _pairwise(a.extra[sa, k], b.extra[sb, k])
        if name[6:] in self.settings.fuzzy_columns and self.words:
            col = self._fuzzy(col, a.extra[sa, k], b.extra[sb, k], self.words[k])
        return col

    def joint_levels(self, a: FeatureBlock, ia: IDX, b: FeatureBlock, ib: IDX) -> U8:
        """One number per pair for the levels of the settings' ``estimate_fields`` together
        (see :func:`joint_level_table`); all zero when there are none."""
        out = np.zeros(len(ia), dtype=np.uint8)
        fields = self.settings.estimate_fields
        if not fields:
            return out
        sizes = [len(self.settings.field(f).levels) for f in fields]

        def one(start: int) -> None:
            sa = ia[start : start + CHUNK]
            sb = ib[start : start + CHUNK]
            joint = np.zeros(len(sa), dtype=np.int32)
            for name, size in zip(fields, sizes, strict=True):
                joint = joint * size + self._column(name, a, sa, b, sb)
            out[start : start + len(sa)] = joint

        _by_chunks(len(ia), one)
        return out

    def scores(self, levels: I8) -> npt.NDArray[np.float64]:
        """log2 odds of each pair being one person: the prior plus each field's weight."""
        total = np.full(len(levels), self.settings.prior, dtype=np.float64)
        # By slices of pairs: a field's weights gathered for every pair at once take two
        # temporaries the size of ``total`` (the indices widened to intp, and the weights),
        # the peak of a national batch; each pair's sum is the same, in the same order.
        for start in range(0, len(levels), CHUNK):
            part = levels[start : start + CHUNK]
            out = total[start : start + CHUNK]
            for j in range(levels.shape[1]):
                out += self.weights[j][part[:, j]]
        return total


def joint_level_table(settings: LinkSettings) -> npt.NDArray[np.int64]:
    """``(combinations, fields)``: the level of each of ``settings.estimate_fields`` in each
    value :meth:`Comparer.joint_levels` gives (the first field varies slowest)."""
    sizes = tuple(len(settings.field(f).levels) for f in settings.estimate_fields)
    if not sizes:
        return np.zeros((1, 0), dtype=np.int64)
    combos = int(np.prod(sizes))
    return np.stack(np.unravel_index(np.arange(combos), sizes), axis=1).astype(np.int64)


def crowd_level(holders: npt.NDArray[np.int64]) -> I8:
    """The name-set level of pairs whose shared names (and year) ``holders`` records carry.

    Two holders of a name are one person the less likely the more holders there are: about
    half as likely for each doubling (BENCHMARKS.md, "4. Crowded name sets"). Past 8 holders
    the levels go by doublings: 9-16, 17-32, 33-64, 65 and more.
    """
    c = holders
    return np.select(
        [c <= 2, c <= 4, c <= 8, c <= 16, c <= 32, c <= 64], [4, 3, 2, 1, 5, 6], 7
    ).astype(np.int8)


def surprisal(loose: npt.NDArray[np.int32], vocabulary: int) -> F64:
    """Bits of surprise of each loose key id: log2(records / records holding it)."""
    flat = loose[loose >= 0]
    return surprisal_of_counts(np.bincount(flat, minlength=vocabulary), len(loose))


def surprisal_of_counts(counts: npt.NDArray[np.int64], records: int) -> F64:
    """:func:`surprisal` from the records holding each loose key id, counted elsewhere (the
    Spark engine sums the counts of its partitions)."""
    return np.log2(max(records, 1) / np.maximum(counts.astype(np.float64), 1.0))


def name_set_counts(
    nameset: npt.NDArray[np.int64], year: npt.NDArray[np.int16] | None = None
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Sorted distinct name-set hashes (and name-set-and-year hashes, given the years) and
    how many records hold each."""
    both = nameset if year is None else np.concatenate([nameset, nameyear_hash(nameset, year)])
    hashes, counts = np.unique(both[both != 0], return_counts=True)
    return hashes, counts.astype(np.int64)


def population(
    block: FeatureBlock, counted: npt.NDArray[np.bool_] | None = None
) -> tuple[F64, tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]]:
    """The population statistics of a batch, for :class:`Comparer`: over the ``counted``
    rows only, when given (a registration written twice counts once, see
    :func:`~mixflow.identity.linkage.identical.counted_once`)."""
    vocabulary = int(block.loose.max(initial=0)) + 1
    if counted is None:
        return surprisal(block.loose, vocabulary), name_set_counts(block.nameset, block.year)
    return (
        surprisal(block.loose[counted], vocabulary),
        name_set_counts(block.nameset[counted], block.year[counted]),
    )


#: Fewest records from which counting a shared name pair's rivals says something: in a
#: handful of records every pair of names is "found only in these two".
RIVALS_MIN_RECORDS: Final = 1000


def name_pair_counts(
    block: FeatureBlock, counted: npt.NDArray[np.bool_] | None = None
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]] | None:
    """Sorted distinct name-pair-and-year hashes of a batch and how many records hold each
    (for :class:`Comparer`'s ``rivals``), over the ``counted`` rows when given; ``None`` for
    a batch too small to count on."""
    if len(block) < RIVALS_MIN_RECORDS:
        return None
    # Sorted in place and counted by run lengths: np.unique would hold several copies of
    # the few million hashes of a national batch at once.
    if counted is None:
        h = all_name_pair_years(block.loose, block.year)
    else:
        h = all_name_pair_years(block.loose[counted], block.year[counted])
    h.sort()
    starts = np.flatnonzero(np.r_[True, h[1:] != h[:-1]]) if len(h) else np.zeros(0, np.int64)
    counts = np.diff(np.r_[starts, len(h)]).astype(np.int64)
    return h[starts], counts


def level_matrix(settings: LinkSettings, a: FeatureBlock, ia: IDX, b: FeatureBlock, ib: IDX) -> I8:
    """Shortcut for ``Comparer(settings).levels(...)``."""
    return Comparer(settings).levels(a, ia, b, ib)

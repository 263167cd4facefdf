"""Per-record features, encoded as integers in numpy arrays so that pairs compare vectorised.

Names repeat massively (a million records hold a few thousand distinct name parts), so the
expensive work — transliteration, tokens, phonetic keys — is done once per distinct name part
and cached; a record is then a handful of small integers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

import numpy as np
import numpy.typing as npt

from mixflow.identity.linkage.records import LinkRecord
from mixflow.lib import names
from mixflow.lib.names import loose_key

__all__ = ["MAX_TOKENS", "Encoder", "FeatureTable", "loose_key", "name_keys", "parse_dob"]

#: Name tokens kept per record (given, father's and family names together).
MAX_TOKENS: Final = 6
I32 = npt.NDArray[np.int32]

#: Date precision codes.
P_UNKNOWN: Final = 0
P_EXACT: Final = 1
P_MONTH: Final = 2
P_YEAR: Final = 3
P_ESTIMATED: Final = 4
SEX_CODES: Final = {"male": 1, "m": 1, "female": 2, "f": 2, "other": 3}


@lru_cache(maxsize=1 << 18)
def name_keys(part: str) -> tuple[tuple[str, str], ...]:
    """``(plain token, equivalence key)`` of each token of one name part.

    The equivalence key is the phonetic key of :mod:`mixflow.lib.names` (Mohammed, Muhammad,
    Maxamed → ``MHMD``; Abdel Rahman, Abd al-Rahman → one token; Mohammadreza → two, as
    Mohammad Reza), or the token itself when it has none (a one-letter token).
    """
    out: list[tuple[str, str]] = []
    for word in names.tokens(part):
        # A joined compound (Mohammadreza, Mariajosé) is read as its two names, as the
        # next desk may write it: Mohammad Reza, or just Mohammad.
        for token in names.compound_parts(word) if word else ():
            keys = names.phonetic_keys(token)
            key = keys[0] if keys else token
            if all(key != k for _, k in out):
                out.append((token, key))
    return tuple(out)


@lru_cache(maxsize=1 << 16)
def parse_dob(text: str) -> tuple[int, int, int, int]:
    """``(year, month, day, precision)`` of a date of birth in CLI form; zeros when unknown.

    A leading ``~`` marks an estimated year. 1 January is a registration placeholder: year
    evidence only (:func:`mixflow.lib.dates.is_placeholder`).
    """
    s = text.strip()
    if not s:
        return 0, 0, 0, P_UNKNOWN
    if s[0] == "~":
        try:
            return int(s[1:5]), 0, 0, P_ESTIMATED
        except ValueError:
            return 0, 0, 0, P_UNKNOWN
    parts = s.split("-")
    try:
        nums = [int(p) for p in parts]
    except ValueError:
        return 0, 0, 0, P_UNKNOWN
    if len(nums) == 1:
        return nums[0], 0, 0, P_YEAR
    if len(nums) == 2:
        return nums[0], nums[1], 0, P_MONTH
    year, month, day = nums[:3]
    if (month, day) == (1, 1):
        return year, 0, 0, P_YEAR
    return year, month, day, P_EXACT


#: Shorter names are not matched across a typing slip: Omar / Amir, Hasan / Hasin are two.
SLIP_MIN_LENGTH: Final = 6
#: Shorter names are not matched across a confusion of sounds (Ravi / Rabi are two names).
SOUND_MIN_LENGTH: Final = 5
#: Letters that Spanish writes for one sound and desks confuse: b and v, ll and y, g and j
#: before e and i (Silvia / Silbia, Castillo / Castiyo, Gerardo / Jerardo; Gibril / Jibril).
_ONE_SOUND: Final = re.compile(r"v|ll|g(?=[ei])")
_SOUND_LETTER: Final = {"v": "b", "ll": "y", "g": "j"}


def _sound_letter(m: re.Match[str]) -> str:
    return _SOUND_LETTER[m.group()]


@lru_cache(maxsize=1 << 18)
def slips(token: str) -> tuple[str, ...]:
    """Forms that two tokens one slip apart share: the token and its one-letter deletions
    (a letter dropped, added, changed, or two neighbours swapped), and its spelling with one
    letter for each of the sounds Spanish writes two ways (``~`` first: Castiyo, Castillo).
    Empty for short tokens and for tokens with a digit."""
    if len(token) < SOUND_MIN_LENGTH or not token.isalpha():
        return ()
    sound = "~" + _ONE_SOUND.sub(_sound_letter, token)
    if len(token) < SLIP_MIN_LENGTH:
        return (sound,)
    return (token, *{token[:i] + token[i + 1 :] for i in range(len(token))}, sound)


def country_code(code: str) -> int:
    """A fixed integer for an alpha-3 code (no vocabulary to keep in step); 0 for none."""
    if len(code) != 3 or not code.isalpha() or not code.isascii():
        return 0
    c = code.upper()
    return (ord(c[0]) - 64) * 729 + (ord(c[1]) - 64) * 27 + (ord(c[2]) - 64)


class _Vocab:
    """Strings to dense ids from 1 (0 is "missing")."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.words: list[str] = [""]

    def id(self, word: str) -> int:
        got = self.ids.get(word)
        if got is None:
            if not word:
                return 0
            got = self.ids[word] = len(self.words)
            self.words.append(word)
        return got


@dataclass(frozen=True)
class FeatureBlock:
    """Features of a batch of records, one row each."""

    keys: I32  # (n, MAX_TOKENS) equivalence-key ids of all name tokens, -1 padded
    loose: I32  # (n, MAX_TOKENS) loose-key ids (:func:`loose_key`), aligned with keys
    given: I32  # (n,) key id of the first given-name token, -1 if none
    year: npt.NDArray[np.int16]
    month: npt.NDArray[np.int8]
    day: npt.NDArray[np.int8]
    precision: npt.NDArray[np.int8]
    sex: npt.NDArray[np.int8]
    nat: I32  # (n, 3) country codes: declared first, then others; 0 padded
    site: I32
    group: I32
    extra: I32  # (n, E) value ids of the settings' extra columns, 0 missing
    nameset: npt.NDArray[np.int64]  # (n,) hash of the sorted loose keys; 0 for no name
    # (n, 2) loose-key ids of the first token of the given name and of the father's name,
    # -1 for none: the one place the comparison reads which field a name was written in.
    heads: I32

    def __len__(self) -> int:
        return len(self.given)


class Encoder:
    """Turns records into :class:`FeatureBlock` rows; keeps the string vocabularies."""

    def __init__(self, extra_columns: Sequence[str] = ()) -> None:
        self.keys = _Vocab()
        self.loose = _Vocab()
        self.places = _Vocab()
        self.groups = _Vocab()
        self.extra_columns = tuple(extra_columns)
        self.extra_values = [_Vocab() for _ in self.extra_columns]
        self._parts: dict[str, tuple[tuple[int, int], ...]] = {}
        #: Spellings one slip apart (see :func:`slips`) → the loose-key id they share.
        self._slips: dict[str, int] = {}
        self._names: dict[tuple[str, str, str], tuple[list[int], list[int], tuple[int, int]]] = {}

    @property
    def extra_words(self) -> list[list[str]]:
        """The strings behind the extra columns' value ids, one list per column."""
        return [v.words for v in self.extra_values]

    def _part(self, part: str) -> tuple[tuple[int, int], ...]:
        got = self._parts.get(part)
        if got is None:
            got = tuple(
                (self.keys.id(key), self._loose_id(token, loose_key(key)))
                for token, key in name_keys(part)
            )
            self._parts[part] = got
        return got

    def _loose_id(self, token: str, loose: str) -> int:
        """The loose-key id of ``token``; a spelling never seen before that is one typing
        slip away from a known name (Rodiguez, Quinteo, Mraía) joins that name's key.

        Only a *new* loose key is aliased, and to the first name it is near, so ids never
        change once given (the online index keeps its encoder) and names that the phonetic
        keys already tell apart stay apart.
        """
        got = self.loose.ids.get(loose)
        if got is None and loose:
            near = [self._slips[v] for v in slips(token) if v in self._slips]
            if near:
                got = self.loose.ids[loose] = min(near)
            else:
                got = self.loose.id(loose)
        if got is None:
            return 0
        for v in slips(token):
            self._slips.setdefault(v, got)
        return got

    def _name_rows(
        self, triple: tuple[str, str, str]
    ) -> tuple[list[int], list[int], tuple[int, int]]:
        row_k: list[int] = []
        row_l: list[int] = []
        heads = [-1, -1]
        for at, text in enumerate(triple):
            if text:
                parts = self._part(text)
                if at < 2 and parts:
                    heads[at] = parts[0][1]
                for k, loose in parts:
                    if k not in row_k:
                        row_k.append(k)
                        row_l.append(loose)
        return row_k[:MAX_TOKENS], row_l[:MAX_TOKENS], (heads[0], heads[1])

    def encode(self, records: Sequence[LinkRecord]) -> FeatureBlock:
        """Features of ``records``, column by column: each distinct value is worked out once."""
        n = len(records)
        # Names: one row of key ids per distinct (given, father's, family) triple.
        triples: dict[tuple[str, str, str], int] = {}
        triple_of = np.fromiter(
            (
                triples.setdefault((r.given_name, r.father_name, r.family_name), len(triples))
                for r in records
            ),
            dtype=np.int64,
            count=n,
        )
        distinct_k = np.full((len(triples) + 1, MAX_TOKENS), -1, dtype=np.int32)
        distinct_l = np.full((len(triples) + 1, MAX_TOKENS), -1, dtype=np.int32)
        distinct_h = np.full((len(triples) + 1, 2), -1, dtype=np.int32)
        for t, i in triples.items():
            got = self._names.get(t)
            if got is None:
                got = self._names[t] = self._name_rows(t)
            distinct_k[i, : len(got[0])] = got[0]
            distinct_l[i, : len(got[1])] = got[1]
            distinct_h[i] = got[2]
        keys = distinct_k[triple_of]
        loose = distinct_l[triple_of]
        heads = distinct_h[triple_of]
        given = keys[:, 0].copy()
        # Dates of birth.
        dates: dict[str, int] = {}
        date_of = np.fromiter(
            (dates.setdefault(r.date_of_birth, len(dates)) for r in records),
            dtype=np.int64,
            count=n,
        )
        table = np.array([parse_dob(d) for d in dates] or [(0, 0, 0, 0)], dtype=np.int16)
        d = table[date_of] if n else np.zeros((0, 4), dtype=np.int16)
        year = d[:, 0].astype(np.int16)
        month = d[:, 1].astype(np.int8)
        day = d[:, 2].astype(np.int8)
        precision = d[:, 3].astype(np.int8)
        sex = np.fromiter(
            (SEX_CODES.get(r.sex.lower(), 0) if r.sex else 0 for r in records),
            dtype=np.int8,
            count=n,
        )
        nat = np.zeros((n, 3), dtype=np.int32)
        nat[:, 0] = np.fromiter((_country(r.nationality) for r in records), dtype=np.int32, count=n)
        for i, r in enumerate(records):
            if r.other_nationalities:
                for j, c in enumerate(r.other_nationalities[:2]):
                    nat[i, j + 1] = _country(c)
        places, groups = self.places, self.groups
        site = np.fromiter((places.id(r.site) for r in records), dtype=np.int32, count=n)
        group = np.fromiter((groups.id(r.group_id) for r in records), dtype=np.int32, count=n)
        extra = np.zeros((n, len(self.extra_columns)), dtype=np.int32)
        for j, (column, vocab) in enumerate(
            zip(self.extra_columns, self.extra_values, strict=True)
        ):
            extra[:, j] = np.fromiter(
                (vocab.id(_fold(r.extra.get(column, ""))) for r in records),
                dtype=np.int32,
                count=n,
            )
        return FeatureBlock(
            keys,
            loose,
            given,
            year,
            month,
            day,
            precision,
            sex,
            nat,
            site,
            group,
            extra,
            nameset_hash(loose),
            heads,
        )


@lru_cache(maxsize=4096)
def _country(code: str) -> int:
    return country_code(code)


def nameset_hash(loose: I32) -> npt.NDArray[np.int64]:
    """A hash of each row's set of loose keys (order-free); 0 when the row has no name."""
    ordered = np.sort(loose, axis=1)
    h = np.zeros(len(loose), dtype=np.int64)
    for j in range(ordered.shape[1]):
        h = h * np.int64(1_000_003) + (ordered[:, j].astype(np.int64) + 1)
    h[(loose < 0).all(1)] = 0
    return h


def nameyear_hash(
    nameset: npt.NDArray[np.int64], year: npt.NDArray[np.int16]
) -> npt.NDArray[np.int64]:
    """A hash of each row's name set *and* birth year; 0 when either is unknown.

    How many records share both is the data's own measure of how many people a pair of
    namesakes born the same year might be (two records: most likely one person).
    """
    h = nameset * np.int64(7_919) + year.astype(np.int64) * np.int64(104_729) + np.int64(1)
    h[(nameset == 0) | (year == 0)] = 0
    return h


#: Name tokens whose pairs are counted for :func:`name_pair_year_hashes` (the first ones:
#: given, father's and first family names; bounds the work at national scale).
PAIR_TOKENS: Final = 4


def name_pair_year_hashes(
    lo: npt.NDArray[np.int64], hi: npt.NDArray[np.int64], year: npt.NDArray[np.int16]
) -> npt.NDArray[np.int64]:
    """A hash of two loose-key ids (``lo < hi``) and a birth year; 0 when the year is unknown."""
    h = ((lo + 1) << 24 | (hi + 1)) * np.int64(104_729) + year.astype(np.int64) + np.int64(1)
    h[year == 0] = 0
    return h


def all_name_pair_years(loose: I32, year: npt.NDArray[np.int16]) -> npt.NDArray[np.int64]:
    """Every record's name-pair-and-year hashes (:func:`name_pair_year_hashes`), one per pair
    of its first :data:`PAIR_TOKENS` distinct loose keys; zeros left out."""
    cols = min(PAIR_TOKENS, loose.shape[1])
    known = year != 0
    sub = loose[known, :cols].astype(np.int64)
    years = year[known]
    # A key repeated in one record (Mohammad Mohammadi) counts once: a record is one rival.
    again = np.zeros(sub.shape, dtype=bool)
    for j in range(1, cols):
        again[:, j] = (sub[:, :j] == sub[:, j : j + 1]).any(1)
    out: list[npt.NDArray[np.int64]] = []
    for i in range(cols):
        for j in range(i + 1, cols):
            a = sub[:, i]
            b = sub[:, j]
            ok = (a >= 0) & (b >= 0) & ~again[:, i] & ~again[:, j]
            out.append(name_pair_year_hashes(np.minimum(a, b)[ok], np.maximum(a, b)[ok], years[ok]))
    return np.concatenate(out) if out else np.zeros(0, dtype=np.int64)


def _fold(value: str) -> str:
    return " ".join(value.lower().split())


class FeatureTable:
    """A growable column store of :class:`FeatureBlock` rows (for the online index)."""

    def __init__(self, first: FeatureBlock) -> None:
        self.block = first
        self.size = len(first)

    def extend(self, more: FeatureBlock) -> None:
        if self.size + len(more) > len(self.block):
            capacity = max(2 * len(self.block), self.size + len(more), 1024)
            self.block = _resized(self.block, capacity)
        for name in FeatureBlock.__dataclass_fields__:
            getattr(self.block, name)[self.size : self.size + len(more)] = getattr(more, name)
        self.size += len(more)


def _resized(block: FeatureBlock, capacity: int) -> FeatureBlock:
    arrays = {}
    for name in FeatureBlock.__dataclass_fields__:
        old = getattr(block, name)
        new = np.zeros((capacity, *old.shape[1:]), dtype=old.dtype)
        if name in ("keys", "loose", "given", "heads"):
            new[...] = -1
        new[: len(old)] = old
        arrays[name] = new
    return FeatureBlock(**arrays)

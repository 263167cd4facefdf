"""An online index: is this person already registered? Ranked candidates in milliseconds.

Records are kept as feature rows (numpy) and their block keys as a sorted array, merged with a
small dictionary of recent additions; a query computes its block keys, gathers the rows that
share one, and scores them all at once with the same comparison as the batch deduplication.
Population statistics (how common each name and each full name set is) follow the index.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from mixflow.identity.linkage.blocking import block_entries
from mixflow.identity.linkage.compare import Comparer
from mixflow.identity.linkage.explain import FieldExplanation, Match, decide, explain_levels
from mixflow.identity.linkage.features import Encoder, FeatureBlock, FeatureTable, nameyear_hash
from mixflow.identity.linkage.records import LinkRecord
from mixflow.identity.linkage.settings import LinkSettings
from mixflow.identity.linkage.trail import (
    UNKNOWN_DAY,
    Trail,
    day_number,
    estimate_trail,
    trail_bits,
)

__all__ = ["CONTEXT_FIELDS", "Candidate", "LinkIndex", "context_bits"]

I64 = npt.NDArray[np.int64]
#: Evidence (log2 odds) for each travel companion of the query whose name is also found in the
#: candidate's own travel group: people on the move travel with the same people, so a namesake
#: with other companions is another person. Counted for at most :data:`MAX_COMPANIONS`.
COMPANION_BITS = 4.0
MAX_COMPANIONS = 3
#: Rows taken from one block at query time: common names make big blocks, and the right person
#: is often in one; a few thousand rows still score in a few milliseconds.
ONLINE_BLOCK_CAP = 5000
_MERGE_AT = 20_000
#: The where-and-when evidence is measured again once the index has grown or shrunk by this
#: share since it was last measured (measuring costs a sort of the index).
_TRAIL_REFRESH = 0.1
#: The explanation lines a query adds for what the desk knows besides the records.
CONTEXT_FIELDS = ("co_travellers", "seen_when", "seen_where")


def context_bits(match: Match) -> float:
    """The part of a match's score that the desk's context gave, not the records."""
    return sum(f.weight for f in match.fields if f.field in CONTEXT_FIELDS)


@dataclass(frozen=True)
class Candidate:
    """A record of the index that may be the queried person, with the explained comparison."""

    record_id: str
    match: Match


class LinkIndex:
    """Records to search, added and removed one by one or in bulk."""

    def __init__(self, settings: LinkSettings) -> None:
        self.settings = settings
        self.encoder = Encoder(settings.extra_columns)
        self._extra_at = {c: i for i, c in enumerate(settings.extra_columns)}
        self._table: FeatureTable | None = None
        self._records: list[LinkRecord | None] = []
        self._row_of: dict[str, int] = {}
        self._keys = np.zeros(0, dtype=np.int64)
        self._rows = np.zeros(0, dtype=np.int64)
        self._recent: dict[int, list[int]] = {}
        self._recent_size = 0
        self._key_counts = np.zeros(0, dtype=np.float64)
        self._set_counts: Counter[int] = Counter()
        self._alive = 0
        self._bits: npt.NDArray[np.float64] | None = None
        self._comparer_cache: Comparer | None = None
        # Live rows as a mask: filtering candidates is one numpy step, not a Python loop.
        self._live = np.zeros(0, dtype=bool)
        # Day of each row's registration (days since 1970, UNKNOWN_DAY when not given).
        self._day = np.zeros(0, dtype=np.int32)
        self._trail: Trail | None = None
        self._trail_at = 0
        # Rows of each travel group (encoder group id), for the companions' evidence.
        self._group_rows: dict[int, list[int]] = {}

    def __len__(self) -> int:
        return self._alive

    def __contains__(self, record_id: object) -> bool:
        return record_id in self._row_of

    # -- adding and removing ----------------------------------------------------------------

    def add(self, record: LinkRecord) -> None:
        self.add_many([record])

    def add_many(self, records: Iterable[LinkRecord]) -> None:
        """Add records; a record whose id is already indexed replaces the old one."""
        recs = list(records)
        for r in recs:
            if r.record_id in self._row_of:
                self.remove(r.record_id)
        if not recs:
            return
        block = self.encoder.encode(recs)
        start = len(self._records)
        if self._table is None:
            self._table = FeatureTable(block)
        else:
            self._table.extend(block)
        for i, r in enumerate(recs):
            self._records.append(r)
            self._row_of[r.record_id] = start + i
        for i, g in enumerate(block.group.tolist()):
            if g:
                self._group_rows.setdefault(g, []).append(start + i)
        if start + len(recs) > len(self._live):
            grown = np.zeros(max(start + len(recs), 2 * len(self._live)), dtype=bool)
            grown[: len(self._live)] = self._live
            self._live = grown
            days = np.full(len(grown), UNKNOWN_DAY, dtype=np.int32)
            days[: len(self._day)] = self._day
            self._day = days
        self._live[start : start + len(recs)] = True
        self._day[start : start + len(recs)] = [day_number(r.registered_on) for r in recs]
        self._alive += len(recs)
        self._count(block, +1)
        keys, rows = self._entries(block)
        rows = rows + start
        if len(recs) > 1000 or self._recent_size + len(keys) > _MERGE_AT:
            self._merge(keys, rows)
        else:
            for k, r in zip(keys.tolist(), rows.tolist(), strict=True):
                self._recent.setdefault(k, []).append(r)
            self._recent_size += len(keys)

    def remove(self, record_id: str) -> bool:
        """Forget a record; its rows stay as tombstones, never returned. False if unknown."""
        row = self._row_of.pop(record_id, None)
        if row is None or self._table is None:
            return False
        self._records[row] = None
        self._live[row] = False
        self._alive -= 1
        idx = np.array([row])
        one = FeatureBlock(
            **{n: getattr(self._table.block, n)[idx] for n in FeatureBlock.__dataclass_fields__}
        )
        self._count(one, -1)
        return True

    def _count(self, block: FeatureBlock, sign: int) -> None:
        flat = block.loose[block.loose >= 0]
        top = int(flat.max(initial=-1)) + 1
        if top > len(self._key_counts):
            grown = np.zeros(max(top, 2 * len(self._key_counts)), dtype=np.float64)
            grown[: len(self._key_counts)] = self._key_counts
            self._key_counts = grown
        np.add.at(self._key_counts, flat, sign)
        both = np.concatenate([block.nameset, nameyear_hash(block.nameset, block.year)])
        for h in both[both != 0].tolist():
            self._set_counts[h] += sign
        self._bits = None
        self._comparer_cache = None

    def _entries(self, block: FeatureBlock) -> tuple[I64, I64]:
        keys: list[I64] = []
        rows: list[I64] = []
        for k, rule in enumerate(self.settings.blocking):
            r, h = block_entries(block, rule, k, self._extra_at)
            keys.append(h)
            rows.append(r)
        return np.concatenate(keys), np.concatenate(rows)

    def _merge(self, keys: I64, rows: I64) -> None:
        parts_k = [self._keys, keys]
        parts_r = [self._rows, rows]
        if self._recent:
            rk = [k for k, rs in self._recent.items() for _ in rs]
            rr = [r for rs in self._recent.values() for r in rs]
            parts_k.append(np.array(rk, dtype=np.int64))
            parts_r.append(np.array(rr, dtype=np.int64))
        all_k = np.concatenate(parts_k)
        all_r = np.concatenate(parts_r)
        # Within a block, the most recent registrations first: when a block is larger than
        # ONLINE_BLOCK_CAP, the rows kept are those of people most likely still on the move.
        order = np.lexsort((-self._day[all_r], all_k))
        self._keys = all_k[order]
        self._rows = all_r[order]
        self._recent = {}
        self._recent_size = 0

    # -- querying ---------------------------------------------------------------------------

    def _comparer(self) -> Comparer:
        # Kept until the population changes (any add or remove): building one costs about as
        # much as scoring a small block. The vocabularies it reads grow in place.
        if self._comparer_cache is None:
            if self._bits is None:
                population = max(self._alive, 1)
                self._bits = np.log2(population / np.maximum(self._key_counts, 1.0))
            self._comparer_cache = Comparer(
                self.settings,
                self._bits,
                self._set_counts,
                words=self.encoder.extra_words,
                registry=max(self._alive, 1),
            )
        return self._comparer_cache

    def candidates(self, record: LinkRecord) -> tuple[FeatureBlock, I64]:
        """The query's features and the rows sharing a block with it (live, deduplicated)."""
        query = self.encoder.encode([record])
        keys, _ = self._entries(query)
        found: list[I64] = []
        lo = np.searchsorted(self._keys, keys, side="left")
        hi = np.searchsorted(self._keys, keys, side="right")
        for a, b in zip(lo.tolist(), hi.tolist(), strict=True):
            if b > a:
                found.append(self._rows[a : min(b, a + ONLINE_BLOCK_CAP)])
        for k in keys.tolist():
            got = self._recent.get(k)
            if got:
                found.append(np.array(got[:ONLINE_BLOCK_CAP], dtype=np.int64))
        if not found:
            return query, np.zeros(0, dtype=np.int64)
        rows = np.unique(np.concatenate(found))
        rows = rows[self._live[rows]]
        own = self._row_of.get(record.record_id, -1)
        if own >= 0:
            rows = rows[rows != own]
        return query, rows

    def query(
        self,
        record: LinkRecord,
        limit: int = 10,
        companions: Iterable[LinkRecord] = (),
        *,
        where: str = "",
        when: str | datetime.date | None = None,
    ) -> list[Candidate]:
        """The ``limit`` best candidates, best first, each explained field by field.

        What the officer at the desk knows besides the person's own answers:

        - ``companions``, the people registering together with this one: a candidate whose
          own travel group holds records with their names gains :data:`COMPANION_BITS` for
          each (at most :data:`MAX_COMPANIONS`);
        - ``where`` (the site's code) and ``when`` (the registration's date): a candidate
          registered recently at a site people come here from is likelier than one registered
          long ago elsewhere (:mod:`~mixflow.identity.linkage.trail`).

        Every candidate sharing a block is scored with the batch comparison, the context's
        evidence is added, and the candidates are ranked on the sum.
        """
        if self._table is None:
            return []
        query, rows = self.candidates(record)
        return self._ranked(record, query, rows, limit, companions, where, when)

    def score(
        self,
        record: LinkRecord,
        record_ids: Iterable[str],
        companions: Iterable[LinkRecord] = (),
        *,
        where: str = "",
        when: str | datetime.date | None = None,
    ) -> list[Candidate]:
        """The given indexed records scored against ``record`` exactly as :meth:`query` scores
        its candidates (the same context's evidence), best first; unknown ids are left out.

        For a caller that must score records again after updating them in the index: the
        score then does not depend on whether a record's copy was current."""
        if self._table is None:
            return []
        wanted = [self._row_of[i] for i in dict.fromkeys(record_ids) if i in self._row_of]
        rows = np.array(sorted(wanted), dtype=np.int64)
        rows = rows[self._live[rows]]
        query = self.encoder.encode([record])
        return self._ranked(record, query, rows, len(rows), companions, where, when)

    def _ranked(
        self,
        record: LinkRecord,
        query: FeatureBlock,
        rows: I64,
        limit: int,
        companions: Iterable[LinkRecord],
        where: str,
        when: str | datetime.date | None,
    ) -> list[Candidate]:
        """The ``limit`` best of ``rows`` for ``record`` (encoded as ``query``), explained."""
        assert self._table is not None
        if len(rows) == 0:
            return []
        comparer = self._comparer()
        zeros = np.zeros(len(rows), dtype=np.int64)
        # Compare against a copy of the candidate rows alone: the comparison scans whole
        # arrays it is given (e.g. the used name width), which for the full table is most of
        # a query's time. Same levels: the rows are the same, only their positions differ.
        table = self._table.block
        sub = FeatureBlock(
            **{n: getattr(table, n)[rows] for n in FeatureBlock.__dataclass_fields__}
        )
        levels = comparer.levels(query, zeros, sub, np.arange(len(rows), dtype=np.int64))
        scores = comparer.scores(levels)
        mates = list(companions)
        bonus = self._companion_evidence(mates, sub.group, rows) if mates else None
        if bonus is not None:
            scores = scores + bonus
        seen_when, seen_where = self._trail_evidence(where, when, sub.site, self._day[rows])
        if seen_when is not None and seen_where is not None:
            scores = scores + seen_when + seen_where
        top = np.argsort(-scores, kind="stable")[:limit]
        out: list[Candidate] = []
        for k in top.tolist():
            other = self._records[int(rows[k])]
            assert other is not None
            match = explain_levels(record, other, levels[k].tolist(), comparer)
            if bonus is not None and bonus[k]:
                match = self._with_line(
                    match,
                    "co_travellers",
                    "travel companions also registered with this record",
                    float(bonus[k]),
                    "",
                    "",
                )
            if seen_when is not None and seen_when[k]:
                match = self._with_line(
                    match,
                    "seen_when",
                    _when_note(float(seen_when[k])),
                    float(seen_when[k]),
                    str(when or ""),
                    other.registered_on,
                )
            if seen_where is not None and seen_where[k]:
                match = self._with_line(
                    match,
                    "seen_where",
                    _where_note(float(seen_where[k])),
                    float(seen_where[k]),
                    where,
                    other.site,
                )
            out.append(Candidate(other.record_id, match))
        return out

    def _trail_evidence(
        self,
        where: str,
        when: str | datetime.date | None,
        sites: npt.NDArray[np.int32],
        days: npt.NDArray[np.int32],
    ) -> tuple[npt.NDArray[np.float64] | None, npt.NDArray[np.float64] | None]:
        """Per candidate: bits for when and for where it was registered (None: no context)."""
        day_q = day_number(when)
        site_q = self.encoder.places.ids.get(where, 0) if where else 0
        if day_q == UNKNOWN_DAY and site_q == 0:
            return None, None
        trail = self._trail_model()
        return trail_bits(trail, site_q, day_q, sites, days)

    def _trail_model(self) -> Trail:
        # Measured again only when the index has changed size noticeably: one registration
        # does not move the spread of a population of thousands.
        if self._trail is None or abs(self._alive - self._trail_at) > _TRAIL_REFRESH * max(
            self._trail_at, 1
        ):
            assert self._table is not None
            t = self._table.block
            n = len(self._records)
            self._trail = estimate_trail(
                t.nameset[:n],
                t.sex[:n],
                t.year[:n],
                t.month[:n],
                t.day[:n],
                t.precision[:n],
                t.site[:n],
                self._day[:n],
                self._live[:n],
            )
            self._trail_at = self._alive
        return self._trail

    def _companion_evidence(
        self, companions: list[LinkRecord], groups: npt.NDArray[np.int32], rows: I64
    ) -> npt.NDArray[np.float64]:
        """Per candidate: COMPANION_BITS for each companion named by *another* member of the
        candidate's group (the candidate itself carrying a companion's name says that it may
        be that companion, not the person asked about)."""
        assert self._table is not None
        mates = self.encoder.encode(companions).loose  # (C, T), -1 padded
        uniq, inverse = np.unique(groups, return_inverse=True)
        member_rows: list[int] = []
        member_group: list[int] = []
        for gi, g in enumerate(uniq.tolist()):
            if g:
                got = self._group_rows.get(g, [])
                member_rows.extend(got)
                member_group.extend([gi] * len(got))
        out = np.zeros(len(groups), dtype=np.float64)
        if not member_rows:
            return out
        member_at = np.array(member_rows, dtype=np.int64)
        members = self._table.block.loose[member_at]  # (M, T)
        # Only members sharing a name with some companion can carry a companion's names: the
        # full comparison below is (M, T, C, T), so the others are left out first. A companion
        # already indexed (the group of a saved registration) is not evidence about the groups
        # it is in itself: it would only say that the candidate is in the group being asked
        # about.
        theirs = [self._row_of[c.record_id] for c in companions if c.record_id in self._row_of]
        maybe = np.isin(members, mates[mates >= 0]).any(1) & self._live[member_at]
        if theirs:
            maybe &= ~np.isin(member_at, np.array(theirs, dtype=np.int64))
        if not maybe.any():
            return out
        member_at = member_at[maybe]
        members = members[maybe]
        member_rows = [r for r, keep in zip(member_rows, maybe.tolist(), strict=True) if keep]
        member_group = [g for g, keep in zip(member_group, maybe.tolist(), strict=True) if keep]
        valid_m = members >= 0
        valid_c = mates >= 0
        # Names shared by each member and each companion: (M, C).
        shared = (
            (
                (members[:, :, None, None] == mates[None, None, :, :])
                & valid_m[:, :, None, None]
                & valid_c[None, None, :, :]
            )
            .any(3)
            .sum(1)
        )
        need = np.minimum(np.minimum(valid_m.sum(1)[:, None], valid_c.sum(1)[None, :]), 2)
        named = (shared >= need) & (need > 0) & self._live[member_at][:, None]
        # How many members of each group carry each companion's names: (G, C).
        per_group = np.zeros((len(uniq), len(mates)), dtype=np.int64)
        np.add.at(per_group, np.array(member_group, dtype=np.int64), named.astype(np.int64))
        counts = per_group[inverse]  # (N, C), for each candidate's group
        # Take the candidate's own naming out.
        position = {r: k for k, r in enumerate(member_rows)}
        own = np.array([position.get(r, -1) for r in rows.tolist()], dtype=np.int64)
        mine = np.where(own[:, None] >= 0, named[np.maximum(own, 0)], False)
        found = np.minimum(((counts - mine) > 0).sum(1), MAX_COMPANIONS) * COMPANION_BITS
        found[groups == 0] = 0.0
        result: npt.NDArray[np.float64] = found.astype(np.float64)
        return result

    def _with_line(
        self, match: Match, name: str, note: str, bits: float, left: str, right: str
    ) -> Match:
        # The score adds the weight the line shows, so that the records' own part of a score
        # is exactly the score less its context lines (see :func:`context_bits`).
        weight = round(bits, 3)
        line = FieldExplanation(name, note, weight, left, right)
        score = match.score + weight
        return replace(
            match,
            score=score,
            decision=decide(score, self.settings),
            fields=(*match.fields, line),
        )


def _when_note(bits: float) -> str:
    if bits > 0:
        return "registered a short time apart, as people on the move often are"
    return "registered further apart in time than one person usually is"


def _where_note(bits: float) -> str:
    if bits > 0:
        return "registered at a site people often come here from"
    return "registered at a site people seldom come here from"

"""Blocking: which pairs are worth comparing.

A rule is ``+``-joined components; records sharing every component's value share a block.
Components: ``name_pair`` (an unordered pair of name equivalence keys: survives order swaps
and a missing or displaced father's name), ``name_key`` (one name key), ``given`` (the given
name's key), ``year``, ``nationality``, ``sex``, ``site``, ``extra:<column>``, and the filter
``one_name`` (records with a single name token). Every rule carries a name or an identifier:
a bare date of birth is never a block (1 January would make giant blocks).

A block larger than ``max_block_size`` holds a common name pair (Fatima Mohammadi, Mamadou
Diallo); comparing all its pairs would explode, but skipping it loses every record of those
names whose year differs by one or is missing, since the rules with a year cannot catch them.
Given a ``window``, such a block is sorted by sex and date of birth and each record is
compared with its ``window`` next neighbours only (sorted neighbourhood): records of one person
sit side by side, the cost grows with the block's size, not its square.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import numpy.typing as npt

from mixflow.identity.linkage.features import MAX_TOKENS, FeatureBlock

__all__ = ["birth_order", "block_entries", "candidate_pairs", "pairs_in_blocks"]

I64 = npt.NDArray[np.int64]
_MIX = np.int64(0x9E3779B1)


def _component(block: FeatureBlock, part: str, extra_at: dict[str, int]) -> tuple[I64, I64]:
    """``(rows, values)`` of one component; a multi-valued one repeats rows."""
    n = len(block)
    rows = np.arange(n, dtype=np.int64)
    keys = block.loose[:n]  # loose keys: blocks survive spelling variants
    if part == "name_pair":
        rs: list[I64] = []
        vs: list[I64] = []
        for i in range(MAX_TOKENS):
            for j in range(i + 1, MAX_TOKENS):
                a = keys[:, i].astype(np.int64)
                b = keys[:, j].astype(np.int64)
                ok = (a >= 0) & (b >= 0)
                lo = np.minimum(a, b)[ok]
                hi = np.maximum(a, b)[ok]
                rs.append(rows[ok])
                vs.append((lo << 24) | hi | (1 << 50))
        return np.concatenate(rs), np.concatenate(vs)
    if part == "name_key":
        flat = keys.astype(np.int64).ravel()
        rr = np.repeat(rows, keys.shape[1])
        ok = flat >= 0
        return rr[ok], flat[ok] + 1
    if part == "given":
        v = block.loose[:n, 0].astype(np.int64) + 1
    elif part == "year":
        v = block.year[:n].astype(np.int64)
    elif part == "nationality":
        v = block.nat[:n, 0].astype(np.int64)
    elif part == "sex":
        v = block.sex[:n].astype(np.int64)
    elif part == "site":
        v = block.site[:n].astype(np.int64)
    elif part == "one_name":
        v = ((keys >= 0).sum(1) == 1).astype(np.int64)
    else:
        v = block.extra[:n, extra_at[part[6:]]].astype(np.int64)
    ok = v > 0
    return rows[ok], v[ok]


def block_entries(
    block: FeatureBlock, rule: str, rule_no: int, extra_at: dict[str, int]
) -> tuple[I64, I64]:
    """``(rows, block ids)`` of a rule: each row appears once per block it belongs to."""
    parts = rule.split("+")
    multi = [p for p in parts if p in ("name_pair", "name_key")]
    single = [p for p in parts if p not in ("name_pair", "name_key")]
    if multi:
        rows, h = _component(block, multi[0], extra_at)
    else:
        rows = np.arange(len(block), dtype=np.int64)
        h = np.zeros(len(block), dtype=np.int64)
    h = h * np.int64(31) + np.int64(rule_no)
    for p in single:
        r, v = _component(block, p, extra_at)
        full = np.zeros(len(block), dtype=np.int64)
        full[r] = v
        got = full[rows]
        keep = got > 0
        rows, h, got = rows[keep], h[keep], got[keep]
        h = (h * _MIX) ^ got  # wraps around: a hash, collisions only add comparisons
    return rows, h


def birth_order(block: FeatureBlock) -> I64:
    """A sort key per record: sex, then date of birth (unknown parts first)."""
    n = len(block)
    return (
        block.sex[:n].astype(np.int64) * 10_000_000
        + block.year[:n].astype(np.int64) * 1_000
        + block.month[:n].astype(np.int64) * 40
        + block.day[:n].astype(np.int64)
    )


def pairs_in_blocks(
    rows: I64,
    ids: I64,
    max_block_size: int,
    order_key: I64 | None = None,
    window: int = 0,
) -> Iterator[tuple[I64, I64]]:
    """All within-block pairs ``(i, j)`` with ``i < j``; in blocks over the cap, given an
    ``order_key`` per record and a ``window``, only pairs of neighbours in that order."""
    if len(ids) == 0:
        return
    if order_key is not None and window > 0:
        # Ties in the order key go by row: a total order, so an engine that gathers a
        # block's entries in another order (the Spark engine's shuffle) pairs the same
        # neighbours.
        order = np.lexsort((rows, order_key[rows], ids))
    else:
        order = np.argsort(ids, kind="stable")
    ids = ids[order]
    rows = rows[order]
    starts = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]])
    sizes = np.diff(np.r_[starts, len(ids)])
    if order_key is not None and window > 0:
        big = np.repeat(sizes > max_block_size, sizes)
        at = np.flatnonzero(big)
        for step in range(1, window + 1):
            p = at[at + step < len(ids)]
            p = p[ids[p + step] == ids[p]]
            a, b = rows[p], rows[p + step]
            yield np.minimum(a, b), np.maximum(a, b)
    for size in np.unique(sizes):
        if size < 2 or size > max_block_size:
            continue
        first = starts[sizes == size]
        iu, ju = np.triu_indices(int(size), k=1)
        a = rows[(first[:, None] + iu[None, :]).ravel()]
        b = rows[(first[:, None] + ju[None, :]).ravel()]
        yield np.minimum(a, b), np.maximum(a, b)


def candidate_pairs(
    block: FeatureBlock,
    rules: tuple[str, ...],
    max_block_size: int,
    extra_at: dict[str, int],
    window: int = 0,
) -> tuple[I64, I64]:
    """Distinct candidate pairs ``(i, j)``, ``i < j``, over all rules; oversized blocks give
    their ``window`` nearest neighbours by sex and birth date (0: they are skipped)."""
    n = max(len(block), 1)
    codes: list[I64] = []
    order_key = birth_order(block) if window > 0 else None
    for k, rule in enumerate(rules):
        rows, ids = block_entries(block, rule, k, extra_at)
        for a, b in pairs_in_blocks(rows, ids, max_block_size, order_key, window):
            keep = a != b
            codes.append(a[keep] * n + b[keep])
    if not codes:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    code = np.concatenate(codes)
    # The per-block pieces are copied into ``code``: free them now, not at return (at 10^7
    # records they are gigabytes, and the peak of the run is here).
    codes.clear()
    if code.size == 0:  # every block had a single record
        return code, code
    code.sort()  # sort then drop repeats: much faster than np.unique's hashing on 10^7 codes
    code = code[np.r_[True, code[1:] != code[:-1]]]
    first = code // n
    code %= n  # in place: the second member of each pair, without a third array
    return first, code

"""Pairwise precision, recall and F1 of a clustering against the truth."""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from mixflow.identity.linkage.records import InputError
from mixflow.lib.messages import gettext_noop

__all__ = ["Scores", "pairwise_scores", "read_clusters"]


@dataclass(frozen=True)
class Scores:
    """Pairwise scores: a pair of records is positive when put in one cluster."""

    precision: float
    recall: float
    f1: float
    true_positives: int
    predicted_pairs: int
    true_pairs: int
    records: int


def _pairs(counts: Counter[str] | Counter[tuple[str, str]]) -> int:
    return sum(c * (c - 1) // 2 for c in counts.values())


def pairwise_scores(clusters: Mapping[str, str], truth: Mapping[str, str]) -> Scores:
    """Compare ``clusters`` with ``truth`` (both ``record_id → cluster id``) on shared records."""
    ids = [r for r in clusters if r in truth]
    predicted = Counter(clusters[r] for r in ids)
    actual = Counter(truth[r] for r in ids)
    both = Counter((clusters[r], truth[r]) for r in ids)
    tp = _pairs(both)
    pp = _pairs(predicted)
    ap = _pairs(actual)
    precision = tp / pp if pp else 1.0
    recall = tp / ap if ap else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(precision, recall, f1, tp, pp, ap, len(ids))


def read_clusters(path: Path) -> dict[str, str]:
    """``record_id → cluster_id`` from a CSV file with those two columns."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as f:
            reader = csv.reader(f)
            header = [h.strip().lower() for h in next(reader, [])]
            if "record_id" not in header or "cluster_id" not in header:
                raise InputError(
                    gettext_noop("%(path)s needs the columns record_id and cluster_id."),
                    1,
                    path=str(path),
                )
            ri, ci = header.index("record_id"), header.index("cluster_id")
            out: dict[str, str] = {}
            for row in reader:
                if not row:
                    continue
                if len(row) <= max(ri, ci):
                    raise InputError(
                        gettext_noop("%(path)s: too few columns."), reader.line_num, path=str(path)
                    )
                rid = row[ri].strip()
                if rid in out:
                    raise InputError(
                        gettext_noop("%(path)s: the record_id %(record_id)r appears twice."),
                        reader.line_num,
                        path=str(path),
                        record_id=rid,
                    )
                out[rid] = row[ci].strip()
            return out
    except UnicodeDecodeError:
        raise InputError(gettext_noop("%(path)s is not UTF-8 text."), path=str(path)) from None
    except OSError as exc:
        raise InputError(
            gettext_noop("cannot open %(path)s: %(reason)s"), path=str(path), reason=exc.strerror
        ) from None

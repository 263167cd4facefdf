"""Compound given names written joined at one desk and apart at the next.

"Mohammadreza" at one registration, "Mohammad Reza" or "Mohammad-Reza" at the next: the
matcher reads a joined compound as its two names (:func:`mixflow.lib.names.compound_parts`).
This measures what that is worth, and what it costs where nobody writes a compound two ways.

Each set given (a directory with ``input.csv`` and ``truth.csv``, as ``linkage_generalise.py
--data DIR`` writes them) is run twice with the shipped settings: as written, and with each
joined compound in a name written apart (a space or a hyphen) on ``--share`` of the records,
drawn at random per record. Each of the two runs with the compound rule and without it (the
rule switched off in this process). Printed: F1, precision, recall, and the recall of the
true pairs with a compound on either side.

Usage: python benchmarks/linkage_compounds.py DIR [DIR ...] [--share 0.5] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from itertools import combinations
from pathlib import Path

from mixflow.identity.linkage import LinkRecord, dedupe, features, load_settings, read_records
from mixflow.identity.linkage.evaluate import pairwise_scores, read_clusters
from mixflow.lib import names

FIELDS = ("given_name", "father_name", "family_name")


@contextmanager
def compound_rule(on: bool) -> Iterator[None]:
    """The matcher with or without reading joined compounds as two names."""
    shipped: Callable[[str], tuple[str, ...]] = names.compound_parts
    if not on:
        names.compound_parts = lambda token: (token,)  # type: ignore[assignment]
    features.name_keys.cache_clear()
    try:
        yield
    finally:
        names.compound_parts = shipped  # type: ignore[assignment]
        features.name_keys.cache_clear()


def _compounds(text: str) -> bool:
    return any(len(names.compound_parts(t)) > 1 for t in names.tokens(text))


def _apart(word: str, rng: random.Random) -> str:
    parts = names.compound_parts(names.normalise(word)) if word.isalpha() else (word,)
    if len(parts) == 1:
        return word
    cut = len(parts[0])
    return word[:cut] + rng.choice((" ", "-")) + word[cut:].capitalize()


def written_apart(records: list[LinkRecord], share: float, seed: int) -> list[LinkRecord]:
    rng = random.Random(seed)
    out = []
    for r in records:
        if rng.random() < share:
            changes = {f: " ".join(_apart(w, rng) for w in getattr(r, f).split()) for f in FIELDS}
            r = replace(r, **changes)
        out.append(r)
    return out


def _pairs(clusters: dict[str, str]) -> set[tuple[str, str]]:
    by: dict[str, list[str]] = {}
    for record, cluster in clusters.items():
        by.setdefault(cluster, []).append(record)
    return {tuple(sorted(p)) for members in by.values() for p in combinations(members, 2)}  # type: ignore[misc]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="+", type=Path)
    parser.add_argument("--share", type=float, default=0.5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    settings = load_settings()
    print(
        f"{'set':28} {'names as':9} {'rule':4} {'F1':>6} {'P':>6} {'R':>6}"
        f" {'compound pairs':>14} {'their R':>7}"
    )
    for directory in args.sets:
        records = list(read_records(directory / "input.csv", lenient_dates=True))
        truth = read_clusters(directory / "truth.csv")
        with compound_rule(True):
            marked = {
                r.record_id for r in records if any(_compounds(getattr(r, f)) for f in FIELDS)
            }
        true_pairs = {p for p in _pairs(truth) if p[0] in marked or p[1] in marked}
        for label, batch in (
            ("written", records),
            ("apart", written_apart(records, args.share, args.seed)),
        ):
            for on in (False, True):
                with compound_rule(on):
                    clusters = dedupe(batch, settings, review_limit=0).clusters
                s = pairwise_scores(clusters, truth)
                found = len(true_pairs & _pairs(clusters))
                print(
                    f"{directory.name:28} {label:9} {'on' if on else 'off':4} {s.f1:6.3f}"
                    f" {s.precision:6.3f} {s.recall:6.3f} {len(true_pairs):14d}"
                    f" {found / max(len(true_pairs), 1):7.3f}"
                )


if __name__ == "__main__":
    main()

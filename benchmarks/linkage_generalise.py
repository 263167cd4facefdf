"""Does linkage quality carry over? F1 per generator configuration, worst case beside average.

Runs the matcher on data sets from a generator that is not the project's
(``benchmarks/linkage_generator2.py``: other name pools and customs, error rates, one-name
people, 1-6 records per person, missing dates, nationality changes, families and twins), on
the CLI columns plus ``site`` (what the outside set holds), and on the project's own generator
for comparison. Two ways per set, neither given the truth:

- ``shipped``: the settings in ``linkage/settings/v1.json`` (measured on the project's
  generator, seed 77: that generator is "fitted on", every generator-2 configuration is not);
- ``fit``: :func:`~mixflow.identity.linkage.fit` (no labels) on the set itself, from the
  shipped settings; when the fit refuses, the reason is printed and the shipped settings run.

Also counted: pairs of records identical in every field that end in different clusters, the
precision of the candidate pairs scored at or above the upper threshold (``P>=up``: the pairs
a person is told are more likely one person than two, issue 11's "precision at the review
threshold"), and the largest cluster.

``--generator 3`` runs the sets of ``benchmarks/linkage_generator3.py`` instead (Faker's name
lists, another error process); ``--with-splink`` runs the Splink baseline on each set beside.

Usage: python benchmarks/linkage_generalise.py [--generator 2|3] [--people 12000] [--seed 3]
                                               [--configs a,b] [--data DIR] [--no-project]
                                               [--with-splink]
"""

from __future__ import annotations

import argparse
import importlib
import statistics
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import numpy as np

import linkage_generator2
from _linkage_common import ensure_dataset, splink
from mixflow.identity.linkage import (
    LinkRecord,
    dedupe,
    fit,
    load_settings,
    pairwise_scores,
    read_records,
)
from mixflow.identity.linkage.cotravel import cotraveller_scores
from mixflow.identity.linkage.dedupe import score_pairs
from mixflow.identity.linkage.identical import counted_once, identical_pairs, identity_key

try:
    from mixflow.identity.linkage.dedupe import joint_levels, with_batch_estimates
except ImportError:  # an older matcher, measured for comparison: it estimates the prior only
    from mixflow.identity.linkage.dedupe import with_batch_prior

    def joint_levels(block, settings, a, b):  # type: ignore[no-untyped-def]
        return None

    def with_batch_estimates(scores, settings, joint):  # type: ignore[no-untyped-def]
        return with_batch_prior(scores, settings)


from mixflow.identity.linkage.evaluate import read_clusters
from mixflow.identity.linkage.features import Encoder
from mixflow.identity.linkage.settings import LinkSettings

try:
    from mixflow.identity.linkage.model import FitRefused
except ImportError:  # an older matcher, measured for comparison: its fit never refuses

    class FitRefused(ValueError):  # type: ignore[no-redef]
        pass


@dataclass(frozen=True)
class Row:
    data: str
    mode: str
    precision: float
    recall: float
    f1: float
    identical_apart: int
    largest: int
    seconds: float
    note: str = ""
    upper_precision: float = float("nan")


def _identical_apart(records: list[LinkRecord], clusters: dict[str, str]) -> int:
    """Pairs of records equal in every field that are not in one cluster."""
    groups: dict[tuple[object, ...], list[str]] = {}
    for r in records:
        groups.setdefault(identity_key(r), []).append(clusters[r.record_id])
    apart = 0
    for members in groups.values():
        if len(members) < 2:
            continue
        c = Counter(members)
        total = len(members) * (len(members) - 1) // 2
        apart += total - sum(k * (k - 1) // 2 for k in c.values())
    return apart


def _run(name: str, directory: Path, mode: str) -> Row:
    settings = load_settings()
    records = list(read_records(directory / "input.csv", lenient_dates=True))
    truth = read_clusters(directory / "truth.csv")
    start = time.perf_counter()
    note = ""
    if mode == "fit":
        try:
            settings = fit(records, settings)
        except FitRefused as exc:
            note = f"fit refused: {exc}"
    result = dedupe(records, settings, review_limit=0)
    seconds = time.perf_counter() - start
    s = pairwise_scores(result.clusters, truth)
    largest = max(Counter(result.clusters.values()).values())
    return Row(
        name,
        mode,
        s.precision,
        s.recall,
        s.f1,
        _identical_apart(records, result.clusters),
        largest,
        seconds,
        note,
        _upper_precision(records, truth, settings),
    )


def _upper_precision(
    records: list[LinkRecord], truth: dict[str, str], settings: LinkSettings
) -> float:
    """Share of the candidate pairs scored at or above ``settings.upper`` that are one
    person, scored as ``dedupe`` scores them (the batch's prior, co-travellers)."""
    encoder = Encoder(settings.extra_columns)
    block = encoder.encode(records)
    counted = counted_once(len(records), identical_pairs(records, block))
    a, b, _, scores = score_pairs(
        block, settings, encoder.extra_words, keep_levels=False, counted=counted
    )
    settings = with_batch_estimates(scores, settings, joint_levels(block, settings, a, b))
    if block.group.any():
        scores = cotraveller_scores(block.group, a, b, scores)
    top = np.flatnonzero(scores >= settings.upper)
    if len(top) == 0:
        return float("nan")
    person = [truth[r.record_id] for r in records]
    pairs = zip(a[top].tolist(), b[top].tolist(), strict=True)
    right = sum(person[i] == person[j] for i, j in pairs)
    return right / len(top)


def _project_set(data: Path, people: int, seed: int) -> Path:
    """The project's generator, cut to the CLI columns plus site (what the outside set has)."""
    import csv

    directory = ensure_dataset(f"syn_g_{seed}", data, int(people * 1.45), seed)
    out = directory / "input_cli_site.csv"
    if not out.exists():
        with (
            (directory / "input.csv").open(newline="", encoding="utf-8") as f,
            out.open("w", newline="", encoding="utf-8") as g,
        ):
            reader = csv.DictReader(f)
            keep = [
                "record_id",
                "given_name",
                "family_name",
                "father_name",
                "sex",
                "date_of_birth",
                "nationality",
                "site",
            ]
            w = csv.writer(g)
            w.writerow(keep)
            for row in reader:
                w.writerow([row[c] for c in keep])
    cut = directory / "cli_site"
    cut.mkdir(exist_ok=True)
    (cut / "input.csv").write_bytes(out.read_bytes())
    (cut / "truth.csv").write_bytes((directory / "truth.csv").read_bytes())
    return cut


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=12000)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument(
        "--generator",
        type=int,
        choices=(2, 3),
        default=2,
        help="2: benchmarks/linkage_generator2.py; 3: linkage_generator3.py (Faker's names)",
    )
    parser.add_argument("--configs", help="comma-separated; default: all of the generator's")
    parser.add_argument("--modes", default="shipped,fit")
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "lk-g2")
    parser.add_argument("--no-project", action="store_true")
    parser.add_argument(
        "--with-splink",
        action="store_true",
        help="also run the Splink baseline on each set, in its own process",
    )
    args = parser.parse_args()
    generator: ModuleType = linkage_generator2
    if args.generator == 3:
        generator = importlib.import_module("linkage_generator3")  # needs Faker (bench extra)
    configs = args.configs.split(",") if args.configs else list(generator.CONFIGS)
    prefix = "g3_" if args.generator == 3 else ""
    sets: list[tuple[str, Path]] = []
    for name in configs:
        directory = args.data / f"{prefix}{name}_{args.people}_{args.seed}"
        if not (directory / "truth.csv").exists():
            generator.generate(generator.CONFIGS[name], args.people, args.seed, directory)
        sets.append((name, directory))
    if not args.no_project:
        sets.append(("project generator (fitted on)", _project_set(args.data, args.people, 11)))
    rows: list[Row] = []
    print(
        f"{'data':32} {'mode':8} {'P':>6} {'R':>6} {'F1':>6} {'same apart':>10} {'max':>4} "
        f"{'P>=up':>6} {'s':>5}"
    )
    for name, directory in sets:
        for mode in args.modes.split(","):
            row = _run(name, directory, mode)
            rows.append(row)
            print(
                f"{row.data:32} {row.mode:8} {row.precision:6.3f} {row.recall:6.3f} "
                f"{row.f1:6.3f} {row.identical_apart:10d} {row.largest:4d} "
                f"{row.upper_precision:6.3f} {row.seconds:5.1f}"
                + (f"  ({row.note})" if row.note else ""),
                flush=True,
            )
        if args.with_splink:
            with tempfile.TemporaryDirectory() as tmp:
                got = splink("dedupe", str(directory / "input.csv"), "--out", f"{tmp}/c.csv")
            if "f1" in got:
                rows.append(
                    Row(name, "splink", got["precision"], got["recall"], got["f1"], -1, 0, 0.0)
                )
            print(f"{name:32} splink   {got}", flush=True)
    for mode in [*args.modes.split(","), *(["splink"] if args.with_splink else [])]:
        outside = [r for r in rows if r.mode == mode and not r.data.startswith("project")]
        if outside:
            f1s = [r.f1 for r in outside]
            worst = min(outside, key=lambda r: r.f1)
            print(
                f"generator {args.generator}, {mode}: mean F1 {statistics.mean(f1s):.3f}, "
                f"worst {worst.f1:.3f} "
                f"({worst.data}), mean P {statistics.mean(r.precision for r in outside):.3f}"
                + (
                    f", pairs at or above the upper threshold right >= 0.90 in "
                    f"{sum(r.upper_precision >= 0.90 for r in outside)} of {len(outside)} "
                    f"(worst {min(r.upper_precision for r in outside):.3f})"
                    if mode != "splink"
                    else ""
                )
                + (
                    f", identical pairs apart {sum(r.identical_apart for r in outside)}"
                    if mode != "splink"
                    else ""
                )
            )


if __name__ == "__main__":
    main()

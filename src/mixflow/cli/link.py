"""``mixflow link``: find the records of one person (identity resolution) in CSV files.

Django-free: no settings, no data directory, no database.

``mixflow link dedupe INPUT.csv --out CLUSTERS.csv`` writes ``record_id,cluster_id`` for every
input row; ``mixflow link evaluate CLUSTERS.csv TRUTH.csv`` prints pairwise precision, recall
and F1; ``mixflow link fit INPUT.csv --out SETTINGS.json`` estimates weights without labels.
Bad input gives a message naming the line and exit status 2. Everything is said in the user's
language (``mixflow.cli.language``): the command's own messages, what the linkage package says
about a bad file, bad settings or a refused fit (its errors carry their template and values,
:mod:`mixflow.lib.messages`), and the fields and levels in the words the review page uses
(:mod:`mixflow.identity.linkage.words`).
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mixflow.cli.language import decimal, ngettext, number, said
from mixflow.cli.language import gettext as _
from mixflow.lib.messages import Refusal
from mixflow.lib.spreadsheet_cells import safe_row

__all__ = ["add_parser"]

EXIT_BAD_INPUT = 2


def _fail(message: str) -> int:
    print(_("mixflow link: error: %(message)s") % {"message": message}, file=sys.stderr)
    return EXIT_BAD_INPUT


def _guarded(handler: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except Refusal as exc:  # bad input, settings or fit; Spark out of memory
            return _fail(_said(exc))
        except OSError as exc:
            return _fail(f"{exc.filename or ''}: {exc.strerror}")

    return run


def _said(exc: Any) -> str:
    """The linkage package's error in the command's language: its template translated, then
    filled in; an input error's line number before it."""
    problem = said(exc.template, exc.params)
    if getattr(exc, "line", None) is None:
        return problem
    return _("line %(line)s: %(problem)s") % {"line": number(exc.line), "problem": problem}


def _settings(args: argparse.Namespace) -> Any:
    from mixflow.identity.linkage import load_settings

    return load_settings(args.settings)


def cmd_dedupe(args: argparse.Namespace) -> int:
    from mixflow.identity.linkage import FitRefused, dedupe, fit, read_records
    from mixflow.identity.linkage.dedupe import without_cycle_collection

    settings = _settings(args)
    started = time.perf_counter()
    with without_cycle_collection():  # reading makes a million objects and frees none
        records = list(
            read_records(Path(args.input), settings.extra_columns, lenient_dates=args.lenient_dates)
        )
    if args.fit:
        try:
            settings = fit(records, settings)
        except FitRefused as exc:
            # The shipped weights are still a sound answer: say why the fit was not used.
            print(
                _("no fit: %(reason)s; the settings %(version)s were used")
                % {"reason": _said(exc), "version": settings.version},
                file=sys.stderr,
            )
    review_limit = args.review_limit if args.review else 0
    if args.engine == "spark":
        from mixflow.identity.linkage.spark import dedupe_spark

        result = dedupe_spark(
            records, settings, master=args.spark_master, review_limit=review_limit
        )
    else:
        result = dedupe(records, settings, review_limit=review_limit)
    out = Path(args.out)
    with out.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["record_id", "cluster_id"])
        for r in records:
            # Record ids come from the input file: one typed as a formula stays text.
            w.writerow(safe_row([r.record_id, result.clusters[r.record_id]]))
    if args.review:
        with Path(args.review).open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["left_id", "right_id", "score", "probability", "explanation"])
            for m in result.review:
                w.writerow(
                    safe_row(
                        [
                            m.left_id,
                            m.right_id,
                            f"{m.score:.2f}",
                            f"{m.probability:.4f}",
                            _explained(m),
                        ]
                    )
                )
    people = len(set(result.clusters.values()))
    seconds = time.perf_counter() - started
    if result.prior is not None:
        print(
            _(
                "compared pairs that are one person, estimated from this file: 1 in %(file)s "
                "(settings %(version)s expect 1 in %(settings)s; a file can only make it "
                "rarer, never commoner)"
            )
            % {
                "file": number(_one_in(result.prior)),
                "version": settings.version,
                "settings": number(_one_in(settings.prior)),
            }
        )
    _print_estimated_fields(result.estimated_fields, settings)
    print(
        _(
            "%(records)s → %(clusters)s (%(links)s, %(review)s, %(compared)s) in "
            "%(seconds)s s → %(out)s"
        )
        % {
            "records": _count(
                ngettext("%(count)s record", "%(count)s records", len(records)), len(records)
            ),
            "clusters": _count(ngettext("%(count)s cluster", "%(count)s clusters", people), people),
            "links": _count(
                ngettext("%(count)s link", "%(count)s links", result.links), result.links
            ),
            "review": _count(
                ngettext(
                    "%(count)s pair to review", "%(count)s pairs to review", result.review_total
                ),
                result.review_total,
            ),
            "compared": _count(
                ngettext(
                    "%(count)s pair compared", "%(count)s pairs compared", result.pairs_compared
                ),
                result.pairs_compared,
            ),
            "seconds": decimal(seconds, 1),
            "out": out,
        }
    )
    return 0


def _explained(match: Any) -> str:
    """A review pair's reasons in the command's language and the review page's words,
    strongest first: "Names: one name in common (+2.5) | Date of birth: ..."."""
    from mixflow.identity.linkage.words import field_label, finding

    parts = sorted((f for f in match.fields if f.weight), key=lambda f: -abs(f.weight))
    return " | ".join(
        _("%(field)s: %(finding)s (%(weight)s)")
        % {
            "field": field_label(f.field, _),
            "finding": finding(f.field, f.level, _),
            "weight": _signed(f.weight),
        }
        for f in parts
    )


def _count(form: str, n: int) -> str:
    """``1 link``, ``2 links``, ``1,000 links``: ``form`` is ngettext's choice for ``n``."""
    return form % {"count": number(n)}


def _print_estimated_fields(fields: tuple[Any, ...], settings: Any) -> None:
    """Say what the file made of the fields whose weights a batch estimates, in the words the
    review page uses for them."""
    from mixflow.identity.linkage.share import FIELDS_MAX_RECORDS
    from mixflow.identity.linkage.words import field_label, finding

    if not settings.estimate_fields:
        return
    if not fields:
        print(
            _(
                "%(fields)s weighed as settings %(version)s weigh them (a file of more than "
                "%(most)s records does not estimate them)"
            )
            % {
                "fields": f" {_('and')} ".join(field_label(f, _) for f in settings.estimate_fields),
                "version": settings.version,
                "most": number(FIELDS_MAX_RECORDS),
            }
        )
        return
    for f in fields:
        label = field_label(f.name, _)
        if f == settings.field(f.name):
            print(
                _(
                    "%(field)s weighed as settings %(version)s weigh it (too few pairs in this "
                    "file show it to read it from them)"
                )
                % {"field": label, "version": settings.version}
            )
            continue
        shipped = settings.field(f.name).weights()
        weights = ", ".join(
            _("%(level)s (%(weight)s bits)")
            % {"level": finding(f.name, level, _), "weight": _signed(w)}
            for level, w in zip(f.levels[1:], f.weights()[1:], strict=True)
        )
        before = ", ".join(_signed(w) for w in shipped[1:])
        print(
            _("%(field)s, weighed from this file: %(weights)s (settings %(version)s: %(before)s)")
            % {"field": label, "weights": weights, "version": settings.version, "before": before}
        )


def _signed(weight: float) -> str:
    """``+1.5``, ``-0.3``, as the language writes decimals."""
    return ("+" if weight >= 0 else "-") + decimal(abs(weight), 1)


def _one_in(log2_odds: float) -> int:
    """A prior (log2 odds) as "one in N" pairs."""
    odds = math.pow(2.0, log2_odds)
    return max(1, round((1 + odds) / odds))


def cmd_evaluate(args: argparse.Namespace) -> int:
    from mixflow.identity.linkage import pairwise_scores
    from mixflow.identity.linkage.evaluate import read_clusters

    clusters = read_clusters(Path(args.clusters))
    truth = read_clusters(Path(args.truth))
    missing = len([r for r in truth if r not in clusters])
    s = pairwise_scores(clusters, truth)
    figures = ((_("precision"), s.precision), (_("recall"), s.recall), ("f1", s.f1))
    width = max(len(name) for name, _figure in figures)
    for name, figure in figures:
        print(f"{name:<{width}} {decimal(figure, 4)}")
    summary = _(
        "%(records)s in both files, %(right)s of %(predicted)s predicted pairs right, "
        "%(true)s true pairs"
    ) % {
        "records": _count(ngettext("%(count)s record", "%(count)s records", s.records), s.records),
        "right": number(s.true_positives),
        "predicted": number(s.predicted_pairs),
        "true": number(s.true_pairs),
    }
    if missing:
        summary += "; " + _count(
            ngettext(
                "%(count)s truth record missing from the clusters",
                "%(count)s truth records missing from the clusters",
                missing,
            ),
            missing,
        )
    print(f"({summary})")
    return 0


def cmd_fit(args: argparse.Namespace) -> int:
    from mixflow.identity.linkage import fit, read_records
    from mixflow.identity.linkage.settings import save_settings

    settings = _settings(args)
    records = list(read_records(Path(args.input), settings.extra_columns))
    fitted = fit(records, settings)
    save_settings(fitted, Path(args.out))
    print(
        _("weights estimated from %(records)s → %(out)s")
        % {
            "records": _count(
                ngettext("%(count)s record", "%(count)s records", len(records)), len(records)
            ),
            "out": args.out,
        }
    )
    return 0


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``mixflow link`` and its sub-commands."""
    link: argparse.ArgumentParser = subparsers.add_parser(
        "link",
        help=_("Identity resolution on CSV files: deduplicate, evaluate, fit weights."),
        description=_("Find the records of one person (identity resolution) in CSV files."),
    )
    sub = link.add_subparsers(dest="link_command", metavar="ACTION", required=True)
    # Written out, not imported: the linkage package loads numpy, and every command builds
    # this parser (tests/identity/linkage/test_cli.py checks it names the default).
    settings_help = _(
        "settings JSON file, or the name of a shipped one (v1, v2, febrl); default v2"
    )

    dedupe = sub.add_parser(
        "dedupe",
        help=_("Cluster the records of one person: writes record_id,cluster_id for every row."),
        description=_(
            "Reads a CSV with record_id and name columns (given_name, family_name, "
            "father_name), and optionally sex, date_of_birth (YYYY, YYYY-MM or YYYY-MM-DD) and "
            "nationality (ISO 3166 alpha-3)."
        ),
    )
    dedupe.add_argument("input", metavar="INPUT.csv", help=_("the records, one per row"))
    dedupe.add_argument(
        "--out", required=True, metavar="CLUSTERS.csv", help=_("where to write the clusters")
    )
    dedupe.add_argument("--settings", help=settings_help)
    dedupe.add_argument(
        "--review",
        metavar="REVIEW.csv",
        help=_("also write the pairs to review, with score and explanation"),
    )
    dedupe.add_argument(
        "--review-limit",
        type=int,
        default=100_000,
        help=_("most pairs written to the review file, best first (default 100,000)"),
    )
    dedupe.add_argument(
        "--lenient-dates",
        action="store_true",
        help=_(
            "keep the valid part of an impossible date (1937-12-33 → 1937-12) instead of "
            "stopping with an error"
        ),
    )
    dedupe.add_argument(
        "--fit",
        action="store_true",
        help=_("first estimate the weights from this file (no labels needed)"),
    )
    dedupe.add_argument(
        "--engine",
        choices=("in-process", "spark"),
        default="in-process",
        help=_(
            "where the work runs: this process (default), or Apache Spark for inputs "
            "larger than one machine (needs pip install 'mixflow[spark]' and Java 17); "
            "both give the same clusters"
        ),
    )
    dedupe.add_argument(
        "--spark-master",
        metavar="URL",
        help=_(
            "Spark master for --engine spark (local[4], spark://host:7077, yarn...); default "
            "SPARK_MASTER, else spark.master from Spark's configuration, else local[*]"
        ),
    )
    dedupe.set_defaults(handler=_guarded(cmd_dedupe))

    evaluate = sub.add_parser(
        "evaluate", help=_("Pairwise precision, recall and F1 of clusters against the truth.")
    )
    evaluate.add_argument(
        "clusters", metavar="CLUSTERS.csv", help=_("the clusters to judge: record_id,cluster_id")
    )
    evaluate.add_argument(
        "truth", metavar="TRUTH.csv", help=_("who is who, in truth: record_id,cluster_id")
    )
    evaluate.set_defaults(handler=_guarded(cmd_evaluate))

    fit = sub.add_parser("fit", help=_("Estimate weights from unlabelled records; save settings."))
    fit.add_argument("input", metavar="INPUT.csv", help=_("the records, one per row"))
    fit.add_argument(
        "--out", required=True, metavar="SETTINGS.json", help=_("where to write the settings")
    )
    fit.add_argument("--settings", help=settings_help)
    fit.set_defaults(handler=_guarded(cmd_fit))
    return link

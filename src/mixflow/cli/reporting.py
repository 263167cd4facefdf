"""``mixflow report``: the periodic flow monitoring report of a country or a route, as PDF or
HTML.

For a country, from the approved publication for that country and period when there is one;
otherwise, and always for a route (publications are made per country), a draft, marked as
such, from tables the disclosure gate protects at once. Either way only protected tables
reach the file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mixflow.cli.language import current, ngettext, prefixed
from mixflow.cli.language import gettext as _

LANGUAGES = ("en", "fr", "es")


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    help_text = _(
        "Write the flow monitoring report of a country or route and period (PDF or HTML)."
    )
    command = sub.add_parser("report", help=help_text, description=help_text)
    command.set_defaults(handler=cmd_report)
    where = command.add_mutually_exclusive_group(required=True)
    where.add_argument("--country", help=_("ISO 3166 alpha-3 code, e.g. NER"))
    where.add_argument(
        "--route", help=_("a route, e.g. central_med (its sites in every country it crosses)")
    )
    command.add_argument("--period", required=True, help=_("2026, 2026-Q3 or 2026-07"))
    command.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=current(),
        help=_("language of the report (default: the command's language, here %(default)s)"),
    )
    command.add_argument("--out", required=True, help=_("file to write: .pdf or .html"))
    command.add_argument(
        "--organisation", default="", help=_("organisation code (for a draft, when several)")
    )


def cmd_report(args: argparse.Namespace) -> int:
    from mixflow.cli.main import _setup_django
    from mixflow.flows.periods import parse_period

    try:
        parse_period(args.period)
    except ValueError:
        print(
            prefixed(
                "mixflow report",
                _("--period %(value)r is not a period: give it as 2026, 2026-Q3 or 2026-07")
                % {"value": args.period},
            ),
            file=sys.stderr,
        )
        return 2
    _setup_django()
    from mixflow.flows.reports import NoData, render_html, render_pdf, report_for, route_report

    try:
        if args.route:
            report = route_report(
                route=args.route,
                period=args.period,
                language=args.lang,
                organisation_code=args.organisation,
            )
        else:
            report = report_for(
                country=args.country,
                period=args.period,
                language=args.lang,
                organisation_code=args.organisation,
            )
    except (NoData, ValueError) as error:
        print(prefixed("mixflow report", error), file=sys.stderr)
        return 2
    out = Path(args.out)
    if out.suffix.lower() == ".html":
        out.write_text(render_html(report), encoding="utf-8")
    else:
        out.write_bytes(render_pdf(report))
    place = args.route or report.country
    facts = {"out": out, "place": place, "period": report.period, "tables": len(report.tables)}
    if report.draft:
        print(
            ngettext(
                "%(out)s: %(place)s %(period)s (draft, %(tables)s table)",
                "%(out)s: %(place)s %(period)s (draft, %(tables)s tables)",
                len(report.tables),
            )
            % facts
        )
    else:
        print(
            ngettext(
                "%(out)s: %(place)s %(period)s (approved publication, %(tables)s table)",
                "%(out)s: %(place)s %(period)s (approved publication, %(tables)s tables)",
                len(report.tables),
            )
            % facts
        )
    return 0

"""``mixflow flows rebuild``: rebuild the dashboards' aggregate tables from the encounters.

Needed after data was written without intake's actions (a bulk load bypasses per-row hooks;
``mixflow load`` rebuilds by itself) or to repair; run by the machine's operator.
"""

from __future__ import annotations

import argparse
import time
from typing import Any

from mixflow.cli.language import decimal, ngettext, number
from mixflow.cli.language import gettext as _

__all__ = ["add_parser"]


def _rebuild(args: argparse.Namespace) -> int:
    from mixflow.core.actors import SystemActor
    from mixflow.flows.actions import rebuild_facts

    started = time.perf_counter()
    count = rebuild_facts(actor=SystemActor("mixflow flows rebuild"))
    print(
        ngettext(
            "%(count)s encounter fact rebuilt in %(seconds)s s",
            "%(count)s encounter facts rebuilt in %(seconds)s s",
            count,
        )
        % {"count": number(count), "seconds": decimal(time.perf_counter() - started, 1)}
    )
    return 0


def add_parser(sub: Any, setup: Any) -> None:
    flows = sub.add_parser(
        "flows",
        help=_("Maintain the flows dashboards' aggregate tables."),
        description=_("Maintain the flows dashboards' aggregate tables."),
    )
    actions = flows.add_subparsers(dest="flows_command", metavar="ACTION", required=True)
    rebuild = actions.add_parser("rebuild", help=_("rebuild the aggregate tables from encounters"))

    def handler(args: argparse.Namespace) -> int:
        setup()
        return _rebuild(args)

    rebuild.set_defaults(handler=handler)

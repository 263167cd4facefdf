"""``mixflow retention run [--dry-run]``: apply every organisation's retention periods as the
machine's operator (``system:mixflow retention run`` in the audit log), printing what expired
per record type, and deleting what was kept for a fixed time that has passed (drafts). Run it
with ``--dry-run`` first: the same counts, nothing written. Schedule it daily (cron or a
systemd timer)."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from mixflow.cli.language import gettext as _


def add_parser(sub: argparse._SubParsersAction, setup: Callable[[], None]) -> None:  # type: ignore[type-arg]
    command = sub.add_parser(
        "retention",
        help=_("Anonymise or delete what has been kept longer than its retention period."),
        description=_("Anonymise or delete what has been kept longer than its retention period."),
    )
    actions = command.add_subparsers(dest="retention_command", metavar="ACTION", required=True)
    run = actions.add_parser("run", help=_("apply the retention periods now"))
    run.add_argument(
        "--dry-run", action="store_true", help=_("count what would expire; change nothing")
    )

    def handler(args: argparse.Namespace) -> int:
        setup()
        return _run(dry_run=args.dry_run)

    command.set_defaults(handler=handler)


def _run(*, dry_run: bool) -> int:
    from mixflow.core.actors import SystemActor
    from mixflow.protection.retention_actions import run_retention
    from mixflow.protection.retention_models import ACTION_OF, RecordType

    result = run_retention(actor=SystemActor("mixflow retention run"), dry_run=dry_run)
    said = {
        ("anonymise", False): _("anonymised"),
        ("anonymise", True): _("would be anonymised"),
        ("delete", False): _("deleted"),
        ("delete", True): _("would be deleted"),
    }
    # Tab-separated: the record type's code, the count, then what happened in words.
    for record_type, count in result.counts.items():
        done = said[ACTION_OF[record_type], dry_run]
        print(f"{RecordType(record_type).value}\t{count}\t{done}")
    for name, count in result.lapsed.items():
        # Kept for a fixed time when written (a draft: DRAFT_DAYS after its last save).
        print(f"{name}\t{count}\t{said['delete', dry_run]}")
    print(_("kept by a legal hold or an open case") + f"\t{result.kept}")
    if dry_run:
        print(_("dry run: nothing was changed"))
    return 0

"""``mixflow retention run [--dry-run]``: apply every organisation's retention periods as the
machine's operator (``system:mixflow retention run`` in the audit log), printing what expired
per record type, and deleting what was kept for a fixed time that has passed (drafts). Run it
with ``--dry-run`` first: the same counts, nothing written. Schedule it daily (cron or a
systemd timer)."""

from __future__ import annotations

import argparse
from collections.abc import Callable


def add_parser(sub: argparse._SubParsersAction, setup: Callable[[], None]) -> None:  # type: ignore[type-arg]
    command = sub.add_parser(
        "retention",
        help="Anonymise or delete what has been kept longer than its retention period.",
        description="Anonymise or delete what has been kept longer than its retention period.",
    )
    actions = command.add_subparsers(dest="retention_command", metavar="ACTION", required=True)
    run = actions.add_parser("run", help="apply the retention periods now")
    run.add_argument(
        "--dry-run", action="store_true", help="count what would expire; change nothing"
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
    verb = {"anonymise": "anonymised", "delete": "deleted"}
    for record_type, count in result.counts.items():
        done = verb[ACTION_OF[record_type]]
        would = f"would be {done}" if dry_run else done
        print(f"{RecordType(record_type).value}\t{count}\t{would}")
    for name, count in result.lapsed.items():
        # Kept for a fixed time when written (a draft: DRAFT_DAYS after its last save).
        print(f"{name}\t{count}\t{'would be deleted' if dry_run else 'deleted'}")
    print(f"kept by a legal hold or an open case\t{result.kept}")
    if dry_run:
        print("dry run: nothing was changed")
    return 0

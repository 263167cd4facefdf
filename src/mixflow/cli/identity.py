"""``mixflow identity link``: link an organisation's registrations into identities, in batch.

Records that already belong to an identity stay where they are (reviewers' decisions are never
overridden); the others are linked by the matcher, and pairs it is unsure of go to the review
queue in the browser.
"""

from __future__ import annotations

import argparse
import sys

EXIT_BAD_INPUT = 2


def add_arguments(command: argparse.ArgumentParser) -> None:
    actions = command.add_subparsers(dest="identity_command", metavar="ACTION", required=True)
    link = actions.add_parser(
        "link",
        help="link every organisation's registrations (or one's) and fill the review queue",
        description="Link registrations into identities and fill the review queue.",
    )
    link.add_argument("--organisation", help="organisation code (default: every organisation)")
    link.add_argument("--user", help="username the run is recorded under in the audit log")


def cmd_identity(args: argparse.Namespace) -> int:
    from mixflow.cli.main import _setup_django

    _setup_django()
    from mixflow.accounts.models import Organisation, User
    from mixflow.identity.actions import run_batch_linking
    from mixflow.identity.linking import matcher_available

    if not matcher_available():
        print("mixflow identity: the matcher (mixflow.identity.linkage) is not available.")
        return 1
    organisations = Organisation.objects.order_by("code")
    if args.organisation:
        organisations = organisations.filter(code=args.organisation)
        if not organisations.exists():
            known = ", ".join(Organisation.objects.order_by("code").values_list("code", flat=True))
            print(
                f"mixflow identity: no organisation {args.organisation!r}; known: {known}",
                file=sys.stderr,
            )
            return EXIT_BAD_INPUT
    actor = None
    if args.user:
        actor = User.objects.filter(username=args.user).first()
        if actor is None:
            print(f"mixflow identity: no user {args.user!r}", file=sys.stderr)
            return EXIT_BAD_INPUT
    for organisation in organisations:
        result = run_batch_linking(organisation, actor=actor)
        print(
            f"{organisation.code}: {result.records:,} records, "
            f"{result.identities_created:,} new identities, "
            f"{result.candidates_created:,} pairs to review (settings {result.settings_version})"
        )
    return 0

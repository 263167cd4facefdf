"""``mixflow identity link``: link an organisation's registrations into identities, in batch.

Records that already belong to an identity stay where they are (reviewers' decisions are never
overridden); the others are linked by the matcher, and pairs it is unsure of go to the review
queue in the browser.
"""

from __future__ import annotations

import argparse
import sys

from mixflow.cli.language import gettext as _
from mixflow.cli.language import ngettext, number, prefixed

EXIT_BAD_INPUT = 2


def add_arguments(command: argparse.ArgumentParser) -> None:
    actions = command.add_subparsers(dest="identity_command", metavar="ACTION", required=True)
    link = actions.add_parser(
        "link",
        help=_("link every organisation's registrations (or one's) and fill the review queue"),
        description=_("Link registrations into identities and fill the review queue."),
    )
    link.add_argument("--organisation", help=_("organisation code (default: every organisation)"))
    link.add_argument("--user", help=_("username the run is recorded under in the audit log"))


def cmd_identity(args: argparse.Namespace) -> int:
    from mixflow.cli.main import _setup_django

    _setup_django()
    from django.core.exceptions import PermissionDenied

    from mixflow.accounts.actors import Actor
    from mixflow.accounts.queries import organisation_by_code, organisations, user_by_username
    from mixflow.core.actors import SystemActor
    from mixflow.identity.actions import run_batch_linking
    from mixflow.identity.linking import matcher_available

    if not matcher_available():
        print(_("mixflow identity: the matcher (mixflow.identity.linkage) is not available."))
        return 1
    chosen = list(organisations())
    if args.organisation:
        one = organisation_by_code(args.organisation)
        if one is None:
            known = ", ".join(o.code for o in chosen)
            print(
                _("mixflow identity: no organisation %(code)r; known: %(known)s")
                % {"code": args.organisation, "known": known},
                file=sys.stderr,
            )
            return EXIT_BAD_INPUT
        chosen = [one]
    # Without --user the run is the command's own, and the audit log names it.
    actor: Actor = SystemActor("mixflow identity link")
    if args.user:
        user = user_by_username(args.user)
        if user is None:
            print(
                _("mixflow identity: no user named %(name)r") % {"name": args.user},
                file=sys.stderr,
            )
            return EXIT_BAD_INPUT
        actor = user
    for organisation in chosen:
        try:
            result = run_batch_linking(actor=actor, organisation=organisation)
        except PermissionDenied as refused:
            print(
                prefixed("mixflow identity", prefixed(organisation.code, refused)), file=sys.stderr
            )
            return EXIT_BAD_INPUT
        print(
            _("%(organisation)s: %(records)s, %(identities)s, %(pairs)s (settings %(version)s)")
            % {
                "organisation": organisation.code,
                "records": ngettext("%(count)s record", "%(count)s records", result.records)
                % {"count": number(result.records)},
                "identities": ngettext(
                    "%(count)s new identity", "%(count)s new identities", result.identities_created
                )
                % {"count": number(result.identities_created)},
                "pairs": ngettext(
                    "%(count)s pair to review",
                    "%(count)s pairs to review",
                    result.candidates_created,
                )
                % {"count": number(result.candidates_created)},
                "version": result.settings_version,
            }
        )
    return 0

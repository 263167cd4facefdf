"""``mixflow services import FILE.csv`` and ``mixflow referrals remind``.

``--user NAME`` acts as that account; without it the command acts as the machine's operator
(``SystemActor``), named in the audit log. The directory import reports each bad row with its
line number and never stops on one.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from mixflow.cli.language import gettext as _
from mixflow.cli.language import ngettext, prefixed

if TYPE_CHECKING:
    from mixflow.accounts.actors import Actor

EXIT_REFUSED = 2


class Refusal(Exception):
    """Bad input or a refused change: printed, and the command exits with code 2."""


def add_services_arguments(command: argparse.ArgumentParser) -> None:
    actions = command.add_subparsers(dest="services_command", metavar="ACTION", required=True)
    importing = actions.add_parser(
        "import",
        help=_("add or update an organisation's services from a CSV file"),
        description=_(
            "Columns: name, type (required), unit, description, sites, areas, min_age,"
            " max_age, sexes, needs, nationalities, languages, opening_hours, capacity,"
            " contact_name, contact_phone, contact_email. List cells separate items with ';'."
        ),
    )
    importing.add_argument("file", type=Path, help=_("the services, one per row (CSV)"))
    importing.add_argument("--organisation", required=True, help=_("organisation code"))
    importing.add_argument("--user", help=_("act as this account (default: the system operator)"))


def add_referrals_arguments(command: argparse.ArgumentParser) -> None:
    actions = command.add_subparsers(dest="referrals_command", metavar="ACTION", required=True)
    remind = actions.add_parser(
        "remind", help=_("list overdue referrals, by referring and by receiving organisation")
    )
    remind.add_argument("--organisation", help=_("only this organisation's (either side)"))


def _setup() -> None:
    from mixflow.cli.main import _setup_django

    _setup_django()


def _actor(name: str | None, command: str, organisation_id: int | None) -> Actor:
    from mixflow.accounts import queries
    from mixflow.core.actors import SystemActor

    if not name:
        return SystemActor(command, organisation_id)
    user = queries.user_by_username(name)
    if user is None or not user.is_active:
        raise Refusal(_("no active user named %(name)r") % {"name": name})
    return user


def _import(args: argparse.Namespace) -> int:
    from django.core.exceptions import PermissionDenied

    from mixflow.accounts import queries
    from mixflow.protection.actions import import_services, read_services_csv

    organisation = queries.organisation_by_code(args.organisation)
    if organisation is None:
        raise Refusal(_("no organisation %(code)r") % {"code": args.organisation})
    actor = _actor(args.user, "mixflow services import", organisation.pk)
    try:
        rows = read_services_csv(args.file.read_bytes())
    except (OSError, ValueError) as error:
        raise Refusal(str(error)) from error
    try:
        report = import_services(actor=actor, organisation=organisation, rows=rows)
    except PermissionDenied as refusal:
        raise Refusal(str(refusal)) from refusal
    for line, problem in report.refused:
        print(_("line %(line)s: %(problem)s") % {"line": line, "problem": problem}, file=sys.stderr)
    print(
        ngettext(
            "%(added)s added, %(updated)s updated, %(count)s row left out",
            "%(added)s added, %(updated)s updated, %(count)s rows left out",
            len(report.refused),
        )
        % {"added": report.created, "updated": report.updated, "count": len(report.refused)}
    )
    return 0 if not report.refused else 1


def _remind(args: argparse.Namespace) -> int:
    from mixflow.accounts import queries as accounts
    from mixflow.core.actors import SystemActor
    from mixflow.protection.queries import overdue_referrals

    organisation_id = None
    if args.organisation:
        organisation = accounts.organisation_by_code(args.organisation)
        if organisation is None:
            raise Refusal(_("no organisation %(code)r") % {"code": args.organisation})
        organisation_id = organisation.pk
    late = overdue_referrals(SystemActor("mixflow referrals remind"), organisation_id)
    for referral in late:
        print(
            "\t".join(
                (
                    f"#{referral.pk}",
                    str(referral.get_status_display()),
                    _("due %(date)s") % {"date": referral.due_on},
                    _("from %(organisation)s") % {"organisation": referral.organisation.code},
                    _("to %(organisation)s (%(service)s)")
                    % {
                        "organisation": referral.service.provider.organisation.code,
                        "service": referral.service.name,
                    },
                )
            )
        )
    print(
        ngettext("%(count)s overdue referral", "%(count)s overdue referrals", len(late))
        % {"count": len(late)}
    )
    return 0


def cmd_services(args: argparse.Namespace) -> int:
    _setup()
    try:
        return _import(args)
    except Refusal as refusal:
        print(prefixed("mixflow services", refusal), file=sys.stderr)
        return EXIT_REFUSED


def cmd_referrals(args: argparse.Namespace) -> int:
    _setup()
    try:
        return _remind(args)
    except Refusal as refusal:
        print(prefixed("mixflow referrals", refusal), file=sys.stderr)
        return EXIT_REFUSED

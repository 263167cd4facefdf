"""``mixflow users add|grant|revoke|list``: accounts from the terminal, through the same actions
(and so the same refusals) as the admin and the user-management page.

``--user NAME`` acts as that account; without it the command acts as the machine's operator,
``SystemActor("mixflow users")``, which the audit log names ``system:mixflow users``.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TYPE_CHECKING

from mixflow.cli.language import gettext as _
from mixflow.cli.language import ngettext, prefixed
from mixflow.core.roles import Role

if TYPE_CHECKING:
    from mixflow.accounts.actors import Actor
    from mixflow.accounts.models import User
    from mixflow.geo.models import Location

EXIT_REFUSED = 2
SYSTEM_NAME = "mixflow users"


class Refusal(Exception):
    """Bad input or a refused change: printed, and the command exits with code 2."""


def add_arguments(command: argparse.ArgumentParser) -> None:
    actions = command.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    roles = ", ".join(Role.values)

    def action(name: str, help_text: str) -> argparse.ArgumentParser:
        parser = actions.add_parser(name, help=help_text, description=help_text)
        parser.add_argument("--user", help=_("act as this account (default: the system operator)"))
        return parser

    username = _("the account's username")
    add = action("add", _("create an account, optionally with roles"))
    add.add_argument("username", help=username)
    add.add_argument("--organisation", required=True, help=_("organisation code"))
    add.add_argument("--first-name", default="", help=_("first name"))
    add.add_argument("--last-name", default="", help=_("last name"))
    add.add_argument("--email", default="", help=_("email address"))
    add.add_argument(
        "--role",
        action="append",
        default=[],
        help=_("role to grant (%(roles)s)") % {"roles": roles},
    )
    add.add_argument(
        "--limit",
        action="append",
        default=[],
        help=_("site or area code the roles are limited to"),
    )
    add.add_argument(
        "--password-stdin",
        action="store_true",
        help=_("read the initial password from the first line of standard input"),
    )

    grant = action("grant", _("grant a role (again: set its site limit anew)"))
    grant.add_argument("username", help=username)
    grant.add_argument("role", help=roles)
    grant.add_argument(
        "--limit", action="append", default=[], help=_("site or area code (repeat for several)")
    )

    revoke = action("revoke", _("revoke a role"))
    revoke.add_argument("username", help=username)
    revoke.add_argument("role", help=roles)

    password = action("password", _("set an account's password (read from standard input)"))
    password.add_argument("username", help=username)
    password.add_argument(
        "--password-stdin",
        action="store_true",
        help=_("read the password from the first line of standard input"),
    )

    reset = action(
        "reset-two-factor",
        _("remove an account's authenticator and recovery codes (a lost phone): it enrols again"),
    )
    reset.add_argument("username", help=username)

    listing = action("list", _("list the accounts you may manage, with roles and limits"))
    listing.add_argument("--organisation", help=_("organisation code"))


def _actor(name: str | None) -> Actor:
    from mixflow.accounts import queries
    from mixflow.core.actors import SystemActor

    if not name:
        return SystemActor(SYSTEM_NAME)
    user = queries.user_by_username(name)
    if user is None or not user.is_active:
        raise Refusal(_("no active user named %(name)r") % {"name": name})
    return user


def _account(username: str) -> User:
    from mixflow.accounts import queries

    user = queries.user_by_username(username)
    if user is None:
        raise Refusal(_("no user named %(name)r") % {"name": username})
    return user


def _role(role: str) -> str:
    if role not in Role.values:
        raise Refusal(
            _("no role %(role)r; roles: %(roles)s")
            % {"role": role, "roles": ", ".join(Role.values)}
        )
    return role


def _places(codes: list[str]) -> list[Location]:
    from mixflow.accounts import queries

    places, unknown = queries.places_by_code(codes)
    if unknown:
        raise Refusal(
            ngettext(
                "no site or area with code %(codes)s",
                "no site or area with codes %(codes)s",
                len(unknown),
            )
            % {"codes": ", ".join(unknown)}
        )
    return places


def _password(from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\n")
    elif sys.stdin.isatty():
        password = getpass.getpass(_("Password: "))
        if getpass.getpass(_("Again: ")) != password:
            raise Refusal(_("the two passwords differ"))
    else:
        raise Refusal(_("give the password on standard input with --password-stdin"))
    if not password:
        raise Refusal(_("the password is empty"))
    return password


def _add(args: argparse.Namespace, actor: Actor) -> None:
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError
    from django.db import transaction

    from mixflow.accounts import actions, queries

    organisation = queries.organisation_by_code(args.organisation)
    if organisation is None:
        known = ", ".join(queries.organisation_codes())
        raise Refusal(
            _("no organisation %(code)r; known: %(known)s")
            % {"code": args.organisation, "known": known}
        )
    if queries.username_taken(args.username):
        raise Refusal(_("the username %(name)r is taken") % {"name": args.username})
    roles = [_role(r) for r in args.role]
    places = _places(args.limit)
    password = _password(args.password_stdin)
    try:
        validate_password(password)
    except ValidationError as problems:
        raise Refusal(" ".join(problems.messages)) from problems
    with transaction.atomic():  # all or nothing: no account left without the roles asked for
        user = actions.create_user(
            actor=actor,
            organisation=organisation,
            username=args.username,
            password=password,
            first_name=args.first_name,
            last_name=args.last_name,
            email=args.email,
        )
        for role in roles:
            actions.grant_role(actor=actor, user=user, role=role, limited_to=places)
    where = {"user": user.username, "organisation": organisation.code, "roles": ", ".join(roles)}
    if roles:
        print(_("%(user)s: created in %(organisation)s as %(roles)s") % where)
    else:
        print(_("%(user)s: created in %(organisation)s") % where)


def _grant(args: argparse.Namespace, actor: Actor) -> None:
    from mixflow.accounts import actions

    user, role, places = _account(args.username), _role(args.role), _places(args.limit)
    actions.grant_role(actor=actor, user=user, role=role, limited_to=places)
    where = ", ".join(p.code for p in places) or _("the whole organisation")
    print(
        _("%(user)s: %(role)s granted (%(where)s)")
        % {"user": user.username, "role": role, "where": where}
    )


def _revoke(args: argparse.Namespace, actor: Actor) -> None:
    from mixflow.accounts import actions

    user, role = _account(args.username), _role(args.role)
    actions.revoke_role(actor=actor, user=user, role=role)
    print(_("%(user)s: %(role)s revoked") % {"user": user.username, "role": role})


def _set_password(args: argparse.Namespace, actor: Actor) -> None:
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    from mixflow.accounts import actions

    user = _account(args.username)
    password = _password(args.password_stdin)
    try:
        validate_password(password, user)
    except ValidationError as problems:
        raise Refusal(" ".join(problems.messages)) from problems
    actions.set_password(actor=actor, user=user, password=password)
    print(_("%(user)s: password changed") % {"user": user.username})


def _reset_two_factor(args: argparse.Namespace, actor: Actor) -> None:
    from mixflow.accounts.two_factor_actions import reset_two_factor

    user = _account(args.username)
    removed = reset_two_factor(actor=actor, user=user)
    print(
        ngettext(
            "%(user)s: %(count)s second-factor device removed; it enrols at next sign-in",
            "%(user)s: %(count)s second-factor devices removed; it enrols at next sign-in",
            removed,
        )
        % {"user": user.username, "count": removed}
    )


def _list(args: argparse.Namespace, actor: Actor) -> None:
    from mixflow.accounts import queries

    users = queries.users_for(actor)
    if args.organisation:
        if queries.organisation_by_code(args.organisation) is None:
            raise Refusal(_("no organisation %(code)r") % {"code": args.organisation})
        users = users.filter(organisation__code=args.organisation)
    for user in users:
        roles = "; ".join(
            held.role
            + (f" ({', '.join(p.code for p in held.limited_to)})" if held.limited_to else "")
            for held in queries.roles_of(user)
        )
        status = "" if user.is_active else " [" + _("deactivated") + "]"
        organisation = user.organisation.code if user.organisation else "-"
        print(f"{user.username}\t{organisation}\t{roles or '-'}{status}")


COMMANDS = {
    "add": _add,
    "grant": _grant,
    "revoke": _revoke,
    "password": _set_password,
    "list": _list,
    "reset-two-factor": _reset_two_factor,
}


def cmd_users(args: argparse.Namespace) -> int:
    from mixflow.cli.main import _setup_django

    _setup_django()
    from django.core.exceptions import PermissionDenied

    try:
        COMMANDS[args.users_command](args, _actor(args.user))
    except (Refusal, PermissionDenied) as refusal:
        print(prefixed(f"mixflow users {args.users_command}", refusal), file=sys.stderr)
        return EXIT_REFUSED
    return 0

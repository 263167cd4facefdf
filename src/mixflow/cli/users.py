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
        parser.add_argument("--user", help="act as this account (default: the system operator)")
        return parser

    add = action("add", "create an account, optionally with roles")
    add.add_argument("username")
    add.add_argument("--organisation", required=True, help="organisation code")
    add.add_argument("--first-name", default="")
    add.add_argument("--last-name", default="")
    add.add_argument("--email", default="")
    add.add_argument("--role", action="append", default=[], help=f"role to grant ({roles})")
    add.add_argument(
        "--limit", action="append", default=[], help="site or area code the roles are limited to"
    )
    add.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the initial password from the first line of standard input",
    )

    grant = action("grant", "grant a role (again: set its site limit anew)")
    grant.add_argument("username")
    grant.add_argument("role", help=roles)
    grant.add_argument(
        "--limit", action="append", default=[], help="site or area code (repeat for several)"
    )

    revoke = action("revoke", "revoke a role")
    revoke.add_argument("username")
    revoke.add_argument("role", help=roles)

    password = action("password", "set an account's password (read from standard input)")
    password.add_argument("username")
    password.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of standard input",
    )

    reset = action(
        "reset-two-factor",
        "remove an account's authenticator and recovery codes (a lost phone): it enrols again",
    )
    reset.add_argument("username")

    listing = action("list", "list the accounts you may manage, with roles and limits")
    listing.add_argument("--organisation", help="organisation code")


def _actor(name: str | None) -> Actor:
    from mixflow.accounts import queries
    from mixflow.core.actors import SystemActor

    if not name:
        return SystemActor(SYSTEM_NAME)
    user = queries.user_by_username(name)
    if user is None or not user.is_active:
        raise Refusal(f"no active user named {name!r}")
    return user


def _account(username: str) -> User:
    from mixflow.accounts import queries

    user = queries.user_by_username(username)
    if user is None:
        raise Refusal(f"no user named {username!r}")
    return user


def _role(role: str) -> str:
    if role not in Role.values:
        raise Refusal(f"no role {role!r}; roles: {', '.join(Role.values)}")
    return role


def _places(codes: list[str]) -> list[Location]:
    from mixflow.accounts import queries

    places, unknown = queries.places_by_code(codes)
    if unknown:
        raise Refusal(f"no site or area with code {', '.join(unknown)}")
    return places


def _password(from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\n")
    elif sys.stdin.isatty():
        password = getpass.getpass("Password: ")
        if getpass.getpass("Again: ") != password:
            raise Refusal("the two passwords differ")
    else:
        raise Refusal("give the password on standard input with --password-stdin")
    if not password:
        raise Refusal("the password is empty")
    return password


def _add(args: argparse.Namespace, actor: Actor) -> None:
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError
    from django.db import transaction

    from mixflow.accounts import actions, queries

    organisation = queries.organisation_by_code(args.organisation)
    if organisation is None:
        known = ", ".join(queries.organisation_codes())
        raise Refusal(f"no organisation {args.organisation!r}; known: {known}")
    if queries.username_taken(args.username):
        raise Refusal(f"the username {args.username!r} is taken")
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
    print(
        f"{user.username}: created in {organisation.code}"
        + (f" as {', '.join(roles)}" if roles else "")
    )


def _grant(args: argparse.Namespace, actor: Actor) -> None:
    from mixflow.accounts import actions

    user, role, places = _account(args.username), _role(args.role), _places(args.limit)
    actions.grant_role(actor=actor, user=user, role=role, limited_to=places)
    where = ", ".join(p.code for p in places) or "the whole organisation"
    print(f"{user.username}: {role} granted ({where})")


def _revoke(args: argparse.Namespace, actor: Actor) -> None:
    from mixflow.accounts import actions

    user, role = _account(args.username), _role(args.role)
    actions.revoke_role(actor=actor, user=user, role=role)
    print(f"{user.username}: {role} revoked")


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
    print(f"{user.username}: password changed")


def _reset_two_factor(args: argparse.Namespace, actor: Actor) -> None:
    from mixflow.accounts.two_factor_actions import reset_two_factor

    user = _account(args.username)
    removed = reset_two_factor(actor=actor, user=user)
    print(f"{user.username}: {removed} second-factor devices removed; it enrols at next sign-in")


def _list(args: argparse.Namespace, actor: Actor) -> None:
    from mixflow.accounts import queries

    users = queries.users_for(actor)
    if args.organisation:
        if queries.organisation_by_code(args.organisation) is None:
            raise Refusal(f"no organisation {args.organisation!r}")
        users = users.filter(organisation__code=args.organisation)
    for user in users:
        roles = "; ".join(
            held.role
            + (f" ({', '.join(p.code for p in held.limited_to)})" if held.limited_to else "")
            for held in queries.roles_of(user)
        )
        status = "" if user.is_active else " [deactivated]"
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
        print(f"mixflow users {args.users_command}: {refusal}", file=sys.stderr)
        return EXIT_REFUSED
    return 0

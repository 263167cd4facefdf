"""State changes of accounts: the only way to create or change an account, grant or revoke a
role, set a password, and create or change an organisation. The admin, the in-app page, the CLI,
the demo and the tests all call these.

Every action checks before it writes (``PermissionDenied`` with a translated reason), writes in
one transaction, and leaves its audit entries in that transaction, attributed to the actor. The
rules, from the issue's "refuse to grant a capability the actor lacks or a scope wider than the
actor's own", applied literally:

1. Accounts of an organisation are managed with ``manage_users`` in that organisation, or with
   ``administer_system`` (any organisation). A system actor (the machine's operator running
   ``mixflow`` without ``--user``) manages the organisation it names, or every one.
2. A role is granted only by someone who holds every capability of that role, at least as widely:
   where the actor's capability is limited to some sites, the grant must be limited to sites
   among them. Only a system administrator grants ``system_admin``. So an organisation
   administrator grants the roles made of what it holds itself (service provider, government
   official, organisation administrator); field roles that see persons or flow counts are granted
   by someone who holds them together with ``manage_users``, or by the operator.
3. Nobody changes the password, the roles or the activity of an account that holds a capability
   the actor lacks (or holds it more widely): otherwise taking over that account would hand the
   actor what rule 2 refuses. This is why an organisation administrator cannot reset a system
   administrator's password, and a system administrator cannot reset a caseworker's.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping

from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from mixflow.accounts.actors import Actor
from mixflow.accounts.models import ApiToken, Organisation, RoleAssignment, User
from mixflow.accounts.scopes import compute_scope, limit_paths, sites_within, within
from mixflow.core import audit
from mixflow.core.roles import ROLE_CAPABILITIES, Capability, Role
from mixflow.core.scoping import ALL_SITES, Scope, forget_scope, scope_of
from mixflow.geo.models import Location

Limits = Mapping[Capability, frozenset[int] | None]


# --- Checks (also called by forms, to show a refusal next to the field) ---------------------


def _names(capabilities: Iterable[Capability]) -> str:
    return ", ".join(sorted(str(c) for c in capabilities))


def _role_label(role: str) -> str:
    return str(Role(role).label) if role in Role.values else role


def _uncovered(scope: Scope, limits: Limits) -> set[Capability]:
    """Capabilities in ``limits`` that ``scope`` lacks or holds at fewer sites."""
    missing = set()
    for capability, sites in limits.items():
        if not scope.can(capability):
            missing.add(capability)
            continue
        own = scope.sites_for(capability)
        if own is ALL_SITES:
            continue
        if sites is ALL_SITES or not sites <= own:
            missing.add(capability)
    return missing


def _wider_as_places(
    actor: Actor, wanted: Mapping[Capability, frozenset[str] | None]
) -> set[Capability]:
    """Capabilities ``wanted`` at places (paths; ``None``: everywhere) outside the actor's own.

    Sites compare as ids in ``_uncovered``; here places compare as places, so that a limit to an
    area is not taken for one to the single site it holds today. A system actor has no limit."""
    if not isinstance(actor, User):
        return set()
    own = limit_paths(actor)
    wider = set()
    for capability, paths in wanted.items():
        if capability not in own:
            wider.add(capability)
            continue
        mine = own[capability]
        if mine is None:
            continue
        if paths is None or not all(within(path, mine) for path in paths):
            wider.add(capability)
    return wider


def check_may_manage(*, actor: Actor, organisation: Organisation | None) -> None:
    """Refuse unless ``actor`` may manage the accounts of ``organisation``."""
    scope = scope_of(actor)
    organisation_id = organisation.pk if organisation is not None else None
    if scope.system:
        if scope.organisation_id is None or scope.organisation_id == organisation_id:
            return
        raise PermissionDenied(
            _("This command acts only on the accounts of the organisation it was started for.")
        )
    if scope.can(Capability.ADMINISTER_SYSTEM):
        return
    if not scope.can(Capability.MANAGE_USERS):
        raise PermissionDenied(_("Managing accounts needs the manage_users capability."))
    if organisation_id is None or organisation_id != scope.organisation_id:
        raise PermissionDenied(_("You may manage the accounts of your own organisation only."))


def check_may_change_access(*, actor: Actor, user: User) -> None:
    """Refuse unless ``actor`` may change ``user``'s password, roles or activity."""
    check_may_manage(actor=actor, organisation=user.organisation)
    # The account's scope as its roles give it, whether or not it is active now.
    missing = _uncovered(scope_of(actor), compute_scope(user).site_limits)
    missing |= _wider_as_places(actor, limit_paths(user))
    if missing:
        raise PermissionDenied(
            _(
                "You cannot change the password, roles or activity of %(user)s: the account "
                "holds capabilities you do not hold, or holds them at more sites "
                "(%(capabilities)s)."
            )
            % {"user": user.get_username(), "capabilities": _names(missing)}
        )


def check_grant(*, actor: Actor, user: User, role: str, limited_to: Iterable[Location]) -> None:
    """Refuse unless ``actor`` may give ``user`` the ``role`` limited to ``limited_to``."""
    check_may_change_access(actor=actor, user=user)
    scope = scope_of(actor)
    if role == Role.SYSTEM_ADMIN and not scope.can(Capability.ADMINISTER_SYSTEM):
        raise PermissionDenied(
            _("Only a system administrator may grant the system administrator role.")
        )
    capabilities = ROLE_CAPABILITIES[role]
    lacking = {c for c in capabilities if not scope.can(c)}
    if lacking:
        raise PermissionDenied(
            _(
                "You cannot grant “%(role)s”: it holds capabilities you do not hold "
                "(%(capabilities)s)."
            )
            % {"role": _role_label(role), "capabilities": _names(lacking)}
        )
    places = list(limited_to)
    wider = _uncovered(scope, dict.fromkeys(capabilities, sites_within(places)))
    paths = frozenset(p.path for p in places) or None
    wider |= _wider_as_places(actor, dict.fromkeys(capabilities, paths))
    if wider:
        raise PermissionDenied(
            _(
                "You cannot grant “%(role)s” that widely: your own %(capabilities)s cover fewer "
                "sites. Limit the role to sites or areas within yours."
            )
            % {"role": _role_label(role), "capabilities": _names(wider)}
        )


def check_may_manage_organisations(*, actor: Actor) -> None:
    scope = scope_of(actor)
    if scope.system and scope.organisation_id is None:
        return
    if scope.system or not scope.can(Capability.ADMINISTER_SYSTEM):
        raise PermissionDenied(_("Only a system administrator may create or change organisations."))


# --- Actions ---------------------------------------------------------------------------------


def _sync_staff(user: User) -> None:
    # The Django admin is for system administrators: its sign-in form asks for ``is_staff``.
    roles = RoleAssignment.objects.filter(user=user).values_list("role", flat=True)
    capabilities = {c for role in roles for c in ROLE_CAPABILITIES[role]}
    is_staff = Capability.ADMINISTER_SYSTEM in capabilities
    if user.is_staff != is_staff or user.is_superuser:
        user.is_staff = is_staff
        user.is_superuser = False  # power comes from roles, never from Django's flag
        user.save(update_fields=["is_staff", "is_superuser"])
    forget_scope(user)


def _record_password_change(user: User, *, tokens_revoked: int) -> None:
    # ``password`` is kept out of the User's audit registration so that no hash is ever logged;
    # the change itself is recorded here, without any value.
    LogEntry.objects.log_create(
        user,
        force_log=True,
        action=LogEntry.Action.UPDATE,
        changes={"password": ["***", "***"]},
        additional_data={"password": "changed", "api_tokens_revoked": tokens_revoked},
    )


def _revoke_api_tokens(user: User) -> int:
    # A token is a password that never expires: whoever got one with the old password (or
    # copied it from a script) must lose it with the password. Each deletion is audited.
    deleted, _per_model = ApiToken.objects.filter(user=user).delete()
    return deleted


@transaction.atomic
def create_user(
    *,
    actor: Actor,
    organisation: Organisation,
    username: str,
    password: str | None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
) -> User:
    """A new account without roles (grant them with ``grant_role``). ``password=None`` leaves
    the account without a usable password."""
    check_may_manage(actor=actor, organisation=organisation)
    with audit.acting_as(actor):
        user = User(
            username=username,
            organisation=organisation,
            first_name=first_name,
            last_name=last_name,
            email=email,
        )
        if password is None:
            user.set_unusable_password()
        else:
            user.set_password(password)
        user.save()
    return user


@transaction.atomic
def update_user(
    *,
    actor: Actor,
    user: User,
    username: str | None = None,
    first_name: str | None = None,
    last_name: str | None = None,
    email: str | None = None,
    is_active: bool | None = None,
    organisation: Organisation | None = None,
) -> User:
    """Change an account's names, activity or organisation (``None``: leave as it is). First
    and last names are corrected by whoever manages the account; the rest needs the right to
    change its access."""
    check_may_manage(actor=actor, organisation=user.organisation)
    moving = organisation is not None and organisation.pk != user.organisation_id
    # The username and email identify the account (sign-in, a future password reset): changing
    # them is taking the account over as much as setting its password.
    takes_over = (
        (is_active is not None and is_active != user.is_active)
        or (username is not None and username != user.username)
        or (email is not None and email != user.email)
    )
    if takes_over or moving:
        check_may_change_access(actor=actor, user=user)
    if moving:
        check_may_manage(actor=actor, organisation=organisation)
    if is_active is False and isinstance(actor, User) and actor.pk == user.pk:
        raise PermissionDenied(_("You cannot deactivate your own account."))
    changes = {
        "username": username,
        "first_name": first_name,
        "last_name": last_name,
        "email": email,
        "is_active": is_active,
        "organisation": organisation,
    }
    with audit.acting_as(actor):
        for field, value in changes.items():
            if value is not None:
                setattr(user, field, value)
        user.save()
    forget_scope(user)
    return user


def deactivate_user(*, actor: Actor, user: User) -> User:
    """Close an account: it can no longer sign in; its history stays attributed to it."""
    return update_user(actor=actor, user=user, is_active=False)


@transaction.atomic
def set_password(*, actor: Actor, user: User, password: str | None) -> User:
    """Set ``user``'s password (``None``: no usable password, so no password sign-in).

    Every API token of the account is revoked with the old password; the audit entry says how
    many."""
    check_may_change_access(actor=actor, user=user)
    with audit.acting_as(actor):
        if password is None:
            user.set_unusable_password()
        else:
            user.set_password(password)
        user.save(update_fields=["password"])
        _record_password_change(user, tokens_revoked=_revoke_api_tokens(user))
    return user


def check_may_manage_tokens(*, actor: Actor, user: User) -> None:
    """An account's own tokens are its own business; anyone else's need the right to change
    that account's access (rule 3: a token is as good as the password)."""
    if isinstance(actor, User) and actor.pk == user.pk:
        return
    check_may_change_access(actor=actor, user=user)


@transaction.atomic
def issue_api_token(*, actor: Actor, user: User, name: str = "") -> tuple[ApiToken, str]:
    """A new API token for ``user``. The key is returned this once: only its digest is kept."""
    check_may_manage_tokens(actor=actor, user=user)
    if not user.is_active:
        raise PermissionDenied(_("This account is deactivated: it cannot have API tokens."))
    key = secrets.token_hex(20)
    with audit.acting_as(actor):
        token = ApiToken.objects.create(
            user=user, name=name, prefix=key[:8], digest=ApiToken.digest_of(key)
        )
    return token, key


@transaction.atomic
def revoke_api_token(*, actor: Actor, token: ApiToken) -> None:
    """Revoke one token: scripts using it are refused from now on."""
    check_may_manage_tokens(actor=actor, user=token.user)
    with audit.acting_as(actor):
        token.delete()


@transaction.atomic
def grant_role(
    *, actor: Actor, user: User, role: str, limited_to: Iterable[Location] = ()
) -> RoleAssignment:
    """Give ``user`` the ``role``, limited to the sites inside ``limited_to`` (none: the whole
    organisation). Granting a role the user holds sets its limit anew."""
    places = list(limited_to)
    check_grant(actor=actor, user=user, role=role, limited_to=places)
    with audit.acting_as(actor):
        assignment = RoleAssignment.objects.filter(user=user, role=role).first()
        if assignment is None:
            assignment = RoleAssignment.objects.create(user=user, role=role)
        assignment.limited_to.set(places)
        _sync_staff(user)
    return assignment


@transaction.atomic
def revoke_role(*, actor: Actor, user: User, role: str) -> None:
    """Take the ``role`` from ``user`` (nothing happens if they do not hold it)."""
    check_may_change_access(actor=actor, user=user)
    with audit.acting_as(actor):
        for assignment in RoleAssignment.objects.filter(user=user, role=role):
            assignment.delete()
        _sync_staff(user)


@transaction.atomic
def create_or_update_user(
    *,
    actor: Actor,
    username: str,
    organisation: Organisation,
    password: str,
    roles: Iterable[str],
    limited_to: Iterable[Location] = (),
    first_name: str = "",
) -> User:
    """Bring the account ``username`` to this state (the demo and the tests use it): the same
    checks as the actions it is made of."""
    roles = list(roles)
    places = list(limited_to)
    user = User.objects.filter(username=username).first()
    if user is None:
        user = create_user(
            actor=actor,
            organisation=organisation,
            username=username,
            password=password,
            first_name=first_name,
        )
    else:
        update_user(
            actor=actor,
            user=user,
            organisation=organisation,
            first_name=first_name or None,
            is_active=True,
        )
        set_password(actor=actor, user=user, password=password)
        for held in user.role_assignments.exclude(role__in=roles).values_list("role", flat=True):
            revoke_role(actor=actor, user=user, role=held)
    for role in roles:
        grant_role(actor=actor, user=user, role=role, limited_to=places)
    return user


@transaction.atomic
def create_organisation(
    *, actor: Actor, code: str, name: str, kind: str, country: str = ""
) -> Organisation:
    check_may_manage_organisations(actor=actor)
    with audit.acting_as(actor):
        return Organisation.objects.create(code=code, name=name, kind=kind, country=country)


@transaction.atomic
def update_organisation(
    *,
    actor: Actor,
    organisation: Organisation,
    code: str | None = None,
    name: str | None = None,
    kind: str | None = None,
    country: str | None = None,
) -> Organisation:
    check_may_manage_organisations(actor=actor)
    changes = {"code": code, "name": name, "kind": kind, "country": country}
    with audit.acting_as(actor):
        for field, value in changes.items():
            if value is not None:
                setattr(organisation, field, value)
        organisation.save()
    return organisation

"""State changes of two-factor authentication: enrol an authenticator, confirm it, issue
recovery codes, and reset an account's second factor when its phone is lost.

An account enrols and renews its own codes; only someone who may change the account's access
(``check_may_change_access``: the same rule as a password reset) removes its second factor.
The secrets themselves never reach the audit log: each change is one entry on the account
saying what happened.
"""

from __future__ import annotations

from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import devices_for_user
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from mixflow.accounts.actions import check_may_change_access
from mixflow.accounts.actors import Actor
from mixflow.accounts.models import User
from mixflow.accounts.two_factor import AUTHENTICATOR, RECOVERY, RECOVERY_CODES
from mixflow.core import audit


def _check_self(actor: Actor, user: User) -> None:
    if not (isinstance(actor, User) and actor.pk == user.pk):
        raise PermissionDenied(_("Only the account itself can set up its second factor."))


def _record(user: User, what: str, **details: object) -> None:
    LogEntry.objects.log_create(
        user,
        force_log=True,
        action=LogEntry.Action.UPDATE,
        changes={"two_factor": ["", what]},
        additional_data={"two_factor": what, **details},
    )


@transaction.atomic
def start_enrolment(*, actor: Actor, user: User) -> TOTPDevice:
    """A new, unconfirmed authenticator for ``user`` (any earlier unconfirmed one is dropped).

    The account's confirmed authenticator, if any, keeps working until the new one is
    confirmed."""
    _check_self(actor, user)
    with audit.acting_as(actor):
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        return TOTPDevice.objects.create(user=user, name=AUTHENTICATOR, confirmed=False)


def _replace_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user, name=RECOVERY).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic
def confirm_enrolment(
    *, actor: Actor, user: User, device: TOTPDevice, code: str
) -> list[str] | None:
    """Confirm ``device`` with a code it generated; return new recovery codes (shown once), or
    ``None`` when the code is wrong (the failure counts towards the device's throttling, so it
    is returned rather than raised: raising would roll the count back). The account's earlier
    authenticator and recovery codes stop working."""
    _check_self(actor, user)
    if device.user_id != user.pk or device.confirmed:
        raise PermissionDenied(_("This authenticator is not being set up for your account."))
    if not device.verify_token(_clean(code)):
        return None
    with audit.acting_as(actor):
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _replace_recovery_codes(user)
        _record(user, "enrolled", recovery_codes=len(codes))
    return codes


def _clean(code: str) -> str:
    return "".join(code.split()).lower()


@transaction.atomic
def verify_sign_in(*, actor: Actor, user: User, code: str) -> Device | None:
    """The device of ``user`` that accepts ``code`` (an authenticator's code, or a recovery
    code, used up by this), or ``None``. Each device throttles failures: after one, the next
    attempt waits 1 s, then 2, 4, 8… (django-otp), so codes cannot be guessed in bulk."""
    _check_self(actor, user)
    code = _clean(code)
    if not code:
        return None
    with audit.acting_as(actor):
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            if device.verify_token(code):
                if isinstance(device, StaticDevice):
                    _record(user, "recovery code used", left=device.token_set.count())
                return device
    return None


@transaction.atomic
def renew_recovery_codes(*, actor: Actor, user: User) -> list[str]:
    """New recovery codes for ``user`` (shown once); the old ones stop working."""
    _check_self(actor, user)
    with audit.acting_as(actor):
        codes = _replace_recovery_codes(user)
        _record(user, "recovery codes renewed", recovery_codes=len(codes))
    return codes


@transaction.atomic
def reset_two_factor(*, actor: Actor, user: User) -> int:
    """Remove every second factor of ``user`` (a lost phone): at the next sign-in the account
    enrols a new authenticator. Returns how many devices were removed."""
    check_may_change_access(actor=actor, user=user)
    with audit.acting_as(actor):
        removed: int = TOTPDevice.objects.filter(user=user).count()
        removed += int(StaticDevice.objects.filter(user=user).count())
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        _record(user, "reset", devices_removed=removed)
    return removed

"""State changes of sign-ins: record a session when an account signs in, forget it when it
signs out, end one early (a lost laptop, a departed colleague), and lift a lockout early.

Ending someone else's session, and lifting a lockout early, need the right to manage the
accounts of that organisation (``manage_users`` there), not the stricter rule of a password
reset: neither gives the administrator any access. An ended session signs in again with its
password and second factor; an unlocked account still needs its password. An account ends its
own sessions freely.
"""

from __future__ import annotations

from auditlog.models import LogEntry
from axes.utils import reset as axes_reset
from django.contrib.sessions.models import Session
from django.db import transaction
from django.http import HttpRequest

from mixflow.accounts.actions import check_may_manage
from mixflow.accounts.actors import Actor
from mixflow.accounts.models import SignedInSession, User
from mixflow.core import audit

USER_AGENT_LENGTH = 200


def _address(request: HttpRequest) -> str | None:
    # Axes has already worked out the client's address (behind a proxy too) for this request.
    address = getattr(request, "axes_ip_address", None) or request.META.get("REMOTE_ADDR")
    return str(address) if address else None


@transaction.atomic
def record_sign_in(*, actor: Actor, request: HttpRequest, user: User) -> SignedInSession | None:
    """Remember the session ``user`` has just opened (``user_logged_in``)."""
    key = request.session.session_key
    if not key:
        return None
    with audit.acting_as(actor):
        return SignedInSession.objects.create(
            user=user,
            session_key=key,
            ip_address=_address(request),
            user_agent=request.META.get("HTTP_USER_AGENT", "")[:USER_AGENT_LENGTH],
        )


@transaction.atomic
def record_sign_out(*, actor: Actor, session_key: str | None) -> None:
    """Forget the session being closed by signing out (``user_logged_out``)."""
    if session_key:
        with audit.acting_as(actor):
            SignedInSession.objects.filter(session_key=session_key).delete()


@transaction.atomic
def end_session(*, actor: Actor, session: SignedInSession) -> None:
    """End ``session`` now: its next request finds itself signed out."""
    if not (isinstance(actor, User) and actor.pk == session.user_id):
        check_may_manage(actor=actor, organisation=session.user.organisation)
    with audit.acting_as(actor):
        Session.objects.filter(session_key=session.session_key).delete()
        session.delete()


@transaction.atomic
def unlock_account(*, actor: Actor, user: User) -> int:
    """Lift the lockout of ``user`` before its time: the failed attempts counted against the
    account are cleared (django-axes). Returns how many records were cleared."""
    check_may_manage(actor=actor, organisation=user.organisation)
    with audit.acting_as(actor):
        cleared = int(axes_reset(username=user.get_username()))
        LogEntry.objects.log_create(
            user,
            force_log=True,
            action=LogEntry.Action.UPDATE,
            changes={"lockout": ["locked", "lifted"]},
            additional_data={"lockout": "lifted", "attempts_cleared": cleared},
        )
    return cleared

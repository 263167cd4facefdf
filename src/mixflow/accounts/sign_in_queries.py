"""Reads of sign-ins for the administrators' page: open sessions, the sign-in record and
failed attempts (django-axes), and which accounts are locked out now — each limited to the
accounts the reader may manage."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db.models import QuerySet
from django.utils import timezone

from mixflow.accounts.actors import Actor
from mixflow.accounts.lockout import cool_off
from mixflow.accounts.models import SignedInSession, User
from mixflow.accounts.queries import users_for
from mixflow.core.scoping import scoped

SHOWN = 100
"""How many sign-ins and failures the page lists (the newest)."""


def open_sessions_for(actor: Actor) -> QuerySet[SignedInSession]:
    """Sessions not yet expired, of the accounts ``actor`` may manage."""
    live = Session.objects.filter(expire_date__gt=timezone.now()).values("session_key")
    return (
        scoped(actor, SignedInSession)
        .filter(session_key__in=live)
        .select_related("user")
        .order_by("-signed_in_at")
    )


def open_session_for(actor: Actor, pk: int) -> SignedInSession | None:
    return open_sessions_for(actor).filter(pk=pk).first()


def own_open_session(user: User, pk: int) -> SignedInSession | None:
    live = Session.objects.filter(expire_date__gt=timezone.now()).values("session_key")
    return SignedInSession.objects.filter(user=user, pk=pk, session_key__in=live).first()


def _usernames(actor: Actor) -> QuerySet[User]:
    return users_for(actor).values_list("username", flat=True)  # type: ignore[return-value]


def sign_ins_for(actor: Actor) -> list[AccessLog]:
    return list(
        AccessLog.objects.filter(username__in=_usernames(actor)).order_by("-attempt_time")[:SHOWN]
    )


def failures_for(actor: Actor) -> list[AccessFailureLog]:
    return list(
        AccessFailureLog.objects.filter(username__in=_usernames(actor)).order_by("-attempt_time")[
            :SHOWN
        ]
    )


@dataclass(frozen=True)
class Lockout:
    user: User
    failures: int
    until: datetime


def locked_out_for(actor: Actor) -> list[Lockout]:
    """Accounts ``actor`` manages that are locked out now (by their username's failures)."""
    since = timezone.now() - cool_off()
    counts: dict[str, tuple[int, datetime]] = {}
    for attempt in AccessAttempt.objects.filter(
        username__in=_usernames(actor), attempt_time__gte=since
    ):
        failures, last = counts.get(attempt.username, (0, attempt.attempt_time))
        counts[attempt.username] = (
            failures + attempt.failures_since_start,
            max(last, attempt.attempt_time),
        )
    locked = {
        name: value for name, value in counts.items() if value[0] >= settings.AXES_FAILURE_LIMIT
    }
    users = {u.username: u for u in users_for(actor).filter(username__in=list(locked))}
    return [
        Lockout(users[name], failures, last + cool_off())
        for name, (failures, last) in sorted(locked.items())
        if name in users
    ]

"""Receivers that keep ``SignedInSession`` in step with signing in and out."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from mixflow.accounts.models import User
from mixflow.accounts.session_actions import record_sign_in, record_sign_out
from mixflow.core.actors import SystemActor

SIGN_OUT = SystemActor("sign-out")


def on_sign_in(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        record_sign_in(actor=user, request=request, user=user)


def on_sign_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        actor = user if isinstance(user, User) else SIGN_OUT
        record_sign_out(actor=actor, session_key=request.session.session_key)

"""Brute-force protection: sign-ins counted by django-axes, per account and per address.

Every interface that checks a password (the sign-in page, the admin's, ODK Collect's Basic
authentication, ``POST /api/token/``) goes through ``django.contrib.auth.authenticate`` with the
request, so :class:`LockoutBackend`, first in ``AUTHENTICATION_BACKENDS``, sees every attempt.
After ``AXES_FAILURE_LIMIT`` failures for one username, or from one address, further attempts
are refused — even with the right password — until ``AXES_COOLOFF_TIME`` has passed since the
last attempt. Each interface answers the refusal in its own format with :func:`lockout_message`.
"""

from __future__ import annotations

import math
from datetime import timedelta
from typing import Any

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _


class LockoutBackend(AxesStandaloneBackend):
    """Axes's check, for attempts that come with a request.

    Without a request there is no address to count and nothing came over the network (Django's
    test client ``login()``, a password checked from the shell): those are left to the next
    backend instead of raising as Axes does."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is not None:
            super().authenticate(request, username=username, password=password, **kwargs)


def is_locked_out(request: Any) -> bool:
    """Whether the last ``authenticate`` on ``request`` was refused by the lockout."""
    return bool(getattr(request, "axes_locked_out", False))


def cool_off() -> timedelta:
    value = settings.AXES_COOLOFF_TIME
    return value if isinstance(value, timedelta) else timedelta(minutes=15)


def retry_after_seconds() -> int:
    return math.ceil(cool_off().total_seconds())


def lockout_message() -> str:
    minutes = max(1, math.ceil(cool_off().total_seconds() / 60))
    return _(
        "Too many failed sign-in attempts for this account or from this address, so sign-in "
        "is blocked for now. Wait %(minutes)d minutes without trying, then sign in again: "
        "every attempt meanwhile starts the wait again. If you have forgotten your password, "
        "ask your organisation's administrator to set a new one."
    ) % {"minutes": minutes}

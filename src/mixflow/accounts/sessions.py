"""How long a web session lasts.

Every session ends ``SESSION_COOKIE_AGE`` after sign-in (``MIXFLOW_SESSION_HOURS``). An account
that may see sensitive data (``view_sensitive``) also loses its session when the browser
closes: its cookie carries no expiry date, so a shared or lost device is not left signed in.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from mixflow.accounts.models import User
from mixflow.core.roles import Capability
from mixflow.core.scoping import scope_of


def ends_with_browser(user: User) -> bool:
    return scope_of(user).can(Capability.VIEW_SENSITIVE)


def limit_session(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    """``user_logged_in`` receiver: a browser-session cookie for sensitive roles.

    The server-side expiry stays ``SESSION_COOKIE_AGE`` either way (Django applies it to a
    session whose cookie ends with the browser)."""
    if ends_with_browser(user):
        request.session.set_expiry(0)

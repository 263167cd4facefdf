"""HTTP Basic authentication for the OpenRosa endpoints, the scheme ODK Collect speaks.

Basic sends the password with every request, readable by anyone on the path unless the
connection is encrypted. So a request is refused (403, *before* any challenge, so Collect never
sends the password) when it arrives over plain HTTP, unless it comes from this machine
(development, tests), ``DEBUG`` is on, or ``MIXFLOW_OPENROSA_ALLOW_HTTP`` is set (a field
laptop serving phones over its own Wi-Fi, where TLS is impractical and the network is closed).

Passwords are checked through ``authenticate`` with the request, so the sign-in lockout
(``accounts.lockout``) counts and refuses Basic attempts as it does the sign-in page's.

An account that must confirm its sign-ins with a second factor (``accounts.two_factor``) cannot
do so from Collect: its account password is refused here, and Collect is given one of the
account's API tokens as its password instead (an app password: made from a session confirmed
with TOTP, revocable on its own, revoked with the password). Any account may use a token so.
A wrong token is checked as a password, so guessing counts towards the lockout.
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import authenticate
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from mixflow.accounts import queries, two_factor
from mixflow.accounts.lockout import is_locked_out, lockout_message, retry_after_seconds
from mixflow.api.openrosa.responses import message

if TYPE_CHECKING:
    from mixflow.accounts.models import User

REALM = "Mixflow"

View = Callable[..., HttpResponse]


def _credentials(request: HttpRequest) -> tuple[str, str] | None:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _sep, encoded = header.partition(" ")
    if scheme.lower() != "basic" or not encoded:
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    username, sep, password = decoded.partition(":")
    return (username, password) if sep else None


def _from_this_machine(request: HttpRequest) -> bool:
    try:
        return ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")).is_loopback
    except ValueError:
        return False


def transport_is_safe(request: HttpRequest) -> bool:
    return (
        request.is_secure()
        or _from_this_machine(request)
        or bool(settings.DEBUG)
        or bool(settings.OPENROSA_ALLOW_PLAIN_HTTP)
    )


def _token_user(username: str, secret: str) -> User | None:
    """The account whose API token ``secret`` is, when it is ``username``'s."""
    if not secret:
        return None
    user = queries.user_for_api_key(secret)
    if user is None or user.get_username() != username:
        return None
    return user


def challenge() -> HttpResponse:
    response = message(_("Sign in with your Mixflow username and password."), status=401)
    response["WWW-Authenticate"] = f'Basic realm="{REALM}", charset="UTF-8"'
    return response


def basic_auth(view: View) -> View:
    """CSRF-exempt (no cookies are involved) and signed in with HTTP Basic, or refused."""

    @csrf_exempt
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not transport_is_safe(request):
            return message(
                _("This server accepts ODK Collect only over HTTPS: use an https:// address."),
                status=403,
            )
        credentials = _credentials(request)
        if credentials is None:
            return challenge()
        user = _token_user(*credentials)
        if user is not None and user.is_active:
            request.user = user
            return view(request, *args, **kwargs)
        user = authenticate(request, username=credentials[0], password=credentials[1])
        if user is not None and user.is_active and two_factor.required_for(user):
            refused = message(
                _(
                    "This account confirms its sign-in with a second factor: in ODK Collect, "
                    "enter one of your API tokens as the password, not your account password."
                ),
                status=401,
            )
            refused["WWW-Authenticate"] = f'Basic realm="{REALM}", charset="UTF-8"'
            return refused
        if is_locked_out(request):
            # Not a challenge: Collect would ask for the password again, and every retry
            # restarts the wait. The message says when to try again and whom to ask.
            refused = message(lockout_message(), status=429)
            refused["Retry-After"] = str(retry_after_seconds())
            return refused
        if user is None or not user.is_active:
            return challenge()
        request.user = user
        return view(request, *args, **kwargs)

    return wrapped

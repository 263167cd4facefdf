"""Two-factor authentication (TOTP, django-otp): who must use it, and what a page shows of it.

Accounts whose roles see sensitive data (``view_sensitive``) must confirm each sign-in with a
code from an authenticator app (or a single-use recovery code) before they reach any page.
Other accounts may enrol too; once they have, their sign-ins are confirmed the same way.
``MIXFLOW_REQUIRE_TWO_FACTOR`` (on by default) turns the requirement off for a closed test
machine only; ``check --deploy`` warns while it is off.
"""

from __future__ import annotations

from typing import Any

import qrcode
import qrcode.image.svg
from django.conf import settings
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from mixflow.accounts.models import User
from mixflow.core.roles import Capability
from mixflow.core.scoping import scope_of

AUTHENTICATOR = "authenticator"
"""Name of an account's TOTP device (one per account)."""
RECOVERY = "recovery"
"""Name of an account's static device, which holds its single-use recovery codes."""
RECOVERY_CODES = 10


def enforced() -> bool:
    return bool(getattr(settings, "MIXFLOW_REQUIRE_TWO_FACTOR", True))


ENROLLED_KEY = "mixflow_two_factor_enrolled"
"""Session key: whether the account had a second factor when it signed in. Asked once at sign-in
rather than on every request, so that pages keep their number of queries."""


def required_for(user: User, session: Any = None) -> bool:
    """Whether ``user`` must confirm a sign-in with a second factor before using Mixflow
    (``session``: the request's, which remembers whether the account has enrolled)."""
    if not enforced():
        return False
    if scope_of(user).can(Capability.VIEW_SENSITIVE):
        return True
    if session is not None and ENROLLED_KEY in session:
        return bool(session[ENROLLED_KEY])
    return bool(user_has_device(user))


def remember_enrolment(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
    """``user_logged_in`` receiver: note in the new session whether the account enrolled."""
    if request is not None and hasattr(request, "session"):
        request.session[ENROLLED_KEY] = bool(user_has_device(user))


def is_verified(user: Any) -> bool:
    """Whether this request's sign-in was confirmed with a second factor (OTPMiddleware)."""
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def is_enrolled(user: User) -> bool:
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def pending_device(user: User) -> TOTPDevice | None:
    """The authenticator being set up (created, not yet confirmed with a code), if any."""
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


def recovery_codes_left(user: User) -> int:
    device = StaticDevice.objects.filter(user=user, name=RECOVERY).first()
    return device.token_set.count() if device else 0


def secret_of(device: TOTPDevice) -> str:
    """The device's key as the base32 text authenticator apps accept typed in."""
    import base64

    return base64.b32encode(device.bin_key).decode("ascii").rstrip("=")


def qr_svg(device: TOTPDevice) -> str:
    """The ``otpauth://`` address of ``device`` as an SVG QR code, to put inline in a page
    (no image request, no script, nothing for the Content-Security-Policy to refuse)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    svg: str = image.to_string(encoding="unicode")
    # Drop the XML declaration: the SVG goes inside an HTML page.
    return svg[svg.index("<svg") :]

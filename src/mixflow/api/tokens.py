"""``POST /api/token/``: exchange a username and password for the user's API token."""

from __future__ import annotations

from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.permissions import AllowAny
from rest_framework.throttling import ScopedRateThrottle


class TokenView(ObtainAuthToken):
    """Returns ``{"token": "…"}``; send it as ``Authorization: Token …``.

    Throttled per client address, so the endpoint cannot be used to guess passwords quickly.
    """

    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"

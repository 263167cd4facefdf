"""``POST /api/token/``: exchange a username and password for the user's API token."""

from __future__ import annotations

from typing import Any

from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle

from mixflow.accounts.lockout import is_locked_out, lockout_message, retry_after_seconds


class TokenView(ObtainAuthToken):
    """Returns ``{"token": "…"}``; send it as ``Authorization: Token …``.

    Throttled per client address, and the password check counts towards the sign-in lockout
    (``accounts.lockout``): a locked account or address gets 429 with the time to wait.
    """

    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        try:
            return super().post(request, *args, **kwargs)
        except ValidationError:
            if not is_locked_out(request):
                raise
            return Response(
                {"detail": lockout_message()},
                status=429,
                headers={"Retry-After": str(retry_after_seconds())},
            )

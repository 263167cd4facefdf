"""API tokens: ``POST /api/token/`` issues one for a username and password; ``GET /api/tokens/``
lists the caller's own, ``DELETE /api/tokens/<id>/`` revokes one.

An account that must confirm its sign-ins with a second factor gets a token only from its own
browser session confirmed with TOTP: otherwise a password alone would mint a key that skips
the second factor. The same token is the password ODK Collect sends for such an account
(``api.openrosa.auth``).

Tokens are kept as digests (``accounts.models.ApiToken``): a key is shown once, when issued, so
every ``POST /api/token/`` issues a new one. A password change revokes them all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from mixflow.accounts import actions, queries, two_factor
from mixflow.accounts.lockout import is_locked_out, lockout_message, retry_after_seconds

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from mixflow.accounts.models import ApiToken, User


class TokenRequest(AuthTokenSerializer):
    name = serializers.CharField(
        max_length=100,
        required=False,
        default="",
        allow_blank=True,
        help_text="What the token is for.",
    )


class TokenSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    prefix = serializers.CharField(read_only=True, help_text="The first characters of the key.")
    created_at = serializers.DateTimeField(read_only=True)


def _second_factor_first() -> str:
    return _(
        "This account confirms its sign-in with a second factor: sign in on the web with your "
        "authenticator app, then ask for the token from that signed-in session."
    )


def _verified_session_of(request: Request, user: User) -> bool:
    """Whether the request comes from ``user``'s own browser session, confirmed with a second
    factor (a password alone must not mint a key that bypasses the second factor)."""
    signed_in = getattr(request._request, "user", None)
    return (
        signed_in is not None
        and getattr(signed_in, "pk", None) == user.pk
        and two_factor.is_verified(signed_in)
    )


class TokenView(APIView):
    """Returns ``{"token": "…"}``; send it as ``Authorization: Token …``.

    Throttled per client address, and the password check counts towards the sign-in lockout
    (``accounts.lockout``): a locked account or address gets 429 with the time to wait.
    """

    # As DRF's ObtainAuthToken did: scripts post a form as often as JSON.
    parser_classes = [FormParser, MultiPartParser, JSONParser]
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"

    @extend_schema(
        request=TokenRequest,
        responses={
            200: inline_serializer("IssuedToken", {"token": serializers.CharField()}),
            400: OpenApiResponse(description="Wrong username or password."),
            403: OpenApiResponse(
                description="The account needs a second factor: ask from a confirmed session."
            ),
            429: OpenApiResponse(description="Too many attempts: wait, then try again."),
        },
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = TokenRequest(data=request.data, context={"request": request})
        try:
            serializer.is_valid(raise_exception=True)
        except ValidationError:
            if not is_locked_out(request):
                raise
            return Response(
                {"detail": lockout_message()},
                status=429,
                headers={"Retry-After": str(retry_after_seconds())},
            )
        user = serializer.validated_data["user"]
        if two_factor.required_for(user) and not _verified_session_of(request, user):
            return Response({"detail": _second_factor_first()}, status=403)
        _token, key = actions.issue_api_token(
            actor=user, user=user, name=serializer.validated_data["name"]
        )
        return Response({"token": key})


class TokenList(ListAPIView[Any]):
    """The caller's own API tokens, newest first (never their keys)."""

    serializer_class = TokenSerializer

    def get_queryset(self) -> QuerySet[ApiToken]:
        return queries.api_tokens_of(self.request.user)  # type: ignore[arg-type]


class TokenRevoke(APIView):
    @extend_schema(responses={204: None, 404: OpenApiResponse(description="No such token.")})
    def delete(self, request: Request, pk: int) -> Response:
        """Revoke one of the caller's own tokens."""
        token = queries.api_tokens_of(request.user).filter(pk=pk).first()  # type: ignore[arg-type]
        if token is None:
            raise NotFound
        actions.revoke_api_token(actor=request.user, token=token)  # type: ignore[arg-type]
        return Response(status=204)

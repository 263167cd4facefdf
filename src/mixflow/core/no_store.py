"""``Cache-Control: no-store`` on every answer given to a signed-in user.

Which pages hold personal data changes with every feature; who is signed in does not. So the
rule is the simplest honest one: any answer to an authenticated request (a session, an API
token, ODK Collect's Basic authentication) is kept by no browser cache, proxy or back button.
Static files are answered by WhiteNoise before this middleware and keep their own caching.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

NO_STORE = "no-store"


def _signed_in(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    # An Authorization header counts even when it failed: the answer may still name the account.
    return bool(user is not None and user.is_authenticated) or "HTTP_AUTHORIZATION" in request.META


class NoStoreMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if _signed_in(request):
            response["Cache-Control"] = NO_STORE
            response["Pragma"] = "no-cache"
        return response

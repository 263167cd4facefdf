"""No page before the second factor: a signed-in account that must confirm its sign-in with a
code (``accounts.two_factor.required_for``) and has not yet done so this session is sent to
the two-factor page; the JSON API answers 403 instead.

A middleware rather than a check in each view, so that a new page, the admin and the API are
covered without anyone remembering them. Only the pages that lead to the second factor (sign
in, sign out, the two-factor pages, the language switch) are let through.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _

from mixflow.accounts.two_factor import is_verified, required_for

LET_THROUGH = frozenset(
    {
        "web:login",
        "web:logout",
        "web:two_factor",
        "web:two_factor_start",
        "set_language",
    }
)


#: Routes under ``/api/`` that answer a browser with a page, not JSON.
API_PAGES = frozenset({"api:docs"})


def _route(request: HttpRequest) -> str | None:
    try:
        return resolve(request.path_info).view_name
    except Resolver404:
        return None


def two_factor_missing(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or is_verified(user):
        return False
    return required_for(user, getattr(request, "session", None))


class RequireTwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if two_factor_missing(request) and (route := _route(request)) not in LET_THROUGH:
            # The API's documentation is a page a person reads (the footer links to it):
            # sent to the second factor like any page, not answered in JSON.
            if request.path_info.startswith("/api/") and route not in API_PAGES:
                return JsonResponse(
                    {"detail": _("Confirm your sign-in with your second factor first.")},
                    status=403,
                )
            target = reverse("web:two_factor")
            return HttpResponseRedirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

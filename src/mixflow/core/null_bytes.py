"""Requests whose query carries a NUL character are refused with 400 before any view runs.

No text Mixflow stores may hold one (PostgreSQL refuses it in text columns, and nobody types
it), so a query parameter with one is bad input, answered as such in the user's language rather
than failing in the database. Form and JSON fields already refuse it (Django's and DRF's
character fields prohibit it).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _


class RefuseNulBytesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if any(
            "\x00" in key or any("\x00" in v for v in request.GET.getlist(key))
            for key in request.GET
        ):
            message = _("The request holds a NUL character, which no field may contain.")
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=400)
            return HttpResponseBadRequest(message)
        return self.get_response(request)

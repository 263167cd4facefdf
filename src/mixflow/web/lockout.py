"""The page shown when django-axes refuses a sign-in (``AXES_LOCKOUT_CALLABLE``).

The sign-in page and the admin's answer with this page. ODK Collect and the token endpoint
answer the lockout themselves, in their own formats, with status 429: their answer is kept.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from mixflow.accounts.lockout import lockout_message, retry_after_seconds

TOO_MANY_REQUESTS = 429


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    if original_response is not None and original_response.status_code == TOO_MANY_REQUESTS:
        return original_response
    response = render(
        request, "web/locked_out.html", {"message": lockout_message()}, status=TOO_MANY_REQUESTS
    )
    response["Retry-After"] = str(retry_after_seconds())
    return response

"""Every API error as JSON: ``{"detail": …, "code": …}`` or ``{"errors": [{"field", "message"}]}``.

Validation errors name the offending field (``null`` when the error concerns the whole
request), so a client can put the message next to the right input. Messages are in the
request's language (``Accept-Language``, through Django's ``LocaleMiddleware``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler

NON_FIELD = api_settings.NON_FIELD_ERRORS_KEY


def field_errors(data: Any, prefix: str = "") -> Iterator[dict[str, Any]]:
    """Flatten DRF's nested error structure into ``{"field", "message"}`` items."""
    if isinstance(data, dict):
        for key, value in data.items():
            name = prefix if key == NON_FIELD else f"{prefix}.{key}" if prefix else str(key)
            yield from field_errors(value, name)
    elif isinstance(data, list):
        for position, value in enumerate(data):
            if isinstance(value, dict | list) and not _is_messages(value):
                yield from field_errors(value, f"{prefix}[{position}]")
            else:
                yield from field_errors(value, prefix)
    else:
        yield {"field": prefix or None, "message": str(data), "code": getattr(data, "code", None)}


def _is_messages(value: Any) -> bool:
    return isinstance(value, list) and all(not isinstance(v, dict | list) for v in value)


def handle(exc: Exception, context: dict[str, Any]) -> Response | None:
    response = exception_handler(exc, context)
    if response is None:
        return None  # an unexpected error: Django's 500 handling and logging apply
    if isinstance(exc, ValidationError):
        response.data = {"errors": list(field_errors(response.data))}
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
        response.data = {"detail": str(detail), "code": getattr(detail, "code", None)}
    return response

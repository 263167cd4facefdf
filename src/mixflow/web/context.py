"""Template context shared by every page."""

from __future__ import annotations

from django.http import HttpRequest

from mixflow.core.roles import Capability
from mixflow.core.scoping import scope_of


def navigation(request: HttpRequest) -> dict[str, object]:
    scope = scope_of(getattr(request, "user", None))
    return {
        "can": {capability.value: scope.can(capability) for capability in Capability},
    }

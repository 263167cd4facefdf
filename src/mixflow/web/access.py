"""Access decorators for views: every view states the capability it needs."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from mixflow.core.roles import Capability
from mixflow.core.scoping import scope_of
from mixflow.web.refusals import REFUSED

View = Callable[..., HttpResponse]


REQUIRED = "required_capabilities"
"""Attribute of a wrapped view holding the capabilities it asks for (any one of them is enough),
so that tests walking every URL know what each page demands without a list kept by hand."""


def requires(*capabilities: Capability) -> Callable[[View], View]:
    """Anonymous visitors go to the sign-in page; signed-in users without one of
    ``capabilities`` get 403. With no capability named, signing in is enough."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            scope = scope_of(request.user)
            if capabilities and not any(scope.can(c) for c in capabilities):
                # The 403 page names what was needed and who holds it (web/refusals.py).
                setattr(request, REFUSED, frozenset(capabilities))
                raise PermissionDenied
            return view(request, *args, **kwargs)

        # ``functools.wraps`` copies ``__dict__``, so decorators applied on top keep this.
        vars(wrapped)[REQUIRED] = frozenset(capabilities)
        return wrapped

    return decorator

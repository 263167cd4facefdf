"""Access for API views: each view names the capability it needs, as the web pages do."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from mixflow.core.roles import Capability
from mixflow.core.scoping import scope_of


class HasCapability(BasePermission):
    """The user holds ``view.capability`` (for some site at least).

    Anonymous requests fail here too, and DRF turns that into 401 because the token
    authenticator offers a ``WWW-Authenticate`` challenge; signed-in users without the
    capability get 403.
    """

    message = _("Your role does not give access to this.")

    def has_permission(self, request: Request, view: Any) -> bool:
        capability: Capability | None = getattr(view, "capability", None)
        if not request.user or not request.user.is_authenticated:
            return False
        return capability is None or scope_of(request.user).can(capability)

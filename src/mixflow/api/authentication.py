"""``Authorization: Token <key>`` for the API, looked up by the key's digest.

Its own module, importing no view: DRF reads ``DEFAULT_AUTHENTICATION_CLASSES`` while view
classes are being defined, so this must not import a module that defines views.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from mixflow.accounts import queries

if TYPE_CHECKING:
    from mixflow.accounts.models import User


class HashedTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key: str) -> tuple[User, None]:
        user = queries.user_for_api_key(key)
        if user is None or not user.is_active:
            # The same answer for an unknown key and a closed account: nothing to learn.
            raise AuthenticationFailed(_("Invalid token."))
        return user, None

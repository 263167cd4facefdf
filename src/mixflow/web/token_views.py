"""The signed-in account's own API tokens: list, make one (its key shown this once) and revoke.

For an account that confirms its sign-ins with a second factor this page is where a token comes
from (the two-factor middleware lets only a confirmed session reach it); the token is then the
password ODK Collect sends, or a script's ``Authorization: Token``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from mixflow.accounts import actions, queries
from mixflow.web.access import requires

if TYPE_CHECKING:
    from mixflow.accounts.models import User


@requires()
@sensitive_variables("key")
def api_tokens(request: HttpRequest) -> HttpResponse:
    """One page for the account's own tokens: POST ``name`` makes one, ``revoke`` (a token's
    number) revokes one of the account's own (any other number is not found)."""
    user: User = request.user  # type: ignore[assignment]  # @requires let only users in
    key = ""
    if request.method == "POST" and "revoke" in request.POST:
        number = request.POST["revoke"]
        mine = queries.api_tokens_of(user)
        token = mine.filter(pk=int(number)).first() if number.isdigit() else None
        if token is None:
            raise Http404
        actions.revoke_api_token(actor=user, token=token)
        messages.success(request, _("The token is revoked: nothing can use it any more."))
        return redirect("web:api_tokens")
    if request.method == "POST":
        name = request.POST.get("name", "").strip()[:100]
        _token, key = actions.issue_api_token(actor=user, user=user, name=name)
    return render(
        request,
        "web/accounts/api_tokens.html",
        {"tokens": queries.api_tokens_of(user), "key": key},
    )

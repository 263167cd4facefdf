"""The administrators' page of sign-ins: open sessions (end one), accounts locked out now
(lift the lockout), the latest sign-ins and failed attempts. Limited to the accounts the reader
may manage; the actions decide what may be done."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mixflow.accounts import queries, session_actions, sign_in_queries
from mixflow.core.roles import Capability
from mixflow.web.access import requires

if TYPE_CHECKING:
    from mixflow.accounts.models import User

MANAGERS = (Capability.MANAGE_USERS, Capability.ADMINISTER_SYSTEM)


def _actor(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]  # @requires let only signed-in users in


@requires(*MANAGERS)
def sign_ins(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    return render(
        request,
        "web/accounts/sign_ins.html",
        {
            "sessions": sign_in_queries.open_sessions_for(actor),
            "locked": sign_in_queries.locked_out_for(actor),
            "sign_ins": sign_in_queries.sign_ins_for(actor),
            "failures": sign_in_queries.failures_for(actor),
            "current_key": request.session.session_key,
        },
    )


@require_POST
@requires(*MANAGERS)
def session_end(request: HttpRequest, session_id: int) -> HttpResponse:
    session = sign_in_queries.open_session_for(_actor(request), session_id)
    if session is None:
        raise Http404
    session_actions.end_session(actor=_actor(request), session=session)
    messages.success(
        request, _("The session of %(user)s is ended.") % {"user": session.user.get_username()}
    )
    return redirect("web:sign_ins")


@require_POST
@requires(*MANAGERS)
def user_unlock(request: HttpRequest, user_id: int) -> HttpResponse:
    user = queries.user_for(_actor(request), user_id)
    if user is None:
        raise Http404
    session_actions.unlock_account(actor=_actor(request), user=user)
    messages.success(
        request,
        _("%(user)s may sign in again now.") % {"user": user.get_username()},
    )
    return redirect("web:sign_ins")

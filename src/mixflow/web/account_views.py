"""The user-management page of an organisation administrator: list the organisation's accounts,
add one, change names, grant and revoke roles with site limits, reset a password, deactivate.

Views validate input and call ``accounts.actions``; the actions decide. A refused change the
page could not foresee is a 403 (``PermissionDenied``); an account outside the actor's reach is
404, as everywhere, so that guessing ids reveals nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from mixflow.accounts import actions, queries
from mixflow.core.roles import Capability
from mixflow.web.access import requires
from mixflow.web.account_forms import GrantForm, NamesForm, NewUserForm, PasswordForm

if TYPE_CHECKING:
    from mixflow.accounts.models import User

MANAGERS = (Capability.MANAGE_USERS, Capability.ADMINISTER_SYSTEM)


def _actor(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]  # @requires let only signed-in users in


def _account(request: HttpRequest, user_id: int) -> User:
    user = queries.user_for(_actor(request), user_id)
    if user is None:
        raise Http404
    return user


def _refusal(request: HttpRequest, user: User) -> str:
    """Why the actor may not change this account's password, roles or activity ("" if they may)."""
    try:
        actions.check_may_change_access(actor=_actor(request), user=user)
    except PermissionDenied as refusal:
        return str(refusal)
    return ""


@requires(*MANAGERS)
def user_list(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    rows = [(user, queries.roles_of(user)) for user in queries.users_for(actor)]
    return render(
        request,
        "web/accounts/user_list.html",
        {"rows": rows, "grantable": queries.grantable_roles(actor)},
    )


@sensitive_post_parameters("password1", "password2")
@requires(*MANAGERS)
def user_add(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    if actor.organisation is None:
        raise PermissionDenied(_("Your account belongs to no organisation."))
    form = NewUserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = actions.create_user(
            actor=actor,
            organisation=actor.organisation,
            username=data["username"],
            password=data["password1"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
        )
        messages.success(request, _("Account %(user)s created.") % {"user": user.username})
        return redirect("web:user_detail", user_id=user.pk)
    return render(request, "web/accounts/user_add.html", {"form": form})


def _detail(request: HttpRequest, user: User, **forms: Any) -> HttpResponse:
    actor = _actor(request)
    search = request.GET.get("q", "").strip()
    context = {
        "account": user,
        "roles": queries.roles_of(user),
        "refusal": _refusal(request, user),
        "search": search,
        "names_form": forms.get("names_form")
        or NamesForm(
            initial={
                "first_name": user.first_name,
                "last_name": user.last_name,
                "email": user.email,
            }
        ),
        "grant_form": forms.get("grant_form") or GrantForm(actor=actor, user=user, search=search),
        "password_form": forms.get("password_form") or PasswordForm(user=user),
        "is_self": user.pk == actor.pk,
    }
    status = 400 if forms else 200
    return render(request, "web/accounts/user_detail.html", context, status=status)


@requires(*MANAGERS)
def user_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    return _detail(request, _account(request, user_id))


@require_POST
@requires(*MANAGERS)
def user_names(request: HttpRequest, user_id: int) -> HttpResponse:
    user = _account(request, user_id)
    form = NamesForm(request.POST)
    if not form.is_valid():
        return _detail(request, user, names_form=form)
    actions.update_user(actor=_actor(request), user=user, **form.cleaned_data)
    messages.success(request, _("Names saved."))
    return redirect("web:user_detail", user_id=user.pk)


@require_POST
@requires(*MANAGERS)
def user_grant(request: HttpRequest, user_id: int) -> HttpResponse:
    user = _account(request, user_id)
    form = GrantForm(request.POST, actor=_actor(request), user=user)
    if not form.is_valid():
        form.show_only("")
        return _detail(request, user, grant_form=form)
    assignment = actions.grant_role(
        actor=_actor(request),
        user=user,
        role=form.cleaned_data["role"],
        limited_to=form.cleaned_data["limited_to"],
    )
    messages.success(
        request, _("Role granted: %(role)s.") % {"role": assignment.get_role_display()}
    )
    return redirect("web:user_detail", user_id=user.pk)


@require_POST
@requires(*MANAGERS)
def user_revoke(request: HttpRequest, user_id: int, role: str) -> HttpResponse:
    user = _account(request, user_id)
    actions.revoke_role(actor=_actor(request), user=user, role=role)
    messages.success(request, _("Role revoked."))
    return redirect("web:user_detail", user_id=user.pk)


@sensitive_post_parameters("password1", "password2")
@require_POST
@requires(*MANAGERS)
def user_password(request: HttpRequest, user_id: int) -> HttpResponse:
    user = _account(request, user_id)
    form = PasswordForm(request.POST, user=user)
    if not form.is_valid():
        return _detail(request, user, password_form=form)
    actions.set_password(actor=_actor(request), user=user, password=form.cleaned_data["password1"])
    if user.pk == _actor(request).pk:
        update_session_auth_hash(request, user)  # changing one's own password keeps one in
    messages.success(request, _("Password set. Give it to %(user)s in person.") % {"user": user})
    return redirect("web:user_detail", user_id=user.pk)


@require_POST
@requires(*MANAGERS)
def user_active(request: HttpRequest, user_id: int) -> HttpResponse:
    user = _account(request, user_id)
    active = request.POST.get("active") == "1"
    actions.update_user(actor=_actor(request), user=user, is_active=active)
    messages.success(request, _("Account reopened.") if active else _("Account deactivated."))
    return redirect("web:user_detail", user_id=user.pk)

"""Accounts in the Django admin (system administrators only): every save, delete and password
change calls ``accounts.actions``, so the admin is refused exactly what the actions refuse; a
refusal shows as a form error where the form can check beforehand, else as 403.

Accounts and organisations are never deleted here: an account is deactivated (its history stays
attributed to it) and an organisation holds data.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.core.exceptions import PermissionDenied
from django.db.models import ManyToManyField, Model, QuerySet
from django.forms import ModelMultipleChoiceField
from django.http import HttpRequest, HttpResponse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_post_parameters

from mixflow.accounts import actions, queries
from mixflow.accounts.actors import Actor
from mixflow.accounts.models import Organisation, RoleAssignment, User
from mixflow.core.admin import ScopedAdmin, SystemRecordsAdmin, site
from mixflow.core.scoping import scoped

# The admin builds the password form itself (``change_password_form(user, data)``), without
# the request: the signed-in actor reaches the form's ``save`` through this variable, set for
# the duration of one request.
_password_actor: ContextVar[Actor] = ContextVar("password_actor")


@contextmanager
def _acting(actor: Actor) -> Iterator[None]:
    token = _password_actor.set(actor)
    try:
        yield
    finally:
        _password_actor.reset(token)


def _actor(request: HttpRequest) -> Actor:
    user = request.user
    assert isinstance(user, User)  # the admin site only lets signed-in administrators in
    return user


def _keep_pk(obj: Model, saved: Model) -> None:
    """Give the admin's unsaved form instance the row the action wrote (for its redirect and
    its log of the change)."""
    obj.pk = saved.pk
    obj._state.adding = False
    obj._state.db = saved._state.db


@admin.register(Organisation, site=site)
class OrganisationAdmin(ScopedAdmin):
    editable = True
    list_display = ["name", "code", "kind", "country"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        fields = {f: form.cleaned_data[f] for f in ("code", "name", "kind", "country")}
        if change:
            current = Organisation.objects.get(pk=obj.pk)
            actions.update_organisation(actor=_actor(request), organisation=current, **fields)
        else:
            _keep_pk(obj, actions.create_organisation(actor=_actor(request), **fields))

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        pass  # no related rows are edited with an organisation


class PasswordForm(AdminPasswordChangeForm):  # type: ignore[type-arg]
    """The admin's password form, saving through ``actions.set_password``."""

    def save(self, commit: bool = True) -> Any:
        usable = self.cleaned_data.get("set_usable_password", True)
        password = self.cleaned_data.get("password1") if usable else None
        return actions.set_password(actor=_password_actor.get(), user=self.user, password=password)


@admin.register(User, site=site)
class UserAdmin(ScopedAdmin, DjangoUserAdmin[User]):
    editable = True
    change_password_form = PasswordForm
    list_display = ["username", "first_name", "last_name", "organisation", "is_active"]
    list_filter = ["organisation", "is_active"]
    # No is_staff, is_superuser, groups or permissions: what an account may do comes from its
    # roles, granted through role assignments (and is_staff follows them).
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Personal info"), {"fields": ["first_name", "last_name", "email"]}),
        (_("Status"), {"fields": ["is_active", "organisation"]}),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        *(DjangoUserAdmin.add_fieldsets or ()),
        (_("Organisation"), {"fields": ["organisation"]}),
    ]
    readonly_fields = ["last_login", "date_joined"]

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    @method_decorator(sensitive_post_parameters())
    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        # Refuse before showing the form (403), not only when it is sent.
        user = self.get_object(request, unquote(id))
        if user is not None:
            actions.check_may_change_access(actor=_actor(request), user=user)
        with _acting(_actor(request)):
            return super().user_change_password(request, id, form_url)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        data = form.cleaned_data
        if not change:
            usable = data.get("usable_password", "true") != "false"
            created = actions.create_user(
                actor=_actor(request),
                organisation=data["organisation"],
                username=data["username"],
                password=data.get("password1") if usable else None,
            )
            _keep_pk(obj, created)
            return
        current = User.objects.get(pk=obj.pk)
        actions.update_user(
            actor=_actor(request),
            user=current,
            username=data["username"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            is_active=data["is_active"],
            organisation=data["organisation"],
        )

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        pass  # roles are granted through role assignments, never as the user's m2m


class RoleAssignmentForm(forms.ModelForm):  # type: ignore[type-arg]
    """Checks the grant before saving, so a refusal shows next to the form, not as 403."""

    actor: Actor

    class Meta:
        model = RoleAssignment
        fields = ["user", "role", "limited_to"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        user, role = data.get("user"), data.get("role")
        if user is None or not role:
            return data
        try:
            if self.instance.pk:
                before = queries.assignment_by_pk(self.instance.pk)
                if before is not None and (before.user_id, before.role) != (user.pk, role):
                    actions.check_may_change_access(actor=self.actor, user=before.user)
            actions.check_grant(
                actor=self.actor, user=user, role=role, limited_to=data.get("limited_to") or ()
            )
        except PermissionDenied as refusal:
            raise forms.ValidationError(str(refusal)) from refusal
        return data


@admin.register(RoleAssignment, site=site)
class RoleAssignmentAdmin(ScopedAdmin):
    editable = True
    form = RoleAssignmentForm
    list_display = ["user", "role"]
    list_filter = ["role"]
    filter_horizontal = ["limited_to"]

    def get_form(
        self, request: HttpRequest, obj: Any | None = None, change: bool = False, **kwargs: Any
    ) -> type[forms.ModelForm]:  # type: ignore[type-arg]
        form = super().get_form(request, obj, change=change, **kwargs)
        # A class per request: the form's check needs the actor.
        return type(form.__name__, (form,), {"actor": _actor(request)})

    def formfield_for_manytomany(
        self, db_field: ManyToManyField[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelMultipleChoiceField[Any] | None:
        related = db_field.related_model
        if isinstance(related, type) and getattr(related, "scope_rule", None) is not None:
            kwargs["queryset"] = scoped(request.user, related)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        data = form.cleaned_data
        actor = _actor(request)
        if change:
            before = queries.assignment_by_pk(obj.pk)
            if before is not None and (before.user_id, before.role) != (
                data["user"].pk,
                data["role"],
            ):
                actions.revoke_role(actor=actor, user=before.user, role=before.role)
        granted = actions.grant_role(
            actor=actor, user=data["user"], role=data["role"], limited_to=data["limited_to"]
        )
        _keep_pk(obj, granted)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        pass  # the limit was set by grant_role

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        actions.revoke_role(actor=_actor(request), user=obj.user, role=obj.role)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for assignment in queryset.select_related("user"):
            actions.revoke_role(actor=_actor(request), user=assignment.user, role=assignment.role)


# --- Sign-in attempts (django-axes): system administrators read them, nobody edits them -----
# A lockout ends by itself after AXES_COOLOFF_TIME; it is not lifted by deleting rows here.


class AccessAttemptAdmin(SystemRecordsAdmin):
    list_display = ["attempt_time", "username", "ip_address", "failures_since_start", "path_info"]
    list_filter = ["attempt_time"]
    search_fields = ["username", "ip_address"]
    date_hierarchy = "attempt_time"


class AccessLogAdmin(SystemRecordsAdmin):
    list_display = ["attempt_time", "logout_time", "username", "ip_address", "path_info"]
    search_fields = ["username", "ip_address"]
    date_hierarchy = "attempt_time"


class AccessFailureLogAdmin(SystemRecordsAdmin):
    list_display = ["attempt_time", "username", "ip_address", "locked_out", "path_info"]
    list_filter = ["locked_out"]
    search_fields = ["username", "ip_address"]
    date_hierarchy = "attempt_time"


site.register(AccessAttempt, AccessAttemptAdmin)
site.register(AccessLog, AccessLogAdmin)
site.register(AccessFailureLog, AccessFailureLogAdmin)

"""Forms of the user-management page: they validate input; ``accounts.actions`` decides and
writes. The grant form asks the action's own check, so a refusal shows next to the form."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from mixflow.accounts import actions, queries
from mixflow.accounts.actors import Actor

if TYPE_CHECKING:
    from mixflow.accounts.models import User


class NamesForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("Email address"), required=False)


class PasswordForm(forms.Form):
    password1 = forms.CharField(
        label=_("New password"), strip=False, widget=forms.PasswordInput(render_value=False)
    )
    password2 = forms.CharField(
        label=_("New password again"), strip=False, widget=forms.PasswordInput(render_value=False)
    )

    def __init__(self, *args: Any, user: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            try:
                validate_password(first, self.user)
            except forms.ValidationError as problems:
                self.add_error("password1", problems)
        return data


class NewUserForm(NamesForm, PasswordForm):
    username = forms.RegexField(
        label=_("Username"),
        max_length=150,
        regex=r"^[\w.@+-]+\Z",
        error_messages={
            "invalid": _("Letters, digits and @ . + - _ only."),
        },
    )
    field_order = ["username", "first_name", "last_name", "email", "password1", "password2"]

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"]
        if queries.username_taken(username):
            raise forms.ValidationError(_("This username is taken."))
        return username


class GrantForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"))
    limited_to: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Limited to these sites or areas"),
        queryset=None,
        required=False,
        help_text=_("None chosen: the whole organisation."),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self, *args: Any, actor: Actor, user: User, search: str = "", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.user = user
        role_field = self.fields["role"]
        assert isinstance(role_field, forms.ChoiceField)
        role_field.choices = [(r.value, r.label) for r in queries.grantable_roles(actor)]
        # Any place the actor may use is a valid answer; fewer are shown (``show_only``).
        self._offer(queries.places_for_limits(actor))
        if not self.is_bound:
            self.show_only(search)

    def show_only(self, search: str) -> None:
        """Offer the places matching ``search`` (and those already chosen), not every place
        of the world: call it after validation, which needs them all."""
        chosen = self.data.getlist("limited_to") if isinstance(self.data, QueryDict) else []
        matching = queries.places_offered(self.actor, search).values_list("pk", flat=True)
        shown = [*matching[: queries.PLACES_SHOWN], *(int(c) for c in chosen if c.isdigit())]
        self._offer(queries.places_for_limits(self.actor).filter(pk__in=shown))

    def _offer(self, places: QuerySet[Any]) -> None:
        field = self.fields["limited_to"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = places

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        role = data.get("role")
        if role:
            try:
                actions.check_grant(
                    actor=self.actor,
                    user=self.user,
                    role=role,
                    limited_to=data.get("limited_to") or (),
                )
            except PermissionDenied as refusal:
                raise forms.ValidationError(str(refusal)) from refusal
        return data

from __future__ import annotations

import hashlib

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from mixflow.core.roles import Capability, Role
from mixflow.core.scoping import ScopeRule
from mixflow.lib.vocabularies import OrganisationKind


class Organisation(models.Model):
    """A government body, UN agency, NGO or service provider. Data belongs to one."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    country = models.CharField(
        _("country"), max_length=3, blank=True, help_text=_("ISO 3166-1 alpha-3")
    )

    scope_rule = ScopeRule(
        Capability.MANAGE_USERS,
        organisation="pk",
        site="",
        all_organisations_with=Capability.ADMINISTER_SYSTEM,
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who uses Mixflow: always a member of exactly one organisation."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
        help_text=_("Users without an organisation can sign in but see no data."),
    )

    scope_rule = ScopeRule(
        Capability.MANAGE_USERS, site="", all_organisations_with=Capability.ADMINISTER_SYSTEM
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")


class RoleAssignment(models.Model):
    """A role a user holds, optionally limited to some sites or areas.

    With no limit the role covers the whole organisation; a limit to an area covers every site
    inside it.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    limited_to = models.ManyToManyField(
        "geo.Location",
        verbose_name=_("limited to sites or areas"),
        blank=True,
        related_name="+",
    )

    scope_rule = ScopeRule(
        Capability.MANAGE_USERS,
        organisation="user__organisation",
        site="",
        all_organisations_with=Capability.ADMINISTER_SYSTEM,
    )

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="one_assignment_per_role")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"


class ApiToken(models.Model):
    """A key a script sends as ``Authorization: Token <key>``, kept only as its SHA-256 digest.

    The key is shown once, when issued; whoever reads the database cannot use the tokens. The
    key is 160 random bits, so a fast, unsalted digest is enough (no guessable input to slow
    down). A password change revokes all of an account's tokens (``actions.set_password``)."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    prefix = models.CharField(_("beginning of the key"), max_length=8)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    scope_rule = ScopeRule(
        Capability.MANAGE_USERS,
        organisation="user__organisation",
        site="",
        all_organisations_with=Capability.ADMINISTER_SYSTEM,
    )

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})" if self.name else f"{self.prefix}…"

    @staticmethod
    def digest_of(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()


class SignedInSession(models.Model):
    """A web session opened by signing in: who, when, from where, so that an administrator
    sees an account's open sessions and can end one. The session key itself is a credential:
    it is kept to end the session, never shown, never logged."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="signed_in_sessions"
    )
    session_key = models.CharField(max_length=40, unique=True, editable=False)
    signed_in_at = models.DateTimeField(_("signed in"), auto_now_add=True)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=200, blank=True)

    scope_rule = ScopeRule(
        Capability.MANAGE_USERS,
        organisation="user__organisation",
        site="",
        all_organisations_with=Capability.ADMINISTER_SYSTEM,
    )

    class Meta:
        verbose_name = _("signed-in session")
        verbose_name_plural = _("signed-in sessions")
        ordering = ["-signed_in_at"]

    def __str__(self) -> str:
        return f"{self.user} {self.signed_in_at:%Y-%m-%d %H:%M}"

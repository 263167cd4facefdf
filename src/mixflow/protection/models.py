from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from mixflow.core.roles import Capability
from mixflow.core.scoping import ScopeRule
from mixflow.lib.vocabularies import ConsentMethod, ConsentPurpose


class Consent(models.Model):
    """What one person agreed to, for one purpose, and whether they have withdrawn it.

    ``share_with_organisation`` names the organisation in ``target_organisation``;
    ``withhold_from`` records an organisation or person the data must never reach.
    """

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="consents_recorded",
    )
    person = models.ForeignKey(
        "identity.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="consents",
    )
    purpose = models.CharField(_("purpose"), max_length=30, choices=ConsentPurpose.choices)
    given = models.BooleanField(_("consent given"))
    method = models.CharField(
        _("how it was recorded"), max_length=10, choices=ConsentMethod.choices
    )
    recorded_on = models.DateField(_("recorded on"))
    recorded_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    target_organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation concerned"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consents_received",
    )
    withheld_from = models.CharField(_("withheld from"), max_length=200, blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)

    # Consents are read only by the organisation that recorded them.
    scope_rule = ScopeRule(Capability.VIEW_PERSONS, site="person__registration_site")

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["person", "purpose", "-recorded_on"]
        indexes = [models.Index(fields=["target_organisation", "purpose"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(purpose="share_with_organisation")
                | models.Q(target_organisation__isnull=False),
                name="sharing_names_an_organisation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()}: {self.given}"

    @property
    def is_active(self) -> bool:
        return self.given and self.withdrawn_on is None


class ProfileRuleSet(models.Model):
    """One published version of the profiling rules (``protection/profiling/rules.py``).

    Version 1 ships with Mixflow as a data file; an administrator publishes the next ones. A
    flag keeps the version that raised it, so a new version never rewrites old flags.
    """

    version = models.PositiveIntegerField(_("version"), unique=True)
    rules = models.JSONField(_("rules"))
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("published by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    # Configuration of the whole system, like the linkage settings: read by whoever manages
    # the rules; the rules themselves hold no personal data.
    scope_rule = ScopeRule(
        Capability.MANAGE_PROFILE_RULES,
        organisation="",
        site="",
        cross_organisation=True,
    )

    class Meta:
        verbose_name = _("profiling rule set")
        verbose_name_plural = _("profiling rule sets")
        ordering = ["-version"]

    def __str__(self) -> str:
        return str(_("Profiling rules, version %(version)s") % {"version": self.version})


class ProfileFlag(models.Model):
    """An indicative profile or specific need that a rule raised from one screening.

    A flag for a specialist, never a status: a protection officer confirms, dismisses or
    amends it (to another code) with a reason, and each decision is kept in
    ``ProfileDecision``. Sensitive: read with ``view_sensitive`` only.
    """

    class Status(models.TextChoices):
        RAISED = "raised", _("raised, awaiting a decision")
        CONFIRMED = "confirmed", _("confirmed")
        DISMISSED = "dismissed", _("dismissed")
        AMENDED = "amended", _("amended")

    class Kind(models.TextChoices):
        PROFILE = "profile", _("indicative profile")
        NEED = "need", _("specific need")

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="profile_flags",
    )
    person = models.ForeignKey(
        "identity.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="profile_flags",
    )
    encounter = models.ForeignKey(
        "intake.Encounter",
        verbose_name=_("screening"),
        on_delete=models.CASCADE,
        related_name="profile_flags",
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    code = models.CharField(_("code"), max_length=40)
    rule_id = models.CharField(_("rule"), max_length=80)
    rule_ids = models.JSONField(_("rules"), default=list)
    rule_set_version = models.PositiveIntegerField(_("rule set version"))
    child_indicator = models.BooleanField(_("child indicator"), default=False)
    evidence = models.JSONField(_("answers that raised it"), default=dict)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.RAISED
    )
    amended_code = models.CharField(_("amended to"), max_length=40, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    raised_at = models.DateTimeField(_("raised at"), auto_now_add=True)

    scope_rule = ScopeRule(
        Capability.VIEW_SENSITIVE, site="encounter__site", shared_through="person"
    )

    class Meta:
        verbose_name = _("profile flag")
        verbose_name_plural = _("profile flags")
        ordering = ["-child_indicator", "kind", "code", "-raised_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["encounter", "code"], name="one_flag_per_code_per_screening"
            )
        ]
        indexes = [models.Index(fields=["person", "status"])]

    def __str__(self) -> str:
        return f"{self.code} ({self.get_status_display()})"

    @property
    def current_code(self) -> str:
        return self.amended_code if self.status == self.Status.AMENDED else self.code


class ProfileDecision(models.Model):
    """One officer's decision on a flag, with its reason: the history behind its status."""

    flag = models.ForeignKey(
        ProfileFlag,
        verbose_name=_("flag"),
        on_delete=models.CASCADE,
        related_name="decisions",
    )
    status = models.CharField(_("decision"), max_length=10, choices=ProfileFlag.Status.choices)
    amended_code = models.CharField(_("amended to"), max_length=40, blank=True)
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"))

    scope_rule = ScopeRule(
        Capability.VIEW_SENSITIVE,
        organisation="flag__organisation",
        site="flag__encounter__site",
        shared_through="flag__person",
    )

    class Meta:
        verbose_name = _("profile decision")
        verbose_name_plural = _("profile decisions")
        ordering = ["-decided_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.decided_at:%Y-%m-%d}"


# Data subjects' requests (issue 13) live in their own module.
from mixflow.protection.data_rights_models import DataRequest  # noqa: E402, F401

"""Publications: reviewed, versioned, audited sets of protected tables."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mixflow.core.roles import Capability
from mixflow.core.scoping import ScopeRule


class Publication(models.Model):
    """Tables protected and frozen when an analyst prepares them; public once a second person
    holding ``publish_statistics`` approves; withdrawn, never deleted (what was out stays in
    the differencing ledger)."""

    class Status(models.TextChoices):
        PREPARED = "prepared", _("Awaiting approval")
        APPROVED = "approved", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="publications",
        verbose_name=_("organisation"),
    )
    title = models.CharField(_("title"), max_length=200)
    country = models.CharField(_("country"), max_length=3)
    period = models.CharField(_("period"), max_length=10)
    version = models.PositiveIntegerField(_("version"), default=1)
    table_kinds = models.JSONField(_("tables"), default=list)
    tables = models.JSONField(_("protected tables"), default=list)
    policy = models.CharField(_("disclosure policy"), max_length=300)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PREPARED
    )
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("prepared by"),
    )
    prepared_at = models.DateTimeField(_("prepared at"), auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)

    scope_rule = ScopeRule(Capability.PUBLISH_STATISTICS, site="")

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["-prepared_at", "-id"]
        indexes = [models.Index(fields=["status", "country", "period"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.country} {self.period}) v{self.version}"

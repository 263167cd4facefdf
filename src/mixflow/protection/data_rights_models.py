"""A person's requests about their own data (access, rectification, erasure, restriction),
kept with how each was decided. Imported by ``protection/models.py``."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from mixflow.core.roles import Capability
from mixflow.core.scoping import ScopeRule


class RequestKind(models.TextChoices):
    ACCESS = "access", _("Access to their data")
    RECTIFICATION = "rectification", _("Correction of their data")
    ERASURE = "erasure", _("Erasure of their data")
    RESTRICTION = "restriction", _("Restriction: stop processing and sharing")


class RequestOutcome(models.TextChoices):
    PENDING = "pending", _("Pending")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")


class DataRequest(models.Model):
    """One request of a person about their data, as received and as decided.

    A granted restriction is a hold on the person's data until ``lifted_at``: the consent
    decision (``protection.consent.may_share``) refuses every sharing meanwhile."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="data_requests",
    )
    person = models.ForeignKey(
        "identity.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="data_requests",
    )
    kind = models.CharField(_("request"), max_length=20, choices=RequestKind.choices)
    received_on = models.DateField(_("received on"))
    details = models.TextField(_("details"), blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=RequestOutcome.choices, default=RequestOutcome.PENDING
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.TextField(_("reason for the decision"), blank=True)
    lifted_at = models.DateTimeField(_("restriction lifted"), null=True, blank=True)
    carried_out_at = models.DateTimeField(_("erasure carried out"), null=True, blank=True)

    scope_rule = ScopeRule(Capability.HANDLE_DATA_REQUESTS, site="person__registration_site")

    class Meta:
        verbose_name = _("data request")
        verbose_name_plural = _("data requests")
        ordering = ["-received_on", "-pk"]
        indexes = [models.Index(fields=["person", "kind", "outcome"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_active_restriction(self) -> bool:
        return (
            self.kind == RequestKind.RESTRICTION
            and self.outcome == RequestOutcome.GRANTED
            and self.lifted_at is None
        )


class LegalHold(models.Model):
    """A reason the law gives to keep a person's record as it is (an investigation, a court
    order, a claim under way): while one is in force, erasure and retention leave the record
    alone, and a request to erase it is refused with the hold's reason."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="legal_holds",
    )
    person = models.ForeignKey(
        "identity.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="legal_holds",
    )
    reason = models.TextField(_("legal ground for keeping the record"))
    placed_on = models.DateField(_("placed on"))
    placed_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("placed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    lifted_on = models.DateField(_("lifted on"), null=True, blank=True)

    scope_rule = ScopeRule(Capability.HANDLE_DATA_REQUESTS, site="person__registration_site")

    class Meta:
        verbose_name = _("legal hold")
        verbose_name_plural = _("legal holds")
        ordering = ["-placed_on", "-pk"]

    def __str__(self) -> str:
        return f"legal hold #{self.pk}"

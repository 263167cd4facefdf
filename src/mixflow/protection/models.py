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


# Data subjects' requests (issue 13) live in their own module.
from mixflow.protection.data_rights_models import DataRequest  # noqa: E402, F401

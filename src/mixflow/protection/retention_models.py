"""How long each kind of record is kept, per purpose, set by an organisation's administrator.
Imported by ``protection/models.py``; applied by ``protection.retention_actions``."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from mixflow.core.roles import Capability
from mixflow.core.scoping import ScopeRule


class RecordType(models.TextChoices):
    PERSON = "person", _("Registration records (the person's identifying data)")
    SUBMISSION = "submission", _("Submissions as received (answers and attachments)")
    SENSITIVE = "sensitive_details", _("Sensitive details of encounters")
    QUARANTINE = "quarantined_row", _("Quarantined import rows")


class Purpose(models.TextChoices):
    REGISTRATION = "registration", _("Registration and assistance")
    PROTECTION = "protection", _("Protection and case management")
    IMPORT = "import", _("Importing data")


PURPOSES_OF: dict[str, tuple[str, ...]] = {
    RecordType.PERSON: (Purpose.REGISTRATION,),
    RecordType.SUBMISSION: (Purpose.REGISTRATION,),
    RecordType.SENSITIVE: (Purpose.PROTECTION,),
    RecordType.QUARANTINE: (Purpose.IMPORT,),
}
"""The purposes each record type is kept for: a rule names one of them."""


class RetentionAction(models.TextChoices):
    ANONYMISE = "anonymise", _("Anonymise (the aggregates stay)")
    DELETE = "delete", _("Delete")


ACTION_OF: dict[str, str] = {
    RecordType.PERSON: RetentionAction.ANONYMISE,
    RecordType.SUBMISSION: RetentionAction.ANONYMISE,
    RecordType.SENSITIVE: RetentionAction.DELETE,
    RecordType.QUARANTINE: RetentionAction.DELETE,
}
"""What happens to an expired record of each type: a person's record is anonymised (its
encounters are counted), a submission loses its raw answers, the others are deleted."""


class RetentionRule(models.Model):
    """Records of ``record_type`` kept for ``purpose`` are kept ``months`` months after their
    last activity (a person: the latest of registration and encounters; others: when
    recorded), then anonymised or deleted by ``mixflow retention run``."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="retention_rules",
    )
    record_type = models.CharField(_("record type"), max_length=20, choices=RecordType.choices)
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    months = models.PositiveSmallIntegerField(_("kept for (months)"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    scope_rule = ScopeRule(Capability.MANAGE_RETENTION, site="")

    class Meta:
        verbose_name = _("retention period")
        verbose_name_plural = _("retention periods")
        ordering = ["record_type", "purpose"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "record_type", "purpose"], name="one_period_per_purpose"
            )
        ]

    def __str__(self) -> str:
        return f"{self.record_type}/{self.purpose}: {self.months}"

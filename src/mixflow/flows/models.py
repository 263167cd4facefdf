"""Aggregate tables of the flows dashboards: derived from intake and identity, never edited.

``EncounterFact`` holds one narrow row per encounter with everything a dashboard filters or
groups by (the person's sex, age band and nationality, the site's country, the journey as told),
so that dashboards never join four tables of a million rows. It is maintained as encounters are
written (a hook ``intake`` calls, see ``flows.apps``) and rebuilt whole by ``mixflow flows
rebuild``. ``seq`` grows with every write, so a cached copy (``flows.engine``) can catch up with
only the rows written since it was loaded.

``Publication`` holds reviewed, versioned, audited sets of protected tables.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mixflow.core.roles import Capability
from mixflow.core.scoping import ScopeRule


class EncounterFact(models.Model):
    """One encounter, flattened for counting: codes only, no names, no free text."""

    encounter = models.OneToOneField(
        "intake.Encounter", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    seq = models.BigIntegerField(db_index=True)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,  # the (organisation, occurred_on) index serves it
    )
    site = models.ForeignKey(
        "geo.Location", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    country = models.CharField(max_length=3)
    """Country of the site: where the person was met."""
    occurred_on = models.DateField()
    kind = models.CharField(max_length=20)
    sex = models.CharField(max_length=10)
    birth_year = models.PositiveSmallIntegerField(null=True)
    nationality = models.CharField(max_length=3, blank=True)
    origin = models.CharField(max_length=3, blank=True)
    destination = models.CharField(max_length=3, blank=True)
    transited = models.TextField(blank=True)
    reasons = models.TextField(blank=True)
    transport = models.TextField(blank=True)
    """Lists as the encounter's JSON text (``["economic", "conflict"]``), copied by SQL."""
    used_smuggler = models.BooleanField(null=True)
    smuggler_cost_usd = models.PositiveIntegerField(null=True)
    trafficking = models.BooleanField(null=True)
    violence = models.BooleanField(null=True)
    health = models.BooleanField(null=True)
    """Whether sensitive answers of each kind were given (``None``: no sensitive answers): read
    only by roles with ``view_sensitive``."""
    who = models.BigIntegerField()
    """The human behind the record: the identity id, or minus the person id while unlinked."""

    scope_rule = ScopeRule(Capability.VIEW_AGGREGATES)

    class Meta:
        indexes = [models.Index(fields=["organisation", "occurred_on"])]

    def __str__(self) -> str:
        return f"encounter fact #{self.pk}"


class FactsVersion(models.Model):
    """One row: a token rewritten with every change of the facts.

    A cached copy of the facts (``flows.engine``) compares it before each query: equal means
    nothing changed, even after a rolled-back write that left the same row count behind.
    """

    token = models.CharField(max_length=32)
    epoch = models.CharField(max_length=32, default="")
    """Changed by a rebuild only: a copy of another epoch starts again from scratch."""

    def __str__(self) -> str:
        return f"facts version {self.token}"


class FactRemoval(models.Model):
    """A fact that went with its encounter (erasure, retention): cached copies remove it too.

    Rows are kept until the next rebuild, which starts every copy afresh.
    """

    encounter_id = models.BigIntegerField()

    def __str__(self) -> str:
        return f"fact removal #{self.pk}"


class FlowCountsVersion(models.Model):
    """One row: the flow monitoring registry's version token, rewritten whenever intake writes,
    corrects or deletes flow counts (``intake.hooks``), as ``FactsVersion`` is for the facts.

    The DuckDB copy of the registry (``flows.engine``) compares it before each query.
    """

    token = models.CharField(max_length=32)
    epoch = models.CharField(max_length=32, default="")
    """Changed after a bulk load that bypassed the hook: copies read the registry again."""

    def __str__(self) -> str:
        return f"flow counts version {self.token}"


class FlowCountChange(models.Model):
    """A flow count written, corrected or deleted since the epoch began: a copy catching up
    reads again only the counts named here (a deleted one is no longer found, so it goes).

    Cleared when a new epoch starts (every copy then reads the registry afresh).
    """

    flow_count_id = models.BigIntegerField()
    token = models.CharField(max_length=32, default="")
    """The version token written with this change. A copy remembers the token of the last
    change it read: if that row now holds another token (a rolled-back write's id taken again
    by a later one), its history has diverged and it reads the registry afresh."""

    def __str__(self) -> str:
        return f"flow count change #{self.pk}"


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

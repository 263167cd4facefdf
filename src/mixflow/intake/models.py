from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from mixflow.accounts.roles import Capability
from mixflow.core.scoping import ScopeRule
from mixflow.identity.models import shared_by_consent
from mixflow.lib.vocabularies import Direction, EncounterKind, ReasonForLeaving, Transport


class Encounter(models.Model):
    """One contact between a person and the system at a site on a date.

    It carries the journey as the person told it then; a route is the ordered encounters of one
    person. Sensitive answers live apart, in ``SensitiveDetails``, behind their own permission.
    """

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="encounters",
        db_index=False,  # the (organisation, occurred_on) index serves it
    )
    person = models.ForeignKey(
        "identity.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="encounters",
        db_index=False,  # the (person, occurred_on) index serves it
    )
    site = models.ForeignKey(
        "geo.Location",
        verbose_name=_("site"),
        on_delete=models.PROTECT,
        related_name="encounters",
        db_index=False,
    )
    occurred_on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=EncounterKind.choices)
    group = models.ForeignKey(
        "identity.Group",
        verbose_name=_("travelling with group"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="encounters",
    )
    country_of_origin = models.CharField(_("country of origin"), max_length=3, blank=True)
    country_of_residence = models.CharField(
        _("country of habitual residence"), max_length=3, blank=True
    )
    departure_date = models.DateField(_("departure date"), null=True, blank=True)
    countries_transited = models.JSONField(_("countries transited"), default=list, blank=True)
    intended_destination = models.CharField(_("intended destination"), max_length=3, blank=True)
    transport = models.JSONField(_("means of transport"), default=list, blank=True)
    reasons_for_leaving = models.JSONField(_("reasons for leaving"), default=list, blank=True)
    used_smuggler = models.BooleanField(_("used a smuggler"), null=True, blank=True)
    smuggler_cost_usd = models.PositiveIntegerField(
        _("amount paid to smugglers (USD)"), null=True, blank=True
    )
    wishes_return = models.BooleanField(_("wishes to return home"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    source_ref = models.CharField(_("source reference"), max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    scope_rule = ScopeRule(Capability.VIEW_PERSONS, shared_with=shared_by_consent("person"))

    class Meta:
        verbose_name = _("encounter")
        verbose_name_plural = _("encounters")
        ordering = ["occurred_on", "id"]
        indexes = [
            models.Index(fields=["person", "occurred_on"]),
            models.Index(fields=["site", "occurred_on"]),
            models.Index(fields=["organisation", "occurred_on"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "source_ref"],
                condition=~models.Q(source_ref=""),
                name="encounter_source_ref_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_on:%Y-%m-%d}"

    def reason_labels(self) -> list[str]:
        return [
            str(ReasonForLeaving(code).label)
            for code in self.reasons_for_leaving
            if code in ReasonForLeaving.values
        ]

    def transport_labels(self) -> list[str]:
        return [str(Transport(code).label) for code in self.transport if code in Transport.values]


class SensitiveDetails(models.Model):
    """Trafficking, violence, health and asylum answers of one encounter.

    Kept in their own table so that no query over encounters can carry them by accident: they
    are read only through ``intake.queries.sensitive_details_for``, which checks the
    ``view_sensitive`` capability and logs each read.
    """

    encounter = models.OneToOneField(
        Encounter, on_delete=models.CASCADE, related_name="sensitive", primary_key=True
    )
    trafficking_indicators = models.JSONField(_("trafficking indicators"), default=list, blank=True)
    violence_incidents = models.JSONField(
        _("incidents of violence en route"), default=list, blank=True
    )
    health_conditions = models.JSONField(_("health conditions"), default=list, blank=True)
    wishes_asylum = models.BooleanField(_("wishes to seek asylum"), null=True, blank=True)
    asylum_details = models.TextField(_("asylum claim details"), blank=True)

    scope_rule = ScopeRule(
        Capability.VIEW_SENSITIVE,
        organisation="encounter__organisation",
        site="encounter__site",
        shared_with=shared_by_consent("encounter__person"),
    )

    class Meta:
        verbose_name = _("sensitive details")
        verbose_name_plural = _("sensitive details")

    def __str__(self) -> str:
        return str(_("Sensitive details of encounter %(id)s") % {"id": self.encounter_id})


class FlowCount(models.Model):
    """The flow monitoring registry: one group observed passing a flow monitoring point.

    No names: it counts movements, not people.
    """

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="flow_counts",
    )
    site = models.ForeignKey(
        "geo.Location", verbose_name=_("site"), on_delete=models.PROTECT, related_name="flow_counts"
    )
    observed_at = models.DateTimeField(_("observed at"))
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    group_size = models.PositiveIntegerField(_("group size"))
    men = models.PositiveIntegerField(_("men"), default=0)
    women = models.PositiveIntegerField(_("women"), default=0)
    boys = models.PositiveIntegerField(_("boys"), default=0)
    girls = models.PositiveIntegerField(_("girls"), default=0)
    nationality = models.CharField(_("nationality"), max_length=3, blank=True)
    area_of_origin = models.CharField(_("area of origin"), max_length=200, blank=True)
    previous_transit_point = models.ForeignKey(
        "geo.Location",
        verbose_name=_("previous transit point"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    intended_destination = models.CharField(_("intended destination"), max_length=3, blank=True)
    transport = models.CharField(
        _("means of transport"), max_length=20, choices=Transport.choices, blank=True
    )
    reason = models.CharField(
        _("main reason for leaving"), max_length=30, choices=ReasonForLeaving.choices, blank=True
    )
    unaccompanied_children = models.PositiveIntegerField(_("unaccompanied children"), default=0)
    pregnant_women = models.PositiveIntegerField(_("pregnant women"), default=0)
    older_persons = models.PositiveIntegerField(_("older persons (60+)"), default=0)
    persons_with_disability = models.PositiveIntegerField(_("persons with a disability"), default=0)
    recorded_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    source_ref = models.CharField(_("source reference"), max_length=64, blank=True)

    scope_rule = ScopeRule(Capability.VIEW_FLOW_COUNTS)

    class Meta:
        verbose_name = _("flow count")
        verbose_name_plural = _("flow counts")
        ordering = ["-observed_at"]
        indexes = [models.Index(fields=["site", "observed_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    group_size=models.F("men")
                    + models.F("women")
                    + models.F("boys")
                    + models.F("girls")
                ),
                name="flow_count_parts_add_up",
            ),
            models.UniqueConstraint(
                fields=["organisation", "source_ref"],
                condition=~models.Q(source_ref=""),
                name="flow_count_source_ref_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.site} {self.observed_at:%Y-%m-%d %H:%M} ({self.group_size})"

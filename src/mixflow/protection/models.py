from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from mixflow.core.roles import Capability
from mixflow.core.scoping import ScopeRule
from mixflow.lib.vocabularies import ConsentMethod, ConsentPurpose, Relationship
from mixflow.protection.case_vocabulary import (
    BestInterestsStepKind,
    CaseKind,
    CaseStatus,
    ChildSituation,
    ClosureReason,
    RiskLevel,
    StepStatus,
    TracingStatus,
    TransferStatus,
)


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


# --------------------------------------------------------------------------------------------
# Cases (issue 9, item 5): ongoing work by a caseworker on one person or group
# --------------------------------------------------------------------------------------------


def _case_part(capability: Capability = Capability.MANAGE_CASES) -> ScopeRule:
    """Every part of a case is read by the caseworkers of the case's organisation at the
    case's site."""
    return ScopeRule(capability, organisation="case__organisation", site="case__site")


def _by(related_name: str = "+") -> models.ForeignKey:  # type: ignore[type-arg]
    return models.ForeignKey(
        "accounts.User",
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name=related_name,
    )


class Case(models.Model):
    """Ongoing work by a caseworker on one person or one group (never both).

    The case belongs to the organisation that works it and is managed at one site (the
    person's registration site or the group's site), which is what site-limited caseworkers
    see.
    """

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    site = models.ForeignKey(
        "geo.Location", verbose_name=_("site"), on_delete=models.PROTECT, related_name="cases"
    )
    person = models.ForeignKey(
        "identity.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
    )
    group = models.ForeignKey(
        "identity.Group",
        verbose_name=_("group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=CaseKind.choices)
    child_situation = models.CharField(
        _("child's situation"), max_length=20, choices=ChildSituation.choices, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    caseworker = models.ForeignKey(
        "accounts.User",
        verbose_name=_("caseworker"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases_assigned",
    )
    opened_on = models.DateField(_("opened on"))
    opened_by = _by()
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closed_by = _by()
    closure_reason = models.CharField(
        _("reason for closing"), max_length=20, choices=ClosureReason.choices, blank=True
    )
    closure_note = models.TextField(_("closing note"), blank=True)

    scope_rule = ScopeRule(Capability.MANAGE_CASES)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-opened_on", "-id"]
        indexes = [models.Index(fields=["organisation", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person__isnull=False, group__isnull=True)
                | models.Q(person__isnull=True, group__isnull=False),
                name="case_is_of_a_person_or_a_group",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status != CaseStatus.CLOSED


class CaseAssessment(models.Model):
    """What the caseworker found: free text and a structured level of risk."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assessments")
    assessed_on = models.DateField(_("assessed on"))
    assessed_by = _by()
    risk_level = models.CharField(_("level of risk"), max_length=10, choices=RiskLevel.choices)
    summary = models.TextField(_("assessment"))

    scope_rule = _case_part()

    class Meta:
        verbose_name = _("case assessment")
        verbose_name_plural = _("case assessments")
        ordering = ["-assessed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_risk_level_display()} ({self.assessed_on})"


class CasePlan(models.Model):
    """The case plan: goals and the actions to reach them. Each change is a new row, so the
    plan's history stays; the newest is the plan."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="plans")
    written_on = models.DateField(_("written on"))
    written_by = _by()
    goals = models.TextField(_("goals"))
    actions = models.TextField(_("actions"), blank=True)

    scope_rule = _case_part()

    class Meta:
        verbose_name = _("case plan")
        verbose_name_plural = _("case plans")
        ordering = ["-written_on", "-id"]

    def __str__(self) -> str:
        return f"plan ({self.written_on})"


class CaseTask(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("task"), max_length=300)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    assignee = models.ForeignKey(
        "accounts.User",
        verbose_name=_("assigned to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="case_tasks",
    )
    created_on = models.DateField(_("created on"))
    created_by = _by()
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_by = _by()
    for_step = models.ForeignKey(
        "protection.BestInterestsStep",
        verbose_name=_("best-interests step"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
        help_text=_("The step this task carries out: recording the step completes it."),
    )

    scope_rule = _case_part()

    class Meta:
        verbose_name = _("case task")
        verbose_name_plural = _("case tasks")
        ordering = ["done_on", "due_on", "id"]
        indexes = [models.Index(fields=["assignee", "done_on", "due_on"])]

    def __str__(self) -> str:
        return f"task #{self.pk}"


class CaseNote(models.Model):
    """A caseworker's note. Sensitive by default: read only with ``view_sensitive``, and each
    read is logged (by the page or endpoint that shows it)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(_("note"))
    sensitive = models.BooleanField(_("sensitive"), default=True)
    written_at = models.DateTimeField(_("written at"))
    written_by = _by()

    # Fail closed: the rule needs view_sensitive; notes marked not sensitive are read with
    # manage_cases through ``case_queries.notes_of``.
    scope_rule = _case_part(Capability.VIEW_SENSITIVE)

    class Meta:
        verbose_name = _("case note")
        verbose_name_plural = _("case notes")
        ordering = ["-written_at", "-id"]

    def __str__(self) -> str:
        return f"note #{self.pk}"


class CaseDocument(models.Model):
    """A file attached to a case, kept under the data directory (never under a public URL);
    the case page serves it to those who may read the case, and logs each download."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    stored_name = models.CharField(max_length=100, unique=True)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_at = models.DateTimeField(_("uploaded at"))
    uploaded_by = _by()

    scope_rule = _case_part()

    class Meta:
        verbose_name = _("case document")
        verbose_name_plural = _("case documents")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return f"document #{self.pk}"


class CaseTransfer(models.Model):
    """A request to hand a case over to another organisation, allowed by the person's consent
    (``consent.may_share``, whose reason is kept). Read by the receiving organisation's
    caseworkers, who accept or decline it; the sending side reads it through its case.

    Accepting opens a case of the receiving organisation for the same person or group: each
    organisation's case, with its notes and documents, stays its own (the sender closes its
    case as transferred); what goes across is the person's record (by their consent) and the
    reason written here."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transfers")
    from_organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("from"),
        on_delete=models.PROTECT,
        related_name="case_transfers_sent",
    )
    to_organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("to"),
        on_delete=models.PROTECT,
        related_name="case_transfers_received",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=TransferStatus.choices, default=TransferStatus.REQUESTED
    )
    reason = models.TextField(_("reason for the transfer"))
    consent_decision = models.CharField(_("consent decision"), max_length=300)
    requested_on = models.DateField(_("requested on"))
    requested_by = _by()
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = _by()
    decision_note = models.TextField(_("answer"), blank=True)
    received_case = models.ForeignKey(
        Case,
        verbose_name=_("case opened by the receiving organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="received_through",
    )

    scope_rule = ScopeRule(Capability.MANAGE_CASES, organisation="to_organisation", site="")

    class Meta:
        verbose_name = _("case transfer")
        verbose_name_plural = _("case transfers")
        ordering = ["-requested_on", "-id"]

    def __str__(self) -> str:
        return f"transfer #{self.pk}"


class BestInterestsStep(models.Model):
    """One step of a child's best-interests procedure: the assessment (BIA), then, where a
    durable solution is to be decided, the determination (BID)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="best_interests_steps")
    step = models.CharField(_("step"), max_length=3, choices=BestInterestsStepKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=StepStatus.choices, default=StepStatus.PROPOSED
    )
    proposed_on = models.DateField(_("proposed on"))
    conducted_on = models.DateField(_("conducted on"), null=True, blank=True)
    conducted_by = _by()
    findings = models.TextField(_("findings"), blank=True)
    recommendation = models.TextField(_("recommendation"), blank=True)

    scope_rule = _case_part()

    class Meta:
        verbose_name = _("best-interests step")
        verbose_name_plural = _("best-interests steps")
        ordering = ["case", "step"]
        constraints = [
            models.UniqueConstraint(fields=["case", "step"], name="one_best_interests_step_each")
        ]

    def __str__(self) -> str:
        return f"{self.step} #{self.pk}"


class FamilyTracingRequest(models.Model):
    """A search for a child's family member: who is sought, their relationship to the child,
    where they were last known to be."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tracing_requests")
    sought_name = models.CharField(_("name of the person sought"), max_length=300)
    relationship = models.CharField(
        _("relationship to the child"), max_length=20, choices=Relationship.choices
    )
    last_known_place = models.CharField(_("last known place"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=TracingStatus.choices, default=TracingStatus.OPEN
    )
    requested_on = models.DateField(_("requested on"))
    requested_by = _by()
    updated_on = models.DateField(_("updated on"), null=True, blank=True)

    scope_rule = _case_part()

    class Meta:
        verbose_name = _("family tracing request")
        verbose_name_plural = _("family tracing requests")
        ordering = ["-requested_on", "-id"]

    def __str__(self) -> str:
        return f"tracing #{self.pk}"

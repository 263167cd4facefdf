from __future__ import annotations

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from mixflow.core.encryption import EncryptedTextField
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
from mixflow.protection.vocabulary import OPEN_STATUSES, ReferralStatus, ServiceType


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
            # A screening flags its person and, from the group's make-up, the other members
            # of their group (``intake.screening.member_answers``): one flag per code each.
            models.UniqueConstraint(
                fields=["encounter", "person", "code"], name="one_flag_per_code_per_person_screened"
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


# -- the service directory ("who does what where") ---------------------------------------------


class ServiceProvider(models.Model):
    """An organisation that delivers services, or a named unit of one (a clinic, a shelter).

    Any kind of organisation may provide services (the refugee agency informs on asylum, an
    NGO runs legal aid): the directory does not restrict the kind.
    """

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="service_providers",
    )
    unit = models.CharField(
        _("unit"),
        max_length=200,
        blank=True,
        help_text=_("A named unit of the organisation; empty for the organisation itself."),
    )

    # The directory is not personal data: everyone who sees sites reads all of it.
    scope_rule = ScopeRule(Capability.VIEW_SITES, site="", cross_organisation=True)

    class Meta:
        verbose_name = _("service provider")
        verbose_name_plural = _("service providers")
        ordering = ["organisation__name", "unit"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "unit"], name="provider_unit_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organisation.name} — {self.unit}" if self.unit else self.organisation.name


class Service(models.Model):
    """One entry of the directory: a provider's service of one type, where and for whom."""

    provider = models.ForeignKey(
        ServiceProvider,
        verbose_name=_("provider"),
        on_delete=models.PROTECT,
        related_name="services",
    )
    name = models.CharField(_("name"), max_length=200)
    service_type = models.CharField(_("type of service"), max_length=30, choices=ServiceType)
    description = models.TextField(_("description"), blank=True)
    sites = models.ManyToManyField(
        "geo.Location",
        verbose_name=_("sites where it is delivered"),
        blank=True,
        related_name="+",
    )
    catchment_areas = models.ManyToManyField(
        "geo.Location",
        verbose_name=_("catchment areas"),
        blank=True,
        related_name="+",
        help_text=_("Countries or areas whose people it serves (every site inside them)."),
    )
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    sexes = models.JSONField(_("sexes served"), default=list, blank=True)
    needs = models.JSONField(
        _("profiles or needs served"),
        default=list,
        blank=True,
        help_text=_("Empty: anyone; otherwise only people with one of these profiles or needs."),
    )
    nationalities = models.JSONField(
        _("nationalities served"), default=list, blank=True, help_text=_("ISO 3166-1 alpha-3")
    )
    languages = models.JSONField(
        _("languages spoken"), default=list, blank=True, help_text=_("ISO 639-3 codes")
    )
    opening_hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("People it can take at a time.")
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_phone = models.CharField(_("telephone"), max_length=60, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    scope_rule = ScopeRule(
        Capability.VIEW_SITES,
        organisation="provider__organisation",
        site="",
        cross_organisation=True,
    )

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["service_type", "name"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "name"], name="service_name_unique"),
            models.CheckConstraint(
                condition=models.Q(min_age__isnull=True)
                | models.Q(max_age__isnull=True)
                | models.Q(min_age__lte=models.F("max_age")),
                name="service_age_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def organisation_id(self) -> int:
        return self.provider.organisation_id


# -- referrals -----------------------------------------------------------------------------------


class Referral(models.Model):
    """A request, with the person's consent, from one organisation to a service for one person
    or group: proposed → sent → accepted / declined → completed / closed.

    ``shared_fields`` (fixed when sent, by the service type) names what the provider reads; the
    values are read from the person when shown, and only while consent still allows it.
    """

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("referring organisation"),
        on_delete=models.PROTECT,
        related_name="referrals_made",
    )
    person = models.ForeignKey(
        "identity.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="referrals",
    )
    group = models.ForeignKey(
        "identity.Group",
        verbose_name=_("group"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="referrals",
    )
    members = models.ManyToManyField(
        "identity.Person",
        verbose_name=_("members referred"),
        blank=True,
        related_name="group_referrals",
        help_text=_(
            "For a group: the members the referral is for (those chosen whose consent allows"
            " it); none: every member."
        ),
    )
    site = models.ForeignKey(
        "geo.Location",
        verbose_name=_("site"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The person's registration site (the group's site): where it is followed."),
    )
    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.PROTECT, related_name="referrals"
    )
    needs = models.JSONField(_("needs"), default=list, blank=True)
    note = EncryptedTextField(_("note"), blank=True)
    contact = models.CharField(_("how to reach the person"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ReferralStatus, default=ReferralStatus.PROPOSED
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    shared_fields = models.JSONField(_("shared fields"), default=list, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    closure_reason = models.TextField(_("reason for closing"), blank=True)
    feedback = models.TextField(_("feedback from the provider"), blank=True)
    proposed_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("proposed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    sent_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("sent by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("answered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # The referring organisation's caseworkers, at the site where the person is followed.
    scope_rule = ScopeRule(Capability.MAKE_REFERRALS, site="site")

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["service", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person__isnull=False) | models.Q(group__isnull=False),
                name="referral_names_someone",
            )
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"

    def is_overdue(self, today: datetime.date) -> bool:
        return self.due_on is not None and self.due_on < today and self.status in OPEN_STATUSES


class ReceivedReferral(Referral):
    """The same referral, as the receiving organisation reads it: its ``service_provider``
    users see the referrals addressed to their organisation's services, and nothing else."""

    scope_rule = ScopeRule(
        Capability.RECEIVE_REFERRALS, organisation="service__provider__organisation", site=""
    )

    class Meta:
        proxy = True
        verbose_name = _("received referral")
        verbose_name_plural = _("received referrals")


# --------------------------------------------------------------------------------------------
# Cases (issue 9, item 5): ongoing work by a caseworker on one person or group
# --------------------------------------------------------------------------------------------


def _case_part(capability: Capability = Capability.MANAGE_CASES) -> ScopeRule:
    """Every part of a case is read by the caseworkers of the case's organisation at the
    case's site."""
    return ScopeRule(
        capability,
        organisation="case__organisation",
        site="case__site",
        assigned_to="case__caseworker",
    )


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

    # Read by the organisation's caseworkers at the case's site, and by the caseworker it is
    # assigned to wherever it is (a case accepted on transfer stays at the sender's site).
    scope_rule = ScopeRule(Capability.MANAGE_CASES, assigned_to="caseworker")

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
    summary = EncryptedTextField(_("assessment"))

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
    text = EncryptedTextField(_("note"))
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


# Data subjects' requests (issue 13) live in their own module.
from mixflow.protection.data_rights_models import DataRequest, LegalHold  # noqa: E402, F401
from mixflow.protection.retention_models import RetentionRule  # noqa: E402, F401

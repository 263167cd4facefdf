from __future__ import annotations

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from mixflow.core.encryption import BlindIndexField, EncryptedTextField
from mixflow.core.roles import Capability
from mixflow.core.scoping import ScopeRule
from mixflow.identity import vocabulary
from mixflow.lib.dates import age_on, stored_partial_date
from mixflow.lib.vocabularies import (
    DatePrecision,
    DocumentKind,
    GroupKind,
    Relationship,
    Sex,
)


class Person(models.Model):
    """One registration record of a human being, as an organisation knows them.

    Names are stored as entered, in any script; ``latin_name`` keeps a Latin transliteration
    beside them for display and search. The same human registered at three sites is, until
    identity resolution links them, three records.
    """

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="persons",
        db_index=False,  # the (organisation, registration_site) index serves it
    )
    registration_site = models.ForeignKey(
        "geo.Location",
        verbose_name=_("registration site"),
        on_delete=models.PROTECT,
        related_name="registered_persons",
    )
    registered_on = models.DateField(_("registered on"))
    given_name = models.CharField(_("given name"), max_length=200, blank=True)
    family_name = models.CharField(_("family name"), max_length=200, blank=True)
    father_name = models.CharField(_("father's name"), max_length=200, blank=True)
    native_name = models.CharField(
        _("name in original script"),
        max_length=300,
        blank=True,
        help_text=_("The full name as written in the person's own script, if recorded."),
    )
    script = models.CharField(_("script"), max_length=4, blank=True, help_text=_("ISO 15924 code"))
    latin_name = models.CharField(_("name in Latin script"), max_length=400, blank=True)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    dob_precision = models.CharField(
        _("precision of the date of birth"),
        max_length=10,
        choices=DatePrecision.choices,
        default=DatePrecision.UNKNOWN,
    )
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    languages = models.JSONField(
        _("languages"), default=list, blank=True, help_text=_("ISO 639-3 codes")
    )
    source_ref = models.CharField(_("source reference"), max_length=64, blank=True)
    identity = models.ForeignKey(
        "identity.Identity",
        verbose_name=_("identity"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="records",
        help_text=_("The human being this registration belongs to, once linked."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    anonymised_on = models.DateField(
        _("anonymised on"),
        null=True,
        blank=True,
        help_text=_("When the identifying data was erased (on request or at retention's end)."),
    )

    scope_rule = ScopeRule(Capability.VIEW_PERSONS, site="registration_site", shared_through="pk")

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["-registered_on", "-id"]
        indexes = [
            models.Index(fields=["organisation", "registration_site"]),
            models.Index(fields=["birth_year"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "source_ref"],
                condition=~models.Q(source_ref=""),
                name="person_source_ref_unique",
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return (
            self.latin_name
            or " ".join(
                part for part in (self.given_name, self.father_name, self.family_name) if part
            )
            or str(_("(no name recorded)"))
        )

    def age_on(self, day: datetime.date) -> tuple[int, int] | None:
        """The youngest and oldest the person can be on ``day``, given the date's precision."""

        if self.date_of_birth is None:
            return None
        return age_on(stored_partial_date(self.date_of_birth, self.dob_precision), day)


class PersonCorrection(models.Model):
    """One rectification of a person's record: the values before and after, who corrected them,
    when and why. The history shown on the data-rights section; erased with the person."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="corrections")
    before = models.JSONField(_("before"))
    after = models.JSONField(_("after"))
    reason = models.TextField(_("reason"), blank=True)
    corrected_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("corrected by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    corrected_at = models.DateTimeField(_("corrected at"), auto_now_add=True)

    scope_rule = ScopeRule(
        Capability.VIEW_PERSONS,
        organisation="person__organisation",
        site="person__registration_site",
    )

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ["-corrected_at", "-pk"]

    def __str__(self) -> str:
        return f"correction #{self.pk}"


class NameKey(models.Model):
    """An index row: one search key of one person's names (see ``mixflow.lib.names``)."""

    # No index of its own on person: the unique (person, key) constraint's index serves it.
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="name_keys", db_index=False
    )
    key = models.CharField(max_length=40)

    class Meta:
        indexes = [models.Index(fields=["key", "person"])]
        constraints = [models.UniqueConstraint(fields=["person", "key"], name="name_key_unique")]

    def __str__(self) -> str:
        return self.key


class PersonAlias(models.Model):
    """Another name the person is known by, or a spelling recorded elsewhere."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(_("name"), max_length=300)
    script = models.CharField(_("script"), max_length=4, blank=True)

    scope_rule = ScopeRule(
        Capability.VIEW_PERSONS,
        organisation="person__organisation",
        site="person__registration_site",
        shared_through="person",
    )

    class Meta:
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")

    def __str__(self) -> str:
        return self.name


class Nationality(models.Model):
    class Basis(models.TextChoices):
        DECLARED = "declared", _("Declared")
        DOCUMENTED = "documented", _("Documented")

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="nationalities", db_index=False
    )  # the unique (person, country, basis) index serves look-ups by person
    country = models.CharField(_("country"), max_length=3, help_text=_("ISO 3166-1 alpha-3"))
    basis = models.CharField(
        _("basis"), max_length=10, choices=Basis.choices, default=Basis.DECLARED
    )

    scope_rule = ScopeRule(
        Capability.VIEW_PERSONS,
        organisation="person__organisation",
        site="person__registration_site",
        shared_through="person",
    )

    class Meta:
        verbose_name = _("nationality")
        verbose_name_plural = _("nationalities")
        indexes = [models.Index(fields=["country", "person"])]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "country", "basis"], name="nationality_unique"
            )
        ]

    def __str__(self) -> str:
        return self.country


class Document(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=30, choices=DocumentKind.choices)
    # Encrypted at rest; found again through its blind index (``identity.queries``).
    number = EncryptedTextField(_("number"), max_length=60, blank=True)
    number_index = BlindIndexField(source="number")
    issuing_country = models.CharField(_("issuing country"), max_length=3, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)

    scope_rule = ScopeRule(
        Capability.VIEW_PERSONS,
        organisation="person__organisation",
        site="person__registration_site",
        shared_through="person",
    )

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}".strip()


class Group(models.Model):
    """People travelling together: a family, a household, friends."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="groups",
    )
    site = models.ForeignKey(
        "geo.Location", verbose_name=_("site"), on_delete=models.PROTECT, related_name="groups"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=GroupKind.choices)
    formed_on = models.DateField(_("registered on"))
    source_ref = models.CharField(_("source reference"), max_length=64, blank=True)
    members = models.ManyToManyField(Person, through="GroupMember", related_name="travel_groups")

    scope_rule = ScopeRule(Capability.VIEW_PERSONS)

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "source_ref"],
                condition=~models.Q(source_ref=""),
                name="group_source_ref_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class GroupMember(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="group_memberships")
    relationship = models.CharField(
        _("relationship to the head of the group"), max_length=20, choices=Relationship.choices
    )

    scope_rule = ScopeRule(
        Capability.VIEW_PERSONS, organisation="group__organisation", site="group__site"
    )

    class Meta:
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        constraints = [
            models.UniqueConstraint(fields=["group", "person"], name="group_member_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_relationship_display()})"


# --------------------------------------------------------------------------------------------
# Identity resolution: registrations linked into identities, the review queue, the decisions
# --------------------------------------------------------------------------------------------


class Identity(models.Model):
    """One human being across the organisation's registrations (``Person`` rows).

    Kept per organisation so that linking never crosses the line data sharing draws. An
    identity left without records by a merge is kept, so that undoing the merge restores it
    under the same id.
    """

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="identities",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_rule = ScopeRule(Capability.VIEW_PERSONS, site="")

    class Meta:
        verbose_name = _("identity")
        verbose_name_plural = _("identities")

    def __str__(self) -> str:
        return f"#{self.pk}"


class MatchCandidate(models.Model):
    """Two registrations the matcher finds alike but not alike enough: the review queue.

    ``record_a`` always has the smaller id, so a pair is stored once. ``explanation`` holds the
    matcher's field-by-field comparison (non-sensitive fields only).
    """

    # The choices live in ``identity.vocabulary`` so that forms can offer them.
    Status = vocabulary.MatchStatus
    Verdict = vocabulary.Verdict

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="match_candidates",
        db_index=False,  # the (organisation, status, score) index serves it
    )
    record_a = models.ForeignKey(
        Person, verbose_name=_("record"), on_delete=models.CASCADE, related_name="+"
    )
    record_b = models.ForeignKey(
        Person, verbose_name=_("other record"), on_delete=models.CASCADE, related_name="+"
    )
    score = models.FloatField(_("score"))
    suggested = models.CharField(_("suggested decision"), max_length=10)
    explanation = models.JSONField(_("explanation"), default=list, blank=True)
    settings_version = models.CharField(_("settings version"), max_length=64, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    verdict = models.CharField(_("verdict"), max_length=10, choices=Verdict.choices, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_rule = ScopeRule(Capability.REVIEW_MATCHES, site="")

    class Meta:
        verbose_name = _("match candidate")
        verbose_name_plural = _("match candidates")
        ordering = ["-score", "id"]
        indexes = [models.Index(fields=["organisation", "status", "score"])]
        constraints = [
            models.UniqueConstraint(fields=["record_a", "record_b"], name="match_pair_unique"),
            models.CheckConstraint(
                condition=models.Q(record_a__lt=models.F("record_b")), name="match_pair_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.record_a_id} ~ {self.record_b_id} ({self.score:.2f})"


class LinkDecision(models.Model):
    """One audited change (or confirmation) of identity membership, reversible.

    ``before`` and ``after`` map identity ids (as strings) to the sorted ids of the records
    they held, for every identity the decision touched: undoing restores ``before`` exactly.
    """

    class Kind(models.TextChoices):
        MERGE = "merge", _("Linked as one person")
        SPLIT = "split", _("Split off")
        SAME = "same", _("Reviewed: same person")
        DIFFERENT = "different", _("Reviewed: different people")
        NOT_SURE = "not_sure", _("Reviewed: not sure")
        UNDO = "undo", _("Undone")

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="link_decisions",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    records = models.ManyToManyField(Person, related_name="link_decisions", blank=True)
    candidate = models.ForeignKey(
        MatchCandidate,
        verbose_name=_("match candidate"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
    )
    before = models.JSONField(_("before"), default=dict)
    after = models.JSONField(_("after"), default=dict)
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("undoes"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversed_by",
    )

    scope_rule = ScopeRule(Capability.REVIEW_MATCHES, site="")

    class Meta:
        verbose_name = _("link decision")
        verbose_name_plural = _("link decisions")
        ordering = ["-decided_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class LinkSettingsVersion(models.Model):
    """Matcher settings learned from an organisation's review decisions, kept as data.

    The newest version is the one in use; older ones stay so that a run can be reproduced.
    """

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="link_settings",
    )
    version = models.CharField(_("version"), max_length=64)
    settings = models.JSONField(_("settings"))
    decisions_used = models.PositiveIntegerField(_("decisions used"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_rule = ScopeRule(Capability.REVIEW_MATCHES, site="")

    class Meta:
        verbose_name = _("linkage settings version")
        verbose_name_plural = _("linkage settings versions")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.version

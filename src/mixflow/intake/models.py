from __future__ import annotations

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mixflow.core.encryption import EncryptedJSONField, EncryptedTextField
from mixflow.core.roles import Capability
from mixflow.core.scoping import ScopeRule
from mixflow.intake.said import shown_all, shown_text
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

    scope_rule = ScopeRule(Capability.VIEW_PERSONS, shared_through="person")

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
    # Encrypted at rest (``core.encryption``): the answers that could most endanger someone.
    trafficking_indicators = EncryptedJSONField(
        _("trafficking indicators"), default=list, blank=True
    )
    violence_incidents = EncryptedJSONField(
        _("incidents of violence en route"), default=list, blank=True
    )
    health_conditions = EncryptedJSONField(_("health conditions"), default=list, blank=True)
    wishes_asylum = models.BooleanField(_("wishes to seek asylum"), null=True, blank=True)
    asylum_details = EncryptedTextField(_("asylum claim details"), blank=True)
    # The screening answers below have database defaults: bulk loaders that write only the
    # columns they know (``testing/load.py``) leave them empty rather than fail.
    fear_of_return = models.CharField(
        _("fears harm if returned"), max_length=12, blank=True, db_default=""
    )
    refugee_elsewhere = models.CharField(
        _("refugee status in another country"), max_length=12, blank=True, db_default=""
    )
    refugee_country = models.CharField(
        _("country of refugee status"), max_length=3, blank=True, db_default=""
    )
    under_18 = models.CharField(_("under 18"), max_length=12, blank=True, db_default="")
    child_care = models.CharField(
        _("who the child travels with"), max_length=16, blank=True, db_default=""
    )
    single_caregiver = models.BooleanField(
        _("only adult caring for dependants"), null=True, blank=True
    )
    travelling_with_others = models.BooleanField(_("travelling with others"), null=True, blank=True)

    scope_rule = ScopeRule(
        Capability.VIEW_SENSITIVE,
        organisation="encounter__organisation",
        site="encounter__site",
        shared_through="encounter__person",
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


# --------------------------------------------------------------------------------------------
# Questionnaires, submissions and imports
# --------------------------------------------------------------------------------------------


class Questionnaire(models.Model):
    """An organisation's questionnaire (an XLSForm ``form_id``); its versions hold the forms."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="questionnaires",
    )
    form_id = models.CharField(_("form id"), max_length=100)
    title = models.CharField(_("title"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    # Every member of the organisation may list its questionnaires; filling one needs what its
    # mapping writes (see ``intake.compiled_forms.CompiledForm.capability``).
    scope_rule = ScopeRule(Capability.VIEW_SITES, site="")

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["title", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "form_id"], name="questionnaire_form_id_unique"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def shown_title(self) -> str:
        """The title in the active language: an XLSForm has one ``form_title`` whatever its
        languages, so only the shipped questionnaires' titles (Mixflow's own text,
        ``web/shipped_titles.py``) read in another; an organisation's own title as written."""
        return gettext(self.title)

    def current_version(self) -> QuestionnaireVersion | None:
        return self.versions.order_by("-uploaded_at", "-id").first()


class QuestionnaireVersion(models.Model):
    """One uploaded XLSForm, kept for ever: submissions point at the version they answered."""

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="versions"
    )
    version = models.CharField(_("version"), max_length=60)
    file_name = models.CharField(_("file name"), max_length=255)
    xlsform = models.BinaryField(_("XLSForm file"))
    xform = models.TextField(_("XForm"))
    uploaded_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    mapping = models.JSONField(
        _("mapping set after upload"),
        default=dict,
        blank=True,
        help_text=_("Question name → Mixflow field (empty: not mapped), over the workbook's own."),
    )

    scope_rule = ScopeRule(
        Capability.VIEW_SITES, organisation="questionnaire__organisation", site=""
    )

    class Meta:
        verbose_name = _("questionnaire version")
        verbose_name_plural = _("questionnaire versions")
        ordering = ["-uploaded_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "version"], name="questionnaire_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire} ({self.version})"


class FormMedia(models.Model):
    """A file attached to a form version: a choice list (``select_one_from_file``), an image
    or a sound the form shows. Served to ODK Collect through the OpenRosa manifest."""

    version = models.ForeignKey(
        QuestionnaireVersion, on_delete=models.CASCADE, related_name="media"
    )
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    data = models.BinaryField(_("data"))
    md5 = models.CharField(max_length=32, editable=False)

    scope_rule = ScopeRule(
        Capability.VIEW_SITES, organisation="version__questionnaire__organisation", site=""
    )

    class Meta:
        verbose_name = _("form file")
        verbose_name_plural = _("form files")
        ordering = ["version", "name"]
        constraints = [
            models.UniqueConstraint(fields=["version", "name"], name="form_media_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Submission(models.Model):
    """One filled questionnaire, from any channel: web, API, OpenRosa or a row of an import.

    ``instance_id`` is the submission's own id (``meta/instanceID``, Kobo's ``_uuid``) or a
    content hash, unique per organisation: receiving it again creates nothing new. ``answers``
    holds every answer except those mapped to sensitive details, which live only in
    ``SensitiveDetails`` behind their own permission.
    """

    class Channel(models.TextChoices):
        WEB = "web", _("Web form")
        API = "api", _("API")
        OPENROSA = "openrosa", _("ODK Collect / OpenRosa")
        IMPORT = "import", _("Bulk import")

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="submissions"
    )
    version = models.ForeignKey(
        QuestionnaireVersion, on_delete=models.PROTECT, related_name="submissions"
    )
    site = models.ForeignKey(
        "geo.Location", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    instance_id = models.CharField(_("instance id"), max_length=100)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    answers = models.JSONField(_("answers"), default=dict)
    unmapped = models.JSONField(_("answers kept as given"), default=dict, blank=True)
    submitted_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    received_at = models.DateTimeField(auto_now_add=True)
    person = models.ForeignKey(
        "identity.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    group = models.ForeignKey(
        "identity.Group", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    encounter = models.ForeignKey(
        Encounter, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    flow_count = models.ForeignKey(
        FlowCount, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    batch = models.ForeignKey(
        "intake.ImportBatch",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="submissions",
    )

    scope_rule = ScopeRule(Capability.VIEW_PERSONS, site="site")

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "instance_id"], name="submission_instance_unique"
            )
        ]

    def __str__(self) -> str:
        return self.instance_id


class SubmissionAttachment(models.Model):
    """A file sent with an OpenRosa submission (a photo, a signature)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField(_("name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    data = models.BinaryField(_("data"))

    scope_rule = ScopeRule(
        Capability.VIEW_PERSONS, organisation="submission__organisation", site="submission__site"
    )

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        constraints = [
            models.UniqueConstraint(fields=["submission", "name"], name="attachment_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class MappingPreset(models.Model):
    """A saved column mapping (file column → question name) for repeated imports."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="mapping_presets"
    )
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="mapping_presets"
    )
    name = models.CharField(_("name"), max_length=100)
    mapping = models.JSONField(_("mapping"), default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    scope_rule = ScopeRule(Capability.IMPORT_DATA, site="")

    class Meta:
        verbose_name = _("mapping preset")
        verbose_name_plural = _("mapping presets")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "questionnaire", "name"], name="mapping_preset_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ImportBatch(models.Model):
    """One imported file: its report, its progress and the point where a resumed run goes on.

    Rows are committed in chunks; ``rows_done`` moves in the same transaction as each chunk, so
    a crash or a kill leaves whole chunks and a batch that resumes where it stopped.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Finished")
        FAILED = "failed", _("Failed")

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="import_batches"
    )
    version = models.ForeignKey(
        QuestionnaireVersion, on_delete=models.PROTECT, related_name="import_batches"
    )
    site = models.ForeignKey(
        "geo.Location", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    file_name = models.CharField(_("file name"), max_length=255)
    stored_file = models.CharField(max_length=500)
    file_sha256 = models.CharField(max_length=64)
    file_format = models.CharField(_("format"), max_length=20, blank=True)
    encoding = models.CharField(_("encoding"), max_length=30, blank=True)
    delimiter = models.CharField(_("delimiter"), max_length=4, blank=True)
    mapping = models.JSONField(_("mapping"), default=dict)
    fixed_answers = models.JSONField(_("answers for every row"), default=dict, blank=True)
    """question → the answer the uploader typed for every row (the date of a file without a
    date column: ``intake/import_dates.py``)."""
    language = models.CharField(max_length=10, default="en")
    """The uploader's language: the import runs in it. A quarantined row's problems are kept
    as message codes (``QuarantinedRow.errors``) and said in the language of whoever reads them."""
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    error = models.TextField(_("error"), blank=True)
    """Why the import failed: a message code and its parameters as JSON (see
    ``intake/said.py``), or text written before messages were kept that way."""
    rows_total = models.PositiveIntegerField(_("rows in the file"), null=True, blank=True)
    rows_done = models.PositiveIntegerField(_("rows processed"), default=0)
    imported = models.PositiveIntegerField(_("imported"), default=0)
    already_present = models.PositiveIntegerField(_("already imported"), default=0)
    quarantined = models.PositiveIntegerField(_("quarantined"), default=0)
    bytes_total = models.PositiveBigIntegerField(default=0)
    bytes_done = models.PositiveBigIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    scope_rule = ScopeRule(Capability.IMPORT_DATA, site="")

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.file_name

    @property
    def failure(self) -> str:
        """Why the import failed, in the active language ("" if it did not)."""
        return shown_text(self.error)

    @property
    def percent(self) -> int:
        if not self.bytes_total:
            return 100 if self.status == self.Status.DONE else 0
        return min(100, round(100 * self.bytes_done / self.bytes_total))


class QuarantinedRow(models.Model):
    """A row that failed validation, with the reason per cell; corrected and imported again."""

    class Status(models.TextChoices):
        OPEN = "open", _("To correct")
        IMPORTED = "imported", _("Imported")
        DISCARDED = "discarded", _("Discarded")

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="quarantine")
    row_number = models.PositiveIntegerField(_("row"))
    instance_id = models.CharField(max_length=100)
    """The row's own submission id, or a hash of its values: the id it is imported under."""
    values = models.JSONField(_("values"), default=dict)
    errors = models.JSONField(_("errors"), default=dict)
    """column → what is wrong there, as ``intake/said.py`` stores it: a message code and its
    parameters (said in the reader's language, ``problems``), or text of rows stored before."""
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    submission = models.ForeignKey(
        Submission, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    scope_rule = ScopeRule(Capability.IMPORT_DATA, organisation="batch__organisation", site="")

    class Meta:
        verbose_name = _("quarantined row")
        verbose_name_plural = _("quarantined rows")
        ordering = ["batch", "row_number"]
        indexes = [models.Index(fields=["instance_id"])]
        constraints = [
            models.UniqueConstraint(fields=["batch", "row_number"], name="quarantine_row_unique")
        ]

    def __str__(self) -> str:
        return f"{self.batch} #{self.row_number}"

    @property
    def problems(self) -> dict[str, str]:
        """column → what is wrong there, in the active language."""
        return shown_all(self.errors)


class Draft(models.Model):
    """A questionnaire partly filled on the web form and saved to finish later.

    Only its author reads it (``intake/draft_queries.py``); it is never a submission: nothing
    is checked, counted or mapped until it is submitted through the one submission path, when
    it is deleted. It expires (``DRAFT_DAYS``) so that unfinished answers are not kept for ever:
    ``mixflow retention run`` deletes it then (``draft_actions.delete_lapsed_drafts``).
    """

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    version = models.ForeignKey(QuestionnaireVersion, on_delete=models.CASCADE, related_name="+")
    site = models.ForeignKey(
        "geo.Location", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    owner = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    answers = models.JSONField(_("answers"), default=dict)
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    updated_at = models.DateTimeField(_("saved"), auto_now=True)
    expires_at = models.DateTimeField(_("expires"))

    scope_rule = ScopeRule(Capability.VIEW_SITES, site="")

    class Meta:
        verbose_name = _("draft")
        verbose_name_plural = _("drafts")
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["owner", "expires_at"])]

    def __str__(self) -> str:
        return f"draft #{self.pk}"

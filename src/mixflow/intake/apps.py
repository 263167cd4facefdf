from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "mixflow.intake"
    verbose_name = _("Intake")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from mixflow.core import audit
        from mixflow.geo.models import Location
        from mixflow.intake.draft_actions import LAPSED_DRAFTS, delete_lapsed_drafts
        from mixflow.intake.encounter_actions import forget_site_ids
        from mixflow.intake.erasure_actions import erase_intake
        from mixflow.intake.models import (
            Draft,
            Encounter,
            FlowCount,
            FormMedia,
            ImportBatch,
            MappingPreset,
            QuarantinedRow,
            Questionnaire,
            QuestionnaireVersion,
            SensitiveDetails,
            Submission,
            SubmissionAttachment,
        )
        from mixflow.intake.retention_actions import (
            expire_quarantined_rows,
            expire_sensitive_details,
            expire_submissions,
        )
        from mixflow.protection.erasure_actions import use_eraser
        from mixflow.protection.retention_actions import use_expirer, use_lapser
        from mixflow.protection.retention_models import RecordType

        post_save.connect(forget_site_ids, sender=Location, dispatch_uid="intake-site-ids")
        post_delete.connect(forget_site_ids, sender=Location, dispatch_uid="intake-site-ids")
        audit.register(Encounter)
        audit.register(SensitiveDetails)
        audit.register(FlowCount)
        audit.register(Questionnaire)
        # The workbook and its XForm are large and never change: the entry names the version.
        audit.register(QuestionnaireVersion, exclude_fields=["xlsform", "xform"])
        # A submission's answers are the person's, encounter's and count's data, audited where
        # they are stored: the entry says who submitted what, when, not the answers again.
        audit.register(Submission, exclude_fields=["answers", "unmapped"])
        audit.register(SubmissionAttachment, exclude_fields=["data"])
        audit.register(FormMedia, exclude_fields=["data"])
        # Progress counters move with every chunk (by ``update``, unlogged); the entries keep
        # who started the import, its mapping and how it ended.
        audit.register(
            ImportBatch, exclude_fields=["rows_done", "bytes_done", "bytes_total", "rows_total"]
        )
        # A quarantined row's cells may hold a person's details: the entry keeps its status.
        audit.register(QuarantinedRow, exclude_fields=["values"])
        audit.register(MappingPreset)
        # A draft's answers may name a person: the entry says who saved which form, when.
        audit.register(Draft, exclude_fields=["answers"])
        # Erasure and retention reach intake's tables through protection's one mechanism.
        use_eraser(erase_intake)
        use_expirer(RecordType.SUBMISSION, expire_submissions)
        use_expirer(RecordType.SENSITIVE, expire_sensitive_details)
        use_expirer(RecordType.QUARANTINE, expire_quarantined_rows)
        use_lapser(LAPSED_DRAFTS, delete_lapsed_drafts)

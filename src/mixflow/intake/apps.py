from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "mixflow.intake"
    verbose_name = _("Intake")

    def ready(self) -> None:
        from mixflow.core import audit
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

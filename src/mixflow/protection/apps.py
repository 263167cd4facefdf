from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProtectionConfig(AppConfig):
    name = "mixflow.protection"
    verbose_name = _("Protection")

    def ready(self) -> None:
        from mixflow.core import audit, scoping
        from mixflow.protection.consent import shared_rows
        from mixflow.protection.models import (
            BestInterestsStep,
            Case,
            CaseAssessment,
            CaseDocument,
            CaseNote,
            CasePlan,
            CaseTask,
            CaseTransfer,
            Consent,
            FamilyTracingRequest,
        )

        scoping.use_sharing_policy(shared_rows)

        audit.register(Consent)
        for model in (Case, CasePlan, CaseTask, CaseDocument, CaseTransfer, FamilyTracingRequest):
            audit.register(model)
        # What caseworkers write about a person is shown in the log only to sensitive readers.
        audit.register(CaseAssessment, sensitive_fields=["summary"])
        audit.register(BestInterestsStep, sensitive_fields=["findings", "recommendation"])
        audit.register(CaseNote)  # its scope rule needs view_sensitive: sensitive as a whole

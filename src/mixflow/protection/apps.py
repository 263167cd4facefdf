from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProtectionConfig(AppConfig):
    name = "mixflow.protection"
    verbose_name = _("Protection")

    def ready(self) -> None:
        from mixflow.core import audit, scoping
        from mixflow.protection.consent import shared_rows, use_hold
        from mixflow.protection.data_rights import restricted_rows, restriction_of
        from mixflow.protection.data_rights_models import DataRequest, LegalHold
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
            ProfileDecision,
            ProfileFlag,
            ProfileRuleSet,
            ReceivedReferral,
            Referral,
            Service,
            ServiceProvider,
        )
        from mixflow.protection.retention_models import RetentionRule

        scoping.use_sharing_policy(shared_rows)
        # A restriction of processing the person asked for stops all sharing (issue 13).
        use_hold(restriction_of, held_rows=restricted_rows)

        audit.register(Consent)
        audit.register(DataRequest)
        audit.register(LegalHold)
        audit.register(RetentionRule)
        audit.register(ProfileFlag)
        audit.register(ProfileDecision)
        audit.register(ProfileRuleSet)
        audit.register(ServiceProvider, named=True)
        audit.register(Service, named=True, m2m_fields={"sites", "catchment_areas"})
        # Needs and the caseworker's note can reveal trafficking, violence or an asylum claim.
        audit.register(Referral, sensitive_fields={"needs", "note"})
        audit.register(ReceivedReferral, sensitive_fields={"needs", "note"})
        for model in (Case, CasePlan, CaseTask, CaseDocument, CaseTransfer, FamilyTracingRequest):
            audit.register(model)
        # What caseworkers write about a person is shown in the log only to sensitive readers.
        audit.register(CaseAssessment, sensitive_fields=["summary"])
        audit.register(BestInterestsStep, sensitive_fields=["findings", "recommendation"])
        audit.register(CaseNote)  # its scope rule needs view_sensitive: sensitive as a whole

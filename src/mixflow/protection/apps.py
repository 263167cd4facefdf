from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProtectionConfig(AppConfig):
    name = "mixflow.protection"
    verbose_name = _("Protection")

    def ready(self) -> None:
        from mixflow.core import audit, scoping
        from mixflow.protection.consent import shared_rows
        from mixflow.protection.models import (
            Consent,
            ReceivedReferral,
            Referral,
            Service,
            ServiceProvider,
        )

        scoping.use_sharing_policy(shared_rows)

        audit.register(Consent)
        audit.register(ServiceProvider, named=True)
        audit.register(Service, named=True, m2m_fields={"sites", "catchment_areas"})
        # Needs and the caseworker's note can reveal trafficking, violence or an asylum claim.
        audit.register(Referral, sensitive_fields={"needs", "note"})
        audit.register(ReceivedReferral, sensitive_fields={"needs", "note"})

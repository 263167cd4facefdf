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
            ProfileDecision,
            ProfileFlag,
            ProfileRuleSet,
        )

        scoping.use_sharing_policy(shared_rows)

        audit.register(Consent)
        audit.register(ProfileFlag)
        audit.register(ProfileDecision)
        audit.register(ProfileRuleSet)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "mixflow.intake"
    verbose_name = _("Intake")

    def ready(self) -> None:
        from mixflow.core import audit
        from mixflow.intake.models import Encounter, FlowCount, SensitiveDetails

        audit.register(Encounter)
        audit.register(SensitiveDetails)
        audit.register(FlowCount)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProtectionConfig(AppConfig):
    name = "mixflow.protection"
    verbose_name = _("Protection")

    def ready(self) -> None:
        from mixflow.core import audit
        from mixflow.protection.models import Consent

        audit.register(Consent)

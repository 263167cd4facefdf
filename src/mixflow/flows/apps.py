from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FlowsConfig(AppConfig):
    name = "mixflow.flows"
    verbose_name = _("Flows")

    def ready(self) -> None:
        from mixflow.core import audit
        from mixflow.flows.models import Publication

        audit.register(Publication, named=True)

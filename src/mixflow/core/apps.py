from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "mixflow.core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from mixflow.core import audit
        from mixflow.core.models import LoadedDataset

        audit.connect()
        # A dataset's source path and counts: no one's name.
        audit.register(LoadedDataset, named=True)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GeoConfig(AppConfig):
    name = "mixflow.geo"
    verbose_name = _("Places")

    def ready(self) -> None:
        from mixflow.core import audit
        from mixflow.geo.models import Location

        audit.register(Location, named=True)

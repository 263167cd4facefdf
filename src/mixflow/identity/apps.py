from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentityConfig(AppConfig):
    name = "mixflow.identity"
    verbose_name = _("Identity")

    def ready(self) -> None:
        from mixflow.core import audit
        from mixflow.identity import models as m

        audit.register(m.Person)
        audit.register(m.PersonAlias)
        audit.register(m.Nationality)
        audit.register(m.Document)
        audit.register(m.Group)
        audit.register(m.GroupMember)
        audit.register(m.Identity)
        audit.register(m.MatchCandidate, exclude_fields=["explanation"])
        audit.register(m.LinkDecision)
        audit.register(m.LinkSettingsVersion, exclude_fields=["settings"])

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentityConfig(AppConfig):
    name = "mixflow.identity"
    verbose_name = _("Identity")

    def ready(self) -> None:
        from mixflow.core import audit
        from mixflow.identity import models as m

        # NameKey is not registered: its rows are derived from the person's names (which the
        # person's own entries record) and rewritten with them, ten or so per person.
        # updated_at repeats the entry's own time and would make a save that changes nothing
        # an entry; latin_name and birth_year are derived but small, and show what was stored.
        audit.register(m.Person, exclude_fields=["updated_at"])
        audit.register(m.PersonCorrection)
        audit.register(m.PersonAlias)
        audit.register(m.Nationality)
        audit.register(m.Document)
        audit.register(m.Group)
        audit.register(m.GroupMember)
        audit.register(m.Identity)
        # The explanation is the matcher's field-by-field comparison, recomputed from the two
        # records on every run: logging it adds bulk and nothing that cannot be rebuilt.
        audit.register(m.MatchCandidate, exclude_fields=["explanation"])
        # Not ``records`` as an m2m field: auditlog would write each record's str() (a name)
        # into the entry; the decision's ``before`` and ``after`` already say who moved.
        audit.register(m.LinkDecision)
        # The settings are configuration: a version is written once and its entry keeps them.
        audit.register(m.LinkSettingsVersion, named=True)

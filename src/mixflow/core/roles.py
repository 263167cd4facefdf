"""The roles of DOMAIN.md §2 and the capabilities each one holds.

Roles are data in the sense that matters: one table says what each may do, and every check in the
application asks for a *capability*, never for a role name.
"""

from __future__ import annotations

from enum import StrEnum

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _


class Role(TextChoices):
    ENUMERATOR = "enumerator", _("Enumerator")
    REGISTRATION_OFFICER = "registration_officer", _("Registration officer")
    CASEWORKER = "caseworker", _("Protection officer / caseworker")
    SERVICE_PROVIDER = "service_provider", _("Service provider")
    ANALYST = "analyst", _("Information manager / analyst")
    GOVERNMENT_OFFICIAL = "government_official", _("Government official")
    ORG_ADMIN = "org_admin", _("Organisation administrator")
    SYSTEM_ADMIN = "system_admin", _("System administrator")


class Capability(StrEnum):
    VIEW_PERSONS = "view_persons"
    """Identifiable records: persons, their encounters, groups and consents."""
    VIEW_SENSITIVE = "view_sensitive"
    """Trafficking, violence, health and asylum details (each read is logged)."""
    REGISTER_PERSONS = "register_persons"
    VIEW_FLOW_COUNTS = "view_flow_counts"
    RECORD_FLOW_COUNTS = "record_flow_counts"
    VIEW_AGGREGATES = "view_aggregates"
    VIEW_SITES = "view_sites"
    MANAGE_USERS = "manage_users"
    MANAGE_FORMS = "manage_forms"
    """Upload questionnaires (XLSForms) and their new versions."""
    IMPORT_DATA = "import_data"
    """Bulk-import spreadsheets and survey exports, and correct their quarantined rows."""
    REVIEW_MATCHES = "review_matches"
    """Review suggested matches between registrations; link, split and undo (identity)."""
    ADMINISTER_SYSTEM = "administer_system"


C = Capability
ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.ENUMERATOR: frozenset({C.VIEW_SITES, C.VIEW_FLOW_COUNTS, C.RECORD_FLOW_COUNTS}),
    Role.REGISTRATION_OFFICER: frozenset(
        {
            C.VIEW_SITES,
            C.VIEW_PERSONS,
            C.REGISTER_PERSONS,
            C.VIEW_FLOW_COUNTS,
            C.IMPORT_DATA,
            C.REVIEW_MATCHES,
        }
    ),
    Role.CASEWORKER: frozenset(
        {C.VIEW_SITES, C.VIEW_PERSONS, C.REGISTER_PERSONS, C.VIEW_SENSITIVE, C.REVIEW_MATCHES}
    ),
    # A service provider sees people only through the referrals addressed to it (to come with
    # referrals): nothing identifiable by default.
    Role.SERVICE_PROVIDER: frozenset({C.VIEW_SITES}),
    Role.ANALYST: frozenset({C.VIEW_SITES, C.VIEW_FLOW_COUNTS, C.VIEW_AGGREGATES, C.IMPORT_DATA}),
    Role.GOVERNMENT_OFFICIAL: frozenset({C.VIEW_SITES, C.VIEW_AGGREGATES}),
    # Administrators manage people's accounts, not migrants' records: data minimisation.
    Role.ORG_ADMIN: frozenset({C.VIEW_SITES, C.VIEW_AGGREGATES, C.MANAGE_USERS, C.MANAGE_FORMS}),
    Role.SYSTEM_ADMIN: frozenset({C.VIEW_SITES, C.MANAGE_USERS, C.ADMINISTER_SYSTEM}),
}

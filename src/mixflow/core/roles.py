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
    CONFIRM_PROFILES = "confirm_profiles"
    """Confirm, dismiss or amend the indicative profiles the screening rules raised."""
    MAKE_REFERRALS = "make_referrals"
    """Propose and send referrals of a person to a service, with the person's consent."""
    MANAGE_CASES = "manage_cases"
    """Open, work on, transfer and close cases, including children's best-interests procedure."""
    RECEIVE_REFERRALS = "receive_referrals"
    """Read the referrals addressed to one's organisation (their shared fields only) and answer."""
    MANAGE_SERVICES = "manage_services"
    """Keep one's organisation's entries of the service directory."""
    MANAGE_PROFILE_RULES = "manage_profile_rules"
    """Edit the screening rules and publish new versions of them."""
    CORRECT_FLOW_COUNTS = "correct_flow_counts"
    """Correct a flow count already recorded (audited)."""
    PUBLISH_STATISTICS = "publish_statistics"
    """Prepare publications of aggregates, and approve those prepared by someone else."""
    EXPORT_PERSONS = "export_persons"
    """Download person-level data in bulk (submission exports), plain or as encrypted archives."""
    HANDLE_DATA_REQUESTS = "handle_data_requests"
    """Answer a person's requests to access, correct, erase or restrict their data."""
    MANAGE_RETENTION = "manage_retention"
    """Set how long each kind of record is kept, and run the retention task."""
    ADMINISTER_SYSTEM = "administer_system"


C = Capability
ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.ENUMERATOR: frozenset(
        {C.VIEW_SITES, C.VIEW_FLOW_COUNTS, C.RECORD_FLOW_COUNTS, C.CORRECT_FLOW_COUNTS}
    ),
    Role.REGISTRATION_OFFICER: frozenset(
        {
            C.VIEW_SITES,
            C.VIEW_PERSONS,
            C.REGISTER_PERSONS,
            C.VIEW_FLOW_COUNTS,
            C.IMPORT_DATA,
            C.REVIEW_MATCHES,
            C.HANDLE_DATA_REQUESTS,
            C.EXPORT_PERSONS,
        }
    ),
    Role.CASEWORKER: frozenset(
        {
            C.VIEW_SITES,
            C.VIEW_PERSONS,
            C.REGISTER_PERSONS,
            C.VIEW_SENSITIVE,
            C.REVIEW_MATCHES,
            C.CONFIRM_PROFILES,
            C.MAKE_REFERRALS,
            C.MANAGE_CASES,
            C.HANDLE_DATA_REQUESTS,
            C.EXPORT_PERSONS,
        }
    ),
    # A service provider sees people only through the referrals addressed to it: their shared
    # fields, nothing else identifiable.
    Role.SERVICE_PROVIDER: frozenset({C.VIEW_SITES, C.RECEIVE_REFERRALS}),
    Role.ANALYST: frozenset(
        {
            C.VIEW_SITES,
            C.VIEW_FLOW_COUNTS,
            C.CORRECT_FLOW_COUNTS,
            C.VIEW_AGGREGATES,
            C.IMPORT_DATA,
            C.PUBLISH_STATISTICS,
        }
    ),
    Role.GOVERNMENT_OFFICIAL: frozenset({C.VIEW_SITES, C.VIEW_AGGREGATES}),
    # Administrators manage people's accounts, not migrants' records: data minimisation. The one
    # exception is the referral inbox: a service provider's administrator must be able to give
    # its staff that role, and whoever may grant a capability could read through it anyway
    # (roles are granted only by someone who holds them), so it is held openly.
    Role.ORG_ADMIN: frozenset(
        {
            C.VIEW_SITES,
            C.VIEW_AGGREGATES,
            C.MANAGE_USERS,
            C.MANAGE_FORMS,
            C.MANAGE_SERVICES,
            C.MANAGE_RETENTION,
            C.RECEIVE_REFERRALS,
        }
    ),
    Role.SYSTEM_ADMIN: frozenset(
        {C.VIEW_SITES, C.MANAGE_USERS, C.ADMINISTER_SYSTEM, C.MANAGE_PROFILE_RULES}
    ),
}

"""What a refused page tells its reader: the capability it needs, in words, and which roles hold
it, so that a person knows whom to ask instead of meeting a bare refusal."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from mixflow.core.roles import ROLE_CAPABILITIES, Capability, Role

REFUSED = "mixflow_refused_capabilities"
"""Attribute set on a request by ``access.requires`` before it refuses, read by the 403 page."""

IN_WORDS: dict[Capability, Promise] = {
    Capability.VIEW_PERSONS: _("see the records of registered persons"),
    Capability.VIEW_SENSITIVE: _("see sensitive details (trafficking, violence, health, asylum)"),
    Capability.REGISTER_PERSONS: _("register persons and their encounters"),
    Capability.VIEW_FLOW_COUNTS: _("see flow monitoring counts"),
    Capability.RECORD_FLOW_COUNTS: _("record flow monitoring counts"),
    Capability.VIEW_AGGREGATES: _("see aggregate figures"),
    Capability.VIEW_SITES: _("see sites"),
    Capability.MANAGE_USERS: _("manage user accounts"),
    Capability.MANAGE_FORMS: _("upload and manage questionnaires"),
    Capability.IMPORT_DATA: _("import data files"),
    Capability.REVIEW_MATCHES: _("review possible duplicate registrations"),
    Capability.CONFIRM_PROFILES: _("confirm indicative profiles"),
    Capability.MAKE_REFERRALS: _("refer persons to services"),
    Capability.MANAGE_CASES: _("manage protection cases"),
    Capability.RECEIVE_REFERRALS: _("receive referrals addressed to the organisation"),
    Capability.MANAGE_SERVICES: _("keep the organisation's service directory"),
    Capability.MANAGE_PROFILE_RULES: _("edit the screening rules"),
    Capability.CORRECT_FLOW_COUNTS: _("correct recorded flow counts"),
    Capability.PUBLISH_STATISTICS: _("prepare and approve publications of statistics"),
    Capability.HANDLE_DATA_REQUESTS: _("answer persons' requests about their data"),
    Capability.EXPORT_PERSONS: _("download person-level data in bulk"),
    Capability.MANAGE_RETENTION: _("set how long records are kept"),
    Capability.ADMINISTER_SYSTEM: _("administer the system"),
}


@dataclass(frozen=True)
class Refusal:
    capability: str
    roles: list[str]


def roles_holding(capability: Capability) -> list[str]:
    """The translated names of the roles that hold ``capability``, in the table's order."""
    return [str(role.label) for role in Role if capability in ROLE_CAPABILITIES.get(role, ())]


def explain(capabilities: Iterable[Capability]) -> list[Refusal]:
    """One line per capability that would have opened the page (any one is enough)."""
    return [
        Refusal(capability=str(IN_WORDS.get(c, c.value)), roles=roles_holding(c))
        for c in sorted(capabilities)
    ]


def refusal_of(request: HttpRequest) -> list[Refusal]:
    return explain(getattr(request, REFUSED, ()))

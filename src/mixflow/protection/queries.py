"""Scoped reads of consent, profile flags and their decisions, the rule sets, the service
directory and referrals."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from mixflow.core.scoping import scoped
from mixflow.protection.models import (
    Consent,
    ProfileDecision,
    ProfileFlag,
    ProfileRuleSet,
    ReceivedReferral,
    Referral,
    Service,
    ServiceProvider,
)
from mixflow.protection.profiling_rules import explanation, rule_set_in_force
from mixflow.protection.referrals import SharedView, referral_sharing, shared_view
from mixflow.protection.suggestions import Suggestion, covers, distance_from, suggest_services
from mixflow.protection.vocabulary import OPEN_STATUSES, ReferralStatus, normalise_need

if TYPE_CHECKING:
    from mixflow.geo.models import Location
    from mixflow.identity.models import Person

__all__ = [
    "CurrentProfile",
    "DirectorySearch",
    "ReferralFilter",
    "SharedView",
    "Suggestion",
    "confirmed_needs",
    "consents_of",
    "current_profiles",
    "decisions_of",
    "explanation",
    "filter_referrals",
    "flag_for",
    "flags_for",
    "flags_of",
    "overdue",
    "overdue_referrals",
    "providers_for",
    "received_referral_for",
    "received_referrals_for",
    "referral_for",
    "referral_sharing",
    "referrals_for",
    "referrals_of",
    "rule_set_in_force",
    "rule_sets_published",
    "search_services",
    "service_for",
    "services_for",
    "shared_view",
    "suggestions_for",
]


def consents_of(user: Any, person: Person) -> QuerySet[Consent]:
    """The person's consents the user may read (those its own organisation recorded)."""
    return scoped(user, Consent).filter(person=person).select_related("target_organisation")


# -- the service directory -------------------------------------------------------------------


def services_for(user: Any) -> QuerySet[Service]:
    """The whole directory (it is not personal data), for anyone who sees sites."""
    return (
        scoped(user, Service)
        .select_related("provider__organisation")
        .prefetch_related("sites", "catchment_areas")
    )


def service_for(user: Any, service_id: int) -> Service | None:
    return services_for(user).filter(pk=service_id).first()


def providers_for(user: Any) -> QuerySet[ServiceProvider]:
    return scoped(user, ServiceProvider).select_related("organisation")


@dataclass(frozen=True)
class DirectorySearch:
    service_type: str = ""
    language: str = ""
    near_site: Location | None = None
    within_km: float | None = None
    text: str = ""


def search_services(user: Any, search: DirectorySearch) -> list[tuple[Service, float | None]]:
    """Services matching the search, with their distance from ``near_site`` (nearest first
    when a site is given; a service covering the site by its catchment counts as 0 km)."""
    services = services_for(user).filter(active=True)
    if search.service_type:
        services = services.filter(service_type=search.service_type)
    if search.text:
        services = services.filter(
            Q(name__icontains=search.text) | Q(provider__organisation__name__icontains=search.text)
        )
    found: list[tuple[Service, float | None]] = []
    for service in services:
        if search.language and search.language not in service.languages:
            continue  # a JSON list: filtered here, alike on SQLite and PostgreSQL
        distance = distance_from(service, search.near_site)
        if covers(service, search.near_site):
            distance = 0.0 if distance is None else distance
        beyond = distance is None or (search.within_km is not None and distance > search.within_km)
        if search.within_km is not None and search.near_site is not None and beyond:
            continue
        found.append((service, distance))
    if search.near_site is not None:
        found.sort(key=lambda pair: (pair[1] is None, pair[1] or 0.0, pair[0].name))
    return found


def suggestions_for(
    user: Any, person: Person, needs: list[str], near_site: Location | None = None
) -> list[Suggestion]:
    return suggest_services(
        person=person,
        needs=needs,
        near_site=near_site or person.registration_site,
        services=services_for(user).filter(active=True),
    )


# -- referrals, as the referring organisation follows them -------------------------------------


def referrals_for(user: Any) -> QuerySet[Referral]:
    return scoped(user, Referral).select_related(
        "service__provider__organisation", "person", "group", "site"
    )


def referral_for(user: Any, referral_id: int) -> Referral | None:
    return referrals_for(user).filter(pk=referral_id).first()


def referrals_of(user: Any, person: Person) -> QuerySet[Referral]:
    """The person's referrals (their own, and their groups') the user may follow."""
    return (
        referrals_for(user)
        .filter(Q(person=person) | Q(group__memberships__person=person))
        .distinct()
    )


@dataclass(frozen=True)
class ReferralFilter:
    status: str = ""
    service_type: str = ""
    overdue: bool = False


def filter_referrals(
    referrals: QuerySet[Referral], wanted: ReferralFilter, today: datetime.date | None = None
) -> QuerySet[Referral]:
    if wanted.status:
        referrals = referrals.filter(status=wanted.status)
    if wanted.service_type:
        referrals = referrals.filter(service__service_type=wanted.service_type)
    if wanted.overdue:
        referrals = overdue(referrals, today)
    return referrals


def overdue(
    referrals: QuerySet[Referral], today: datetime.date | None = None
) -> QuerySet[Referral]:
    """Referrals past their due date that still wait for someone (proposed, sent, accepted)."""
    today = today or timezone.localdate()
    return referrals.filter(due_on__lt=today, status__in=OPEN_STATUSES).order_by("due_on", "pk")


# -- referrals, as the receiving organisation reads them ---------------------------------------


def received_referrals_for(user: Any) -> QuerySet[ReceivedReferral]:
    """Referrals addressed to the user's organisation's services, once sent (a proposal not
    yet sent is the referring organisation's own business)."""
    return (
        scoped(user, ReceivedReferral)
        .exclude(status=ReferralStatus.PROPOSED)
        .select_related("service__provider__organisation", "organisation", "person", "group")
    )


def received_referral_for(user: Any, referral_id: int) -> ReceivedReferral | None:
    return received_referrals_for(user).filter(pk=referral_id).first()


def overdue_referrals(actor: Any, organisation_id: int | None = None) -> list[Referral]:
    """Overdue referrals the actor may follow (a system actor: every organisation's), of
    ``organisation_id`` on either side when given."""
    late = overdue(referrals_for(actor).select_related("organisation"))
    if organisation_id is not None:
        late = late.filter(
            Q(organisation_id=organisation_id)
            | Q(service__provider__organisation_id=organisation_id)
        )
    return list(late)


# -- profile flags, decisions and rule sets ---------------------------------------------------


def flags_of(user: Any, person: Person) -> QuerySet[ProfileFlag]:
    """The person's profile flags the user may read (``view_sensitive``), newest first per
    code, with who decided."""
    return (
        scoped(user, ProfileFlag)
        .filter(person=person)
        .select_related("decided_by", "encounter", "encounter__site")
        # Child indicators first, then profiles before needs ("profile" > "need").
        .order_by("-child_indicator", "-kind", "code", "-raised_at", "-id")
    )


def flag_for(user: Any, flag_id: int) -> ProfileFlag | None:
    return (
        scoped(user, ProfileFlag)
        .select_related("person", "encounter", "decided_by")
        .filter(pk=flag_id)
        .first()
    )


def flags_for(user: Any) -> QuerySet[ProfileFlag]:
    """Every flag the user may read (the API's list)."""
    return scoped(user, ProfileFlag).select_related("decided_by")


def decisions_of(user: Any, person: Person) -> QuerySet[ProfileDecision]:
    """The history of decisions on the person's flags, newest first."""
    return (
        scoped(user, ProfileDecision)
        .filter(flag__person=person)
        .select_related("flag", "decided_by")
    )


@dataclass(frozen=True)
class CurrentProfile:
    """A profile or need as it stands for a person: the latest word on each code."""

    code: str
    kind: str
    status: str
    flag: ProfileFlag


def current_profiles(flags: list[ProfileFlag]) -> list[CurrentProfile]:
    """From a person's flags (newest first per code): each code's latest state, amended flags
    counted under the code they were amended to, dismissed ones left out."""
    seen: dict[str, CurrentProfile] = {}
    for flag in sorted(flags, key=lambda f: f.decided_at or f.raised_at, reverse=True):
        code = flag.current_code
        if code in seen:
            continue
        seen[code] = CurrentProfile(code, flag.kind, flag.status, flag)
    return [p for p in seen.values() if p.status != ProfileFlag.Status.DISMISSED]


def rule_sets_published() -> QuerySet[ProfileRuleSet]:
    return ProfileRuleSet.objects.select_related("published_by").order_by("-version")


def confirmed_needs(user: Any, person: Person) -> list[str]:
    """The person's profiles and needs a protection officer confirmed (or amended to), as the
    codes a referral answers (``vocabulary.Need``): what a referral starts from. Empty for a
    user who may not read the flags."""
    needs: list[str] = []
    decided = (ProfileFlag.Status.CONFIRMED, ProfileFlag.Status.AMENDED)
    for profile in current_profiles(list(flags_of(user, person))):
        need = normalise_need(profile.code) if profile.status in decided else None
        if need and need not in needs:
            needs.append(need)
    return needs

"""Scoped reads of consent, profile flags and their decisions, and the rule sets."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from mixflow.core.scoping import scoped
from mixflow.protection.models import Consent, ProfileDecision, ProfileFlag, ProfileRuleSet
from mixflow.protection.profiling_rules import explanation, rule_set_in_force

if TYPE_CHECKING:
    from mixflow.identity.models import Person


def consents_of(user: Any, person: Person) -> QuerySet[Consent]:
    """The person's consents the user may read (those its own organisation recorded)."""
    return scoped(user, Consent).filter(person=person).select_related("target_organisation")


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


__all__ = [
    "CurrentProfile",
    "consents_of",
    "current_profiles",
    "decisions_of",
    "explanation",
    "flag_for",
    "flags_for",
    "flags_of",
    "rule_set_in_force",
    "rule_sets_published",
]

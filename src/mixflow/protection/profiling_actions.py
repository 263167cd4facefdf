"""Raising profile flags from a screening, and an officer's decisions on them.

``raise_flags`` runs the rules in force over one screening's answers and records a flag per
profile or need, with the answers that raised it and the rule set's version. It only records:
no rule changes the person's data, refuses a service or shares anything. Intake calls it for
every encounter a submission creates, as a system actor (``profiling rules``) acting for the
encounter's organisation, so that the flags are written whoever entered the screening.

``decide_flag`` is a protection officer's confirmation, dismissal or amendment, with a reason;
``publish_rule_set`` an administrator's new version of the rules.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mixflow.accounts.actors import Actor, user_of
from mixflow.accounts.models import Organisation
from mixflow.core import audit
from mixflow.core.actors import SystemActor
from mixflow.core.roles import Capability
from mixflow.core.scoping import scope_of
from mixflow.identity.checks import require
from mixflow.protection.models import ProfileDecision, ProfileFlag, ProfileRuleSet
from mixflow.protection.profiling.rules import NEED_FAMILIES, PROFILES, RuleSet, parse
from mixflow.protection.profiling_rules import next_version, rule_set_in_force

if TYPE_CHECKING:
    from mixflow.identity.models import Person

PROFILING_ACTOR = "profiling rules"
REFUSED_FLAGS = _("You may not record profile flags for this screening.")
REFUSED_DECISION = _("You may not decide on this person's profiles.")
REFUSED_RULES = _("You may not publish profiling rules.")


def profiling_actor(organisation_id: int) -> SystemActor:
    """The system actor that raises flags for ``organisation_id`` (named in the audit log)."""
    return SystemActor(PROFILING_ACTOR, organisation_id=organisation_id)


def _json_safe(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    if isinstance(value, bool | int | float | str) or value is None:
        return value
    return str(value)


@transaction.atomic
def raise_flags(
    *,
    actor: Actor,
    person: Person,
    encounter: Any,
    answers: Mapping[str, Any],
    rule_set: RuleSet | None = None,
) -> list[ProfileFlag]:
    """Flags for one screening (``encounter``) of ``person`` (the person screened, or a member
    of their group screened from it); a code already flagged for this person at this
    screening is left as it is, with its decisions. Returns the flags created."""
    require(
        actor,
        [Capability.CONFIRM_PROFILES],
        organisation_id=encounter.organisation_id,
        site_ids=[encounter.site_id],
        refusal=REFUSED_FLAGS,
    )
    rules = rule_set or rule_set_in_force()
    on = encounter.occurred_on
    found = rules.screen(answers, on)
    existing = set(
        ProfileFlag.objects.filter(encounter_id=encounter.pk, person=person).values_list(
            "code", flat=True
        )
    )
    created = []
    with audit.acting_as(actor):
        for flag in found:
            if flag.code in existing:
                continue
            created.append(
                ProfileFlag.objects.create(
                    organisation_id=encounter.organisation_id,
                    person=person,
                    encounter_id=encounter.pk,
                    kind=flag.kind,
                    code=flag.code,
                    rule_id=flag.rule_id,
                    rule_ids=list(flag.rule_ids),
                    rule_set_version=flag.version,
                    child_indicator=flag.child,
                    evidence={k: _json_safe(v) for k, v in flag.evidence.items()},
                )
            )
    return created


def known_code(code: str) -> bool:
    """A profile of DOMAIN.md §4 or a specific-needs code (``SC`` or a sub-code ``SC-UC``)."""
    return code in PROFILES or code.split("-")[0] in NEED_FAMILIES


@transaction.atomic
def decide_flag(
    *,
    actor: Actor,
    flag: ProfileFlag,
    decision: str,
    reason: str,
    amended_code: str = "",
) -> ProfileFlag:
    """Confirm, dismiss or amend (to ``amended_code``) ``flag``, with a reason."""
    require(
        actor,
        [Capability.CONFIRM_PROFILES, Capability.VIEW_SENSITIVE],
        organisation_id=flag.organisation_id,
        site_ids=[flag.encounter.site_id],
        refusal=REFUSED_DECISION,
    )
    statuses = ProfileFlag.Status
    if decision not in (statuses.CONFIRMED, statuses.DISMISSED, statuses.AMENDED):
        raise ValidationError(_("Confirm, dismiss or amend the flag."))
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give the reason for your decision."))
    amended_code = amended_code.strip() if decision == statuses.AMENDED else ""
    if decision == statuses.AMENDED:
        if not known_code(amended_code):
            raise ValidationError(_("Choose the profile or need the flag should be."))
        if amended_code == flag.code:
            raise ValidationError(_("An amendment names another profile or need."))
    now = timezone.now()
    decided_by = user_of(actor)
    with audit.acting_as(actor):
        flag.status = decision
        flag.amended_code = amended_code
        flag.reason = reason
        flag.decided_by = decided_by
        flag.decided_at = now
        flag.save(update_fields=["status", "amended_code", "reason", "decided_by", "decided_at"])
        ProfileDecision.objects.create(
            flag=flag,
            status=decision,
            amended_code=amended_code,
            reason=reason,
            decided_by=decided_by,
            decided_at=now,
        )
    return flag


@transaction.atomic
def publish_rule_set(*, actor: Actor, rules: Any, note: str = "") -> ProfileRuleSet:
    """A new version of the rules, checked (``RuleSetError`` lists every problem, examples that
    fail included). Flags raised before keep their version."""
    if not scope_of(actor).can(Capability.MANAGE_PROFILE_RULES):
        raise PermissionDenied(REFUSED_RULES)
    version = next_version()
    checked = parse(rules, version=version)
    with audit.acting_as(actor):
        return ProfileRuleSet.objects.create(
            version=version,
            rules=checked.as_data(),
            note=note.strip()[:300],
            published_at=timezone.now(),
            published_by=user_of(actor),
        )


@dataclass(frozen=True)
class Screening:
    """One stored screening, as ``raise_flags_in_bulk`` takes it (ids only: protection never
    reads intake's tables)."""

    person_id: int
    encounter_id: int
    organisation_id: int
    site_id: int
    on: datetime.date
    answers: Mapping[str, Any]


@transaction.atomic
def raise_flags_in_bulk(
    *, actor: Actor, screenings: Iterable[Screening], rule_set: RuleSet | None = None
) -> int:
    """Flags for many stored screenings at once (the demo, a bulk load): the same rules as
    ``raise_flags``, inserted in chunks with one audit entry per organisation. Screenings that
    already have flags are left alone. Returns the number of flags created."""
    rules = rule_set or rule_set_in_force()
    scope = scope_of(actor)
    flagged = set(ProfileFlag.objects.values_list("encounter_id", flat=True).distinct())
    made: dict[int, int] = {}
    pending: list[ProfileFlag] = []
    for screening in screenings:
        if screening.encounter_id in flagged:
            continue
        if not (
            scope.acts_for(screening.organisation_id)
            and scope.can_at_site(Capability.CONFIRM_PROFILES, screening.site_id)
        ):
            raise PermissionDenied(REFUSED_FLAGS)
        for flag in rules.screen(screening.answers, screening.on):
            pending.append(
                ProfileFlag(
                    organisation_id=screening.organisation_id,
                    person_id=screening.person_id,
                    encounter_id=screening.encounter_id,
                    kind=flag.kind,
                    code=flag.code,
                    rule_id=flag.rule_id,
                    rule_ids=list(flag.rule_ids),
                    rule_set_version=flag.version,
                    child_indicator=flag.child,
                    evidence={k: _json_safe(v) for k, v in flag.evidence.items()},
                )
            )
            made[screening.organisation_id] = made.get(screening.organisation_id, 0) + 1
        if len(pending) >= 5000:
            ProfileFlag.objects.bulk_create(pending)
            pending = []
    ProfileFlag.objects.bulk_create(pending)
    for organisation_id, count in made.items():
        audit.record_bulk_change(
            actor,
            Organisation(pk=organisation_id),
            {"profile_flags": count, "rule_set_version": rules.version},
        )
    return sum(made.values())

"""Retention: administrators set how long each record type is kept for each purpose, and
``run_retention`` (``mixflow retention run [--dry-run]``) anonymises or deletes what expired,
with counts per record type.

Persons are anonymised through erasure's one mechanism (``erasure_actions.erase_persons``),
skipping those a legal hold or an open case keeps (counted apart); the record types intake
holds are expired by the functions intake registers (``use_expirer``). A dry run counts the
same rows and writes nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mixflow.accounts.actors import Actor
from mixflow.accounts.models import Organisation
from mixflow.core import audit
from mixflow.core.roles import Capability
from mixflow.core.scoping import scope_of
from mixflow.identity.checks import require
from mixflow.identity.models import Person
from mixflow.protection.erasure_actions import blockers_of, erase_persons
from mixflow.protection.retention_models import (
    ACTION_OF,
    PURPOSES_OF,
    RecordType,
    RetentionRule,
)

REFUSED = _("You may not set how long this organisation keeps records.")
MAX_MONTHS = 1200

Expirer = Callable[[int, datetime.datetime, bool], int]
"""(organisation id, cut-off, dry run) → how many rows expired (or would)."""
_expirers: dict[str, Expirer] = {}

Lapser = Callable[[int, datetime.datetime, bool], int]
"""(organisation id, now, dry run) → how many rows past their own end were deleted (or would
be): records whose end is fixed when they are written (a draft's), not set by a rule."""
_lapsers: dict[str, Lapser] = {}


def use_expirer(record_type: str, expirer: Expirer) -> None:
    _expirers[record_type] = expirer


def use_lapser(name: str, lapser: Lapser) -> None:
    _lapsers[name] = lapser


@transaction.atomic
def set_retention(
    *, actor: Actor, organisation: Organisation, record_type: str, purpose: str, months: int | None
) -> RetentionRule | None:
    """Set (or, with ``months`` None, remove) how long ``record_type`` is kept for
    ``purpose`` in ``organisation``."""
    require(actor, [Capability.MANAGE_RETENTION], organisation_id=organisation.pk, refusal=REFUSED)
    if purpose not in PURPOSES_OF.get(record_type, ()):
        raise ValidationError(_("This record type is not kept for that purpose."))
    with audit.acting_as(actor):
        if months is None:
            for rule in RetentionRule.objects.filter(
                organisation=organisation, record_type=record_type, purpose=purpose
            ):
                rule.delete()
            return None
        if not 1 <= months <= MAX_MONTHS:
            raise ValidationError(_("A period is between 1 and 1200 months."))
        rule, created = RetentionRule.objects.get_or_create(
            organisation=organisation,
            record_type=record_type,
            purpose=purpose,
            defaults={"months": months},
        )
        if not created and rule.months != months:
            rule.months = months
            rule.save(update_fields=["months", "updated_at"])
        return rule


@dataclass
class RetentionResult:
    dry_run: bool
    counts: dict[str, int] = field(default_factory=dict)
    """Record type → rows anonymised or deleted (or that would be, in a dry run)."""
    kept: int = 0
    """Expired persons a legal hold or an open case keeps."""
    lapsed: dict[str, int] = field(default_factory=dict)
    """Name (``use_lapser``) → rows past their own end deleted (or that would be)."""


def cut_off(months: int, now: datetime.datetime | None = None) -> datetime.datetime:
    """``months`` calendar months before ``now`` (the last day of a shorter month)."""
    moment = now or timezone.now()
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for day in range(moment.day, 0, -1):
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def expired_persons(organisation_id: int, before: datetime.datetime) -> list[Person]:
    """Persons of the organisation not anonymised yet whose registration and latest encounter
    are both older than ``before``."""
    day = before.date()
    return list(
        Person.objects.filter(organisation_id=organisation_id, anonymised_on__isnull=True)
        .annotate(last_seen=Max("encounters__occurred_on"))
        .filter(registered_on__lt=day)
        .filter(Q(last_seen__isnull=True) | Q(last_seen__lt=day))
        .order_by("pk")
    )


def _expire_persons(
    actor: Actor, organisation_id: int, before: datetime.datetime, dry_run: bool
) -> tuple[int, int]:
    expired = expired_persons(organisation_id, before)
    free = [person for person in expired if not blockers_of(person)]
    if not dry_run:
        erase_persons(actor=actor, persons=free)
    return len(free), len(expired) - len(free)


def run_retention(
    *, actor: Actor, dry_run: bool, now: datetime.datetime | None = None
) -> RetentionResult:
    """Apply every organisation's retention periods the actor may apply (a system actor: all).
    Each organisation's run is one transaction."""
    result = RetentionResult(dry_run=dry_run, counts=dict.fromkeys(RecordType.values, 0))
    scope = scope_of(actor)
    rules = RetentionRule.objects.select_related("organisation").order_by("organisation_id", "pk")
    for rule in rules:
        if not (scope.acts_for(rule.organisation_id) and scope.can(Capability.MANAGE_RETENTION)):
            raise PermissionDenied(REFUSED)
        before = cut_off(rule.months, now)
        with transaction.atomic(), audit.acting_as(actor):
            if rule.record_type == RecordType.PERSON:
                done, kept = _expire_persons(actor, rule.organisation_id, before, dry_run)
                result.kept += kept
            else:
                expirer = _expirers.get(rule.record_type)
                done = expirer(rule.organisation_id, before, dry_run) if expirer else 0
            result.counts[rule.record_type] += done
            if not dry_run and done:
                audit.record_bulk_change(
                    actor,
                    rule,
                    {
                        "expired": done,
                        "action": ACTION_OF[rule.record_type],
                        "before": before.date().isoformat(),
                    },
                )
    _lapse(actor, result, now or timezone.now())
    return result


def _lapse(actor: Actor, result: RetentionResult, now: datetime.datetime) -> None:
    """Records past the end they were given go in every organisation the actor applies
    retention for, whether or not it set any rule: the end was promised when they were kept."""
    scope = scope_of(actor)
    result.lapsed = dict.fromkeys(_lapsers, 0)
    if not scope.can(Capability.MANAGE_RETENTION):
        return
    for organisation_id in Organisation.objects.order_by("pk").values_list("pk", flat=True):
        if not scope.acts_for(organisation_id):
            continue
        with transaction.atomic(), audit.acting_as(actor):
            for name, lapser in _lapsers.items():
                result.lapsed[name] += lapser(organisation_id, now, result.dry_run)

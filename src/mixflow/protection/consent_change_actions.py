"""Changing or withdrawing consent, and the preview of what a change would stop.

A change is applied for real inside a savepoint that is then rolled back: the effect shown
before saving is what ``may_share`` answers after exactly that change, not a second copy of
its rules. Saving applies the same change and closes the referrals it stops, in one
transaction, so that withdrawal stops sharing at once.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from mixflow.accounts.actors import Actor
from mixflow.accounts.models import Organisation
from mixflow.identity.models import Person
from mixflow.lib.vocabularies import ConsentPurpose
from mixflow.protection.consent import may_share
from mixflow.protection.consent_actions import record_consent, withdraw_consent
from mixflow.protection.models import Consent, Referral
from mixflow.protection.referral_actions import stop_referrals_without_consent
from mixflow.protection.referrals import referral_sharing
from mixflow.protection.vocabulary import OPEN_STATUSES


@dataclass(frozen=True)
class NewConsent:
    purpose: str
    given: bool
    method: str
    target_organisation: Organisation | None = None
    withheld_from: str = ""

    @property
    def purpose_label(self) -> str:
        return str(ConsentPurpose(self.purpose).label)


@dataclass(frozen=True)
class ConsentChange:
    """Withdraw one consent, or record a new one (which replaces the person's active consents
    for the same purpose and organisation)."""

    on: datetime.date
    withdraw: Consent | None = None
    record: NewConsent | None = None


@dataclass
class ConsentEffect:
    referrals_stopping: list[Referral] = field(default_factory=list)
    organisations_losing: list[Organisation] = field(default_factory=list)
    organisations_gaining: list[Organisation] = field(default_factory=list)

    @property
    def changes_anything(self) -> bool:
        return bool(
            self.referrals_stopping or self.organisations_losing or self.organisations_gaining
        )


def _open_referrals(person: Person) -> list[Referral]:
    return list(
        Referral.objects.filter(
            Q(person=person) | Q(group__memberships__person=person), status__in=OPEN_STATUSES
        )
        .select_related("service__provider__organisation", "person", "group")
        .distinct()
        .order_by("pk")
    )


def _organisations_concerned(person: Person, referrals: list[Referral]) -> list[Organisation]:
    ids = set(
        Consent.objects.filter(person=person, target_organisation__isnull=False).values_list(
            "target_organisation", flat=True
        )
    )
    ids |= {r.service.provider.organisation_id for r in referrals}
    ids.discard(person.organisation_id)
    return list(Organisation.objects.filter(pk__in=ids).order_by("name"))


def _with_access(person: Person, organisations: list[Organisation], on: datetime.date) -> set[int]:
    return {
        o.pk
        for o in organisations
        if may_share(
            person=person,
            recipient_organisation_id=o.pk,
            purpose=ConsentPurpose.SHARE_WITH_ORGANISATION,
            on=on,
        )
    }


def _apply(actor: Actor, person: Person, change: ConsentChange) -> None:
    if change.withdraw is not None:
        if change.withdraw.person_id != person.pk:
            raise ValueError("The consent withdrawn is another person's.")
        withdraw_consent(actor=actor, consent=change.withdraw, on=change.on)
    if change.record is not None:
        new = change.record
        replaced = Consent.objects.filter(
            person=person,
            purpose=new.purpose,
            target_organisation=new.target_organisation,
            withdrawn_on__isnull=True,
        )
        for consent in replaced:
            withdraw_consent(actor=actor, consent=consent, on=change.on)
        record_consent(
            actor=actor,
            person=person,
            purpose=new.purpose,
            given=new.given,
            method=new.method,
            recorded_on=change.on,
            target_organisation=new.target_organisation,
            withheld_from=new.withheld_from,
        )


def _measure(actor: Actor, person: Person, change: ConsentChange, stop: bool) -> ConsentEffect:
    referrals = _open_referrals(person)
    organisations = _organisations_concerned(person, referrals)
    if change.record is not None and change.record.target_organisation is not None:
        target = change.record.target_organisation
        if target.pk != person.organisation_id and target not in organisations:
            organisations.append(target)
    allowed_before = {r.pk for r in referrals if referral_sharing(r, change.on)}
    access_before = _with_access(person, organisations, change.on)
    _apply(actor, person, change)
    stopping = [
        r for r in referrals if r.pk in allowed_before and not referral_sharing(r, change.on)
    ]
    access_after = _with_access(person, organisations, change.on)
    if stop:
        stop_referrals_without_consent(
            actor=actor,
            referrals=stopping,
            reason=_("Stopped: the person's consent no longer allows sharing."),
        )
    return ConsentEffect(
        referrals_stopping=stopping,
        organisations_losing=[o for o in organisations if o.pk in access_before - access_after],
        organisations_gaining=[o for o in organisations if o.pk in access_after - access_before],
    )


class _Preview(Exception):
    """Raised to roll the preview's savepoint back."""


def preview_consent_change(*, actor: Actor, person: Person, change: ConsentChange) -> ConsentEffect:
    """What ``change`` would stop or open, found by making it and rolling it back (so the
    actor must be allowed to make it: the same checks run)."""
    effect = ConsentEffect()
    try:
        with transaction.atomic():
            effect = _measure(actor, person, change, stop=False)
            raise _Preview
    except _Preview:
        pass
    return effect


@transaction.atomic
def change_consent(*, actor: Actor, person: Person, change: ConsentChange) -> ConsentEffect:
    """Make the change, and close at once the open referrals it stops."""
    return _measure(actor, person, change, stop=True)

"""Referrals: propose, send, accept, decline, complete, close, feedback.

The referring side (``make_referrals`` in the organisation that holds the person's record, at
the person's site) proposes, sends and closes; the receiving side (``receive_referrals`` in the
service's organisation) accepts, declines, completes and gives feedback. Sending asks the one
consent mechanism (``consent.may_share``) and refuses with its reason. Every action checks the
state it starts from, and writes and audits in one transaction.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mixflow.accounts.actors import Actor, user_of
from mixflow.core import audit
from mixflow.core.roles import Capability
from mixflow.identity.checks import require
from mixflow.identity.models import Group, Person
from mixflow.protection.models import Referral, Service
from mixflow.protection.referrals import MemberSharing, referral_sharing, sharing_per_member
from mixflow.protection.vocabulary import (
    OPEN_STATUSES,
    SHARED_FIELDS,
    ReferralStatus,
    normalise_need,
)

REFUSED_REFERRAL = gettext_lazy("You may not make or follow referrals of this person.")
REFUSED_ANSWER = gettext_lazy("You may not answer referrals addressed to this service.")


class ReferralError(ValidationError):
    """A referral cannot do that in its current state, or consent does not allow it."""


def _may_refer(actor: Actor, organisation_id: int, site_id: int) -> None:
    require(
        actor,
        [Capability.MAKE_REFERRALS],
        organisation_id=organisation_id,
        site_ids=[site_id],
        refusal=REFUSED_REFERRAL,
    )


def _may_answer(actor: Actor, referral: Referral) -> None:
    require(
        actor,
        [Capability.RECEIVE_REFERRALS],
        organisation_id=referral.service.provider.organisation_id,
        refusal=REFUSED_ANSWER,
    )


def _expect(referral: Referral, *states: str) -> None:
    if referral.status not in states:
        raise ReferralError(
            _("This referral is %(status)s: that cannot be done now.")
            % {"status": referral.get_status_display().lower()}
        )


def _locked(referral: Referral) -> Referral:
    """The referral as stored now, locked for the rest of the transaction."""
    return (
        Referral.objects.select_for_update().select_related("service__provider").get(pk=referral.pk)
    )


@transaction.atomic
def propose_referral(
    *,
    actor: Actor,
    service: Service,
    needs: Iterable[str],
    person: Person | None = None,
    group: Group | None = None,
    due_on: datetime.date | None = None,
    note: str = "",
    contact: str = "",
) -> Referral:
    """A referral of one person (or one group) to ``service``, not yet sent."""
    if (person is None) == (group is None):
        raise ReferralError(_("A referral is for one person or one group."))
    holder = person if person is not None else group
    assert holder is not None
    site_id = person.registration_site_id if person is not None else group.site_id  # type: ignore[union-attr]
    _may_refer(actor, holder.organisation_id, site_id)
    if not service.active:
        raise ReferralError(_("This service is no longer active."))
    codes = [normalise_need(n) or n for n in needs if n.strip()]
    with audit.acting_as(actor):
        return Referral.objects.create(
            organisation_id=holder.organisation_id,
            person=person,
            group=group,
            site_id=site_id,
            service=service,
            needs=codes,
            due_on=due_on,
            note=note.strip(),
            contact=contact.strip(),
            proposed_by=user_of(actor),
        )


@dataclass(frozen=True)
class GroupReferral:
    referral: Referral
    excluded: list[MemberSharing]
    """members chosen whose consent does not allow the referral, with the reason"""


@transaction.atomic
def propose_group_referral(
    *,
    actor: Actor,
    group: Group,
    members: Iterable[Person],
    service: Service,
    needs: Iterable[str],
    due_on: datetime.date | None = None,
    note: str = "",
    contact: str = "",
) -> GroupReferral:
    """One referral of the chosen ``members`` of ``group`` to ``service``. Each member's
    consent is asked on its own (``consent.may_share`` through ``sharing_per_member``):
    those it does not allow are left out and returned with the reason; when it allows none,
    nothing is proposed."""
    wanted = {p.pk for p in members}
    memberships = [
        m
        for m in group.memberships.select_related("person").order_by("pk")
        if m.person_id in wanted
    ]
    if not memberships or len(memberships) != len(wanted):
        raise ReferralError(_("Choose the members of the group to refer."))
    sharing = sharing_per_member(memberships, service.provider.organisation_id)
    allowed = [s.person for s in sharing if s.allowed]
    if not allowed:
        raise ReferralError(
            _("No member chosen may be referred to this service: %(reasons)s")
            % {
                "reasons": "; ".join(
                    f"{s.person.display_name}: {s.decision.reason}" for s in sharing
                )
            }
        )
    referral = propose_referral(
        actor=actor,
        service=service,
        needs=needs,
        group=group,
        due_on=due_on,
        note=note,
        contact=contact,
    )
    with audit.acting_as(actor):
        referral.members.set(allowed)
    return GroupReferral(referral, [s for s in sharing if not s.allowed])


@transaction.atomic
def send_referral(*, actor: Actor, referral: Referral) -> Referral:
    """Send a proposed referral to its service, if the person's consent allows it.

    The fields shared are fixed now, from the service type's needs."""
    _may_refer(actor, referral.organisation_id, referral.site_id)
    referral = _locked(referral)
    _expect(referral, ReferralStatus.PROPOSED)
    decision = referral_sharing(referral)
    if not decision:
        raise ReferralError(str(decision.reason))
    with audit.acting_as(actor):
        referral.status = ReferralStatus.SENT
        referral.shared_fields = [str(f) for f in SHARED_FIELDS[referral.service.service_type]]
        referral.sent_by = user_of(actor)
        referral.sent_at = timezone.now()
        referral.save()
    return referral


@transaction.atomic
def accept_referral(*, actor: Actor, referral: Referral, feedback: str = "") -> Referral:
    _may_answer(actor, referral)
    referral = _locked(referral)
    _expect(referral, ReferralStatus.SENT)
    with audit.acting_as(actor):
        referral.status = ReferralStatus.ACCEPTED
        referral.answered_by = user_of(actor)
        referral.answered_at = timezone.now()
        if feedback.strip():
            referral.feedback = feedback.strip()
        referral.save()
    return referral


@transaction.atomic
def decline_referral(*, actor: Actor, referral: Referral, reason: str) -> Referral:
    _may_answer(actor, referral)
    referral = _locked(referral)
    _expect(referral, ReferralStatus.SENT)
    if not reason.strip():
        raise ReferralError(_("Say why the referral is declined."))
    with audit.acting_as(actor):
        referral.status = ReferralStatus.DECLINED
        referral.decline_reason = reason.strip()
        referral.answered_by = user_of(actor)
        referral.answered_at = timezone.now()
        referral.save()
    return referral


@transaction.atomic
def complete_referral(*, actor: Actor, referral: Referral, feedback: str = "") -> Referral:
    _may_answer(actor, referral)
    referral = _locked(referral)
    _expect(referral, ReferralStatus.ACCEPTED)
    with audit.acting_as(actor):
        referral.status = ReferralStatus.COMPLETED
        referral.completed_at = timezone.now()
        if feedback.strip():
            referral.feedback = feedback.strip()
        referral.save()
    return referral


@transaction.atomic
def give_feedback(*, actor: Actor, referral: Referral, feedback: str) -> Referral:
    """The provider's word on a referral it accepted (progress, outcome)."""
    _may_answer(actor, referral)
    referral = _locked(referral)
    _expect(referral, ReferralStatus.ACCEPTED, ReferralStatus.COMPLETED)
    if not feedback.strip():
        raise ReferralError(_("The feedback is empty."))
    with audit.acting_as(actor):
        referral.feedback = feedback.strip()
        referral.save()
    return referral


@transaction.atomic
def close_referral(*, actor: Actor, referral: Referral, reason: str) -> Referral:
    """The referring side closes a referral: done with it, or stopped (the provider stops
    reading its fields at once)."""
    _may_refer(actor, referral.organisation_id, referral.site_id)
    referral = _locked(referral)
    _expect(referral, *OPEN_STATUSES, ReferralStatus.DECLINED, ReferralStatus.COMPLETED)
    if not reason.strip():
        raise ReferralError(_("Say why the referral is closed."))
    with audit.acting_as(actor):
        referral.status = ReferralStatus.CLOSED
        referral.closure_reason = reason.strip()
        referral.closed_at = timezone.now()
        referral.save()
    return referral


def stop_referrals_without_consent(
    *, actor: Actor, referrals: Iterable[Referral], reason: str
) -> list[Referral]:
    """Close the open referrals whose sharing consent no longer allows (after a consent
    change). Called inside the consent change's transaction, by its checked action."""
    stopped = []
    with audit.acting_as(actor):
        for referral in referrals:
            if referral.status in OPEN_STATUSES and not referral_sharing(referral):
                referral.status = ReferralStatus.CLOSED
                referral.closure_reason = reason
                referral.closed_at = timezone.now()
                referral.save()
                stopped.append(referral)
    return stopped


def may_refer(actor: Actor, referral: Referral) -> bool:
    try:
        _may_refer(actor, referral.organisation_id, referral.site_id)
    except PermissionDenied:
        return False
    return True

"""The one consent mechanism: whether a person's data may go to a recipient for a purpose.

``may_share`` is the single decision every path asks before personal data leaves the
organisation that holds it, or is used for a purpose that needs consent: referrals, case
transfers, exports of personal data and the reading of records between organisations.
``shared_rows`` is the same rule written as a query condition, which ``core.scoping`` applies to
every model declaring a ``shared_through`` path (persons, their encounters, groups, documents…):
a row of another organisation is readable when the person has an active consent to share with the
reader's organisation, and never when an active ``withhold_from`` consent names it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from mixflow.lib.vocabularies import ConsentPurpose
from mixflow.protection.models import Consent

if TYPE_CHECKING:
    from mixflow.identity.models import Person


@dataclass(frozen=True)
class SharingDecision:
    """The answer of ``may_share``: allowed or not, and why in words a user can read."""

    allowed: bool
    reason: str | Promise

    def __bool__(self) -> bool:
        return self.allowed


# Other reasons to hold data back (a restriction of processing the person asked for, say) are
# registered here by the app that records them; each answers a refusal reason or None.
_holds: list[Callable[[Person], str | Promise | None]] = []
# The same holds as query conditions (``person path`` → rows held), for ``shared_rows``.
_held_rows: list[Callable[[str], Q]] = []


def use_hold(
    check: Callable[[Person], str | Promise | None],
    held_rows: Callable[[str], Q] | None = None,
) -> None:
    """Register one more reason that stops all sharing of a person's data (idempotent):
    ``check`` answers for one person, ``held_rows`` (the same rule as a query condition on the
    path to the person) keeps reads through consent by other organisations in step."""
    if check not in _holds:
        _holds.append(check)
    if held_rows is not None and held_rows not in _held_rows:
        _held_rows.append(held_rows)


def _active(person: Person, on: datetime.date) -> list[Consent]:
    return [
        consent
        for consent in Consent.objects.filter(person=person, given=True)
        if consent.withdrawn_on is None or consent.withdrawn_on > on
    ]


def may_share(
    *,
    person: Person,
    recipient_organisation_id: int,
    purpose: str,
    on: datetime.date | None = None,
) -> SharingDecision:
    """May the person's data go to ``recipient_organisation_id`` for ``purpose``?

    ``purpose`` is a ``ConsentPurpose`` (services, family tracing, sharing with an organisation…).
    The data may go when the person has an active consent for that purpose (consents for the
    purpose of sharing with an organisation must name the recipient), no active "withhold from"
    consent names the recipient, and no hold stops processing. The organisation that holds the
    record needs no consent to read its own record, but still needs one to use it for a purpose.
    """
    on = on or timezone.localdate()
    for hold in _holds:
        refusal = hold(person)
        if refusal:
            return SharingDecision(False, refusal)
    active = _active(person, on)
    if any(
        c.purpose == ConsentPurpose.WITHHOLD_FROM
        and c.target_organisation_id == recipient_organisation_id
        for c in active
    ):
        return SharingDecision(
            False, _("The person asked that their data be withheld from this organisation.")
        )
    if purpose == ConsentPurpose.SHARE_WITH_ORGANISATION:
        if recipient_organisation_id == person.organisation_id:
            return SharingDecision(True, _("The record belongs to this organisation."))
        named = any(
            c.purpose == purpose and c.target_organisation_id == recipient_organisation_id
            for c in active
        )
        if named:
            return SharingDecision(True, _("The person agreed to share with this organisation."))
        return SharingDecision(
            False, _("The person has not agreed to share their data with this organisation.")
        )
    if any(c.purpose == purpose for c in active):
        return SharingDecision(True, _("The person agreed to this purpose."))
    return SharingDecision(False, _("The person has not agreed to this purpose."))


def shared_rows(person_path: str, organisation_id: int) -> Q:
    active = Consent.objects.filter(
        person=OuterRef(person_path),
        given=True,
        withdrawn_on__isnull=True,
        target_organisation=organisation_id,
    )
    rows = Q(Exists(active.filter(purpose=ConsentPurpose.SHARE_WITH_ORGANISATION))) & ~Q(
        Exists(active.filter(purpose=ConsentPurpose.WITHHOLD_FROM))
    )
    for held in _held_rows:
        rows &= ~held(person_path)
    return rows

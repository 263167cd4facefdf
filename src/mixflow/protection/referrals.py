"""What a referral shares, and whether it may: read-only logic used by the actions, the
provider's inbox and the consent page.

The provider never reads the person's record: it reads the fields the service type needs
(``vocabulary.SHARED_FIELDS``), computed here from the person when shown, and only while the
one consent mechanism (``consent.may_share``) still allows it. Withdrawing consent therefore
stops the sharing at once, whatever page or endpoint shows the referral.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mixflow.lib.vocabularies import ConsentPurpose, Sex
from mixflow.protection.consent import SharingDecision, may_share
from mixflow.protection.vocabulary import (
    ReferralStatus,
    SharedField,
    need_label,
)

if TYPE_CHECKING:
    from mixflow.identity.models import Person
    from mixflow.protection.models import Referral

VISIBLE_TO_PROVIDER = frozenset(
    {ReferralStatus.SENT, ReferralStatus.ACCEPTED, ReferralStatus.COMPLETED}
)
"""States in which the provider reads the shared fields (not once declined or closed)."""


def subjects_of(referral: Referral) -> list[Person]:
    """The people a referral is about: its person, or the members of its group it was made
    for (every member when none were chosen)."""
    if referral.person_id is not None:
        assert referral.person is not None
        return [referral.person]
    assert referral.group is not None
    chosen = list(referral.members.order_by("pk"))
    if chosen:
        return chosen
    return [m.person for m in referral.group.memberships.select_related("person")]


@dataclass(frozen=True)
class MemberSharing:
    """Whether one member of a group may be referred to a service: the one consent
    mechanism's answer for them."""

    person: Person
    relationship: str
    decision: SharingDecision

    @property
    def allowed(self) -> bool:
        return bool(self.decision)


def sharing_per_member(
    memberships: list[Any], recipient_organisation_id: int, on: datetime.date | None = None
) -> list[MemberSharing]:
    """``sharing_with_provider`` asked for each member of a group (``GroupMember`` rows) on
    their own, so that a group referral goes for those whose consent allows it and names the
    others with the reason."""
    return [
        MemberSharing(
            m.person,
            m.relationship,
            sharing_with_provider([m.person], recipient_organisation_id, on),
        )
        for m in memberships
    ]


def sharing_with_provider(
    subjects: list[Person], recipient_organisation_id: int, on: datetime.date | None = None
) -> SharingDecision:
    """May these people's data go to the service's organisation to receive services?

    Consent for services is needed in any case; when the recipient is another organisation
    than the one holding the record, the person must also have agreed to share with it (and
    not asked that their data be withheld from it: ``may_share`` checks that too).
    """
    decision = SharingDecision(False, _("Nobody to refer."))
    for person in subjects:
        decision = may_share(
            person=person,
            recipient_organisation_id=recipient_organisation_id,
            purpose=ConsentPurpose.SERVICES,
            on=on,
        )
        if not decision:
            return decision
        if recipient_organisation_id != person.organisation_id:
            decision = may_share(
                person=person,
                recipient_organisation_id=recipient_organisation_id,
                purpose=ConsentPurpose.SHARE_WITH_ORGANISATION,
                on=on,
            )
            if not decision:
                return decision
    return decision


def referral_sharing(referral: Referral, on: datetime.date | None = None) -> SharingDecision:
    return sharing_with_provider(
        subjects_of(referral), referral.service.provider.organisation_id, on
    )


@dataclass(frozen=True)
class SharedValue:
    code: str
    label: str
    value: str


@dataclass(frozen=True)
class SharedView:
    """What the provider reads of a referral: per person, the shared fields; or why not."""

    allowed: bool
    reason: str
    people: list[list[SharedValue]]


def _age(person: Person, today: datetime.date) -> str:
    age = person.age_on(today)
    if age is None:
        return "—"
    low, high = age
    return str(low) if low == high else f"{low}–{high}"


def _value(code: str, person: Person, referral: Referral, today: datetime.date) -> str:
    if code == SharedField.NAME:
        return person.display_name
    if code == SharedField.SEX:
        return str(Sex(person.sex).label) if person.sex in Sex.values else person.sex
    if code == SharedField.AGE:
        return _age(person, today)
    if code == SharedField.DATE_OF_BIRTH:
        if person.date_of_birth is None:
            return "—"
        return f"{person.date_of_birth.isoformat()} ({person.get_dob_precision_display()})"
    if code == SharedField.NATIONALITY:
        return ", ".join(sorted({n.country for n in person.nationalities.all()})) or "—"
    if code == SharedField.LANGUAGES:
        return ", ".join(person.languages or []) or "—"
    if code == SharedField.CONTACT:
        return referral.contact or "—"
    if code == SharedField.NEEDS:
        return ", ".join(need_label(n) for n in referral.needs) or "—"
    if code == SharedField.NOTE:
        return referral.note or "—"
    if code == SharedField.GROUP:
        memberships = list(person.group_memberships.select_related("group"))
        if not memberships:
            return str(_("alone"))
        sizes = [m.group.memberships.count() for m in memberships]
        return str(_("in a group of %(n)s") % {"n": max(sizes)})
    return "—"


def shared_view(referral: Referral, today: datetime.date | None = None) -> SharedView:
    """The shared fields of ``referral`` as its provider may read them now."""
    today = today or timezone.localdate()
    if referral.status not in VISIBLE_TO_PROVIDER:
        return SharedView(False, str(_("Nothing is shared in this state.")), [])
    decision = referral_sharing(referral, today)
    if not decision:
        return SharedView(
            False,
            str(_("Consent no longer allows sharing: %(reason)s") % {"reason": decision.reason}),
            [],
        )
    codes = [c for c in referral.shared_fields if c in SharedField.values]
    people = [
        [
            SharedValue(code, str(SharedField(code).label), _value(code, person, referral, today))
            for code in codes
        ]
        for person in subjects_of(referral)
    ]
    return SharedView(True, str(decision.reason), people)

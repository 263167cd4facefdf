"""Referrals through their actions: states, consent at sending, shared fields, suggestions."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from mixflow.core.roles import Role
from mixflow.protection.actions import (
    ReferralError,
    accept_referral,
    close_referral,
    complete_referral,
    decline_referral,
    propose_referral,
    send_referral,
)
from mixflow.protection.queries import received_referrals_for, referrals_for, shared_view
from mixflow.protection.suggestions import suggest_services
from mixflow.protection.vocabulary import SHARED_FIELDS, ReferralStatus, ServiceType
from tests.conftest import World
from tests.protection.conftest import Directory, consent_to_services

pytestmark = pytest.mark.django_db


def test_a_referral_goes_from_proposed_to_completed(world: World, directory: Directory) -> None:
    caseworker = world.user(Role.CASEWORKER)
    consent_to_services(world, world.at_agadez, share_with=directory.clinic)
    referral = propose_referral(
        actor=caseworker,
        person=world.at_agadez,
        service=directory.health,
        needs=["SM"],
        due_on=datetime.date(2026, 10, 1),
        contact="+227 90 11 22 33",
    )
    assert referral.status == ReferralStatus.PROPOSED
    assert not received_referrals_for(directory.clinic_staff).exists()  # not sent yet
    send_referral(actor=caseworker, referral=referral)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT
    assert referral.shared_fields == [str(f) for f in SHARED_FIELDS[ServiceType.HEALTH]]
    accept_referral(actor=directory.clinic_staff, referral=referral)
    complete_referral(actor=directory.clinic_staff, referral=referral, feedback="Treated.")
    close_referral(actor=caseworker, referral=referral, reason="Need met")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.CLOSED
    assert referral.feedback == "Treated."
    assert referral.answered_by == directory.clinic_staff


def test_sending_without_consent_is_refused_with_the_reason(
    world: World, directory: Directory
) -> None:
    caseworker = world.user(Role.CASEWORKER)
    referral = propose_referral(
        actor=caseworker, person=world.at_agadez, service=directory.health, needs=["SM"]
    )
    with pytest.raises(ReferralError, match="has not agreed to this purpose"):
        send_referral(actor=caseworker, referral=referral)
    # Consent to services, but not to sharing with another organisation: still refused.
    consent_to_services(world, world.at_agadez)
    with pytest.raises(ReferralError, match="not agreed to share their data with this"):
        send_referral(actor=caseworker, referral=referral)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.PROPOSED
    # A service of the organisation itself needs consent to services only.
    own = propose_referral(
        actor=caseworker, person=world.at_agadez, service=directory.legal_aid, needs=["LP"]
    )
    assert send_referral(actor=caseworker, referral=own).status == ReferralStatus.SENT


def test_only_the_providers_organisation_answers_and_only_from_the_right_state(
    world: World, directory: Directory
) -> None:
    caseworker = world.user(Role.CASEWORKER)
    consent_to_services(world, world.at_agadez, share_with=directory.clinic)
    referral = propose_referral(
        actor=caseworker, person=world.at_agadez, service=directory.health, needs=["SM"]
    )
    with pytest.raises(ReferralError):
        accept_referral(actor=directory.clinic_staff, referral=referral)  # not sent
    send_referral(actor=caseworker, referral=referral)
    for stranger in (world.user(Role.SERVICE_PROVIDER), caseworker, world.outsider):
        with pytest.raises(PermissionDenied):
            accept_referral(actor=stranger, referral=referral)
    with pytest.raises(ReferralError, match="Say why"):
        decline_referral(actor=directory.clinic_staff, referral=referral, reason=" ")
    decline_referral(actor=directory.clinic_staff, referral=referral, reason="Full this week")
    with pytest.raises(ReferralError):
        complete_referral(actor=directory.clinic_staff, referral=referral)
    # The registration officer makes no referrals at all.
    with pytest.raises(PermissionDenied):
        propose_referral(
            actor=world.user(Role.REGISTRATION_OFFICER),
            person=world.at_agadez,
            service=directory.health,
            needs=[],
        )


def test_the_provider_reads_only_the_shared_fields_while_consent_lasts(
    world: World, directory: Directory
) -> None:
    caseworker = world.user(Role.CASEWORKER)
    consent_to_services(world, world.at_agadez, share_with=directory.clinic)
    referral = propose_referral(
        actor=caseworker,
        person=world.at_agadez,
        service=directory.health,
        needs=["TR"],
        note="Scars on both arms",
        contact="via the transit centre",
    )
    send_referral(actor=caseworker, referral=referral)
    view = shared_view(received_referrals_for(directory.clinic_staff).get())
    assert view.allowed
    codes = [value.code for value in view.people[0]]
    assert codes == ["name", "sex", "age", "languages", "contact"]
    shown = " ".join(value.value for value in view.people[0])
    assert "Tesfaye Haile" in shown
    assert "via the transit centre" in shown
    # Health gets neither the needs nor the caseworker's note: they can reveal torture.
    assert "Scars" not in shown
    assert "torture" not in shown.lower()
    assert referrals_for(directory.clinic_staff).count() == 0  # not the referring side


def test_suggestions_rank_the_typical_referral_near_the_person_with_reasons(
    world: World, directory: Directory
) -> None:
    suggestions = suggest_services(
        person=world.at_agadez,
        needs=["SC-UC"],
        near_site=world.agadez,
        services=[directory.health, directory.child_protection, directory.legal_aid],
        today=datetime.date(2026, 9, 14),
    )
    # Tesfaye is an adult (born 1999): the child-protection desk (up to 17) is not for him.
    assert suggestions == []
    child = world.at_agadez
    child.date_of_birth = datetime.date(2010, 1, 1)
    suggestions = suggest_services(
        person=child,
        needs=["SC", "SM"],
        near_site=world.agadez,
        services=[directory.health, directory.child_protection, directory.legal_aid],
        today=datetime.date(2026, 9, 14),
    )
    names = [s.service.name for s in suggestions]
    assert names == ["Child protection desk", "Agadez clinic"]
    first = suggestions[0]
    assert any("unaccompanied or separated child" in r.lower() for r in first.reasons)
    assert "A child's needs come first" in first.reasons
    assert "Serves this site" in first.reasons
    # Legal aid at Tripoli is 1,800 km away and answers neither need.
    assert "Legal counselling Tripoli" not in names

"""A person may ask that their data be withheld from an organisation: no referral reaches it,
whatever other consent says."""

from __future__ import annotations

import pytest

from mixflow.core.roles import Role
from mixflow.lib.vocabularies import ConsentMethod, ConsentPurpose
from mixflow.protection.actions import (
    ReferralError,
    propose_referral,
    record_consent,
    send_referral,
)
from mixflow.protection.queries import received_referrals_for
from tests.conftest import DAY, World
from tests.protection.conftest import Directory, consent_to_services

pytestmark = pytest.mark.django_db


def test_a_referral_never_reaches_an_organisation_the_data_is_withheld_from(
    world: World, directory: Directory
) -> None:
    caseworker = world.user(Role.CASEWORKER)
    consent_to_services(world, world.at_agadez, share_with=directory.clinic)
    record_consent(
        actor=caseworker,
        person=world.at_agadez,
        purpose=ConsentPurpose.WITHHOLD_FROM,
        given=True,
        method=ConsentMethod.SIGNED,
        recorded_on=DAY,
        target_organisation=directory.clinic,
    )
    referral = propose_referral(
        actor=caseworker, person=world.at_agadez, service=directory.health, needs=["SM"]
    )
    with pytest.raises(ReferralError, match="withheld from this organisation"):
        send_referral(actor=caseworker, referral=referral)
    assert not received_referrals_for(directory.clinic_staff).exists()

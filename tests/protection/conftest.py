"""Shared data of the protection tests: screenings submitted through the one submission path
with the shipped registration form (profiling); a service directory on top of the shared
``world`` — a clinic network (another organisation, of kind service provider) with a health
service at Agadez, a legal-aid service of home at Tripoli, and the clinic's own accounts
(referrals)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from mixflow.accounts.actions import create_or_update_user
from mixflow.accounts.models import Organisation, User
from mixflow.core.roles import Role
from mixflow.lib.vocabularies import ConsentMethod, ConsentPurpose
from mixflow.protection.actions import (
    ServiceValues,
    ensure_provider,
    record_consent,
    save_service,
)
from mixflow.protection.models import Service
from tests.conftest import DAY, PASSWORD, SETUP, World

CONSENTED = {
    "site": "NER-AGZ-BUS",
    "consent_services": "yes",
    "consent_statistics": "yes",
    "consent_family_tracing": "yes",
    "consent_share": "no",
    "consent_withhold": "no",
    "consent_method": "verbal",
    "has_document": "no",
    "nationality": "ERI",
    "sex": "male",
    "dob_precision": "exact",
    "date_of_birth": "1990-05-05",
    "with_others": "no",
    "under_18": "no",
    "reasons_for_leaving": "other",
}
"""What every screening of these tests answers before its own story."""


@pytest.fixture
def registration_form(world: Any) -> Any:
    from mixflow.intake.actions import install_default_questionnaires
    from mixflow.intake.models import Questionnaire

    install_default_questionnaires(actor=world.user(Role.ORG_ADMIN), organisation=world.home)
    return Questionnaire.objects.get(organisation=world.home, form_id="registration_screening")


@pytest.fixture
def screen(world: Any, registration_form: Any) -> Callable[..., Any]:
    """Submit one screening at the desk (as the registration officer); returns the submission."""
    from mixflow.intake.actions import receive_submission

    def submit(given_name: str = "Test", **answers: Any) -> Any:
        outcome = receive_submission(
            actor=world.user(Role.REGISTRATION_OFFICER),
            questionnaire=registration_form,
            answers={**CONSENTED, "given_name": given_name, **answers},
            channel="web",
            lang="en",
        )
        assert outcome.ok, outcome.errors
        return outcome.submission

    return submit


@dataclass
class Directory:
    clinic: Organisation
    health: Service
    child_protection: Service
    legal_aid: Service
    clinic_staff: User
    clinic_admin: User


@pytest.fixture
def directory(world: World) -> Directory:
    clinic = Organisation.objects.create(
        code="clinic", name="Clinic Network", kind="service_provider"
    )
    provider = ensure_provider(actor=SETUP, organisation=clinic, unit="Agadez clinic")
    health = save_service(
        actor=SETUP,
        provider=provider,
        values=ServiceValues(
            name="Agadez clinic",
            service_type="health",
            site_ids=[world.agadez.pk],
            languages=["hau", "fra", "tir"],
            capacity=40,
            contact_phone="+227 20 00 00 00",
        ),
    )
    child_protection = save_service(
        actor=SETUP,
        provider=provider,
        values=ServiceValues(
            name="Child protection desk",
            service_type="child_protection",
            site_ids=[world.agadez.pk],
            max_age=17,
        ),
    )
    home_provider = ensure_provider(actor=SETUP, organisation=world.home)
    legal_aid = save_service(
        actor=SETUP,
        provider=home_provider,
        values=ServiceValues(
            name="Legal counselling Tripoli",
            service_type="legal_aid",
            site_ids=[world.tripoli.pk],
            languages=["ara", "eng"],
        ),
    )
    staff = create_or_update_user(
        username="clinic_staff",
        organisation=clinic,
        password=PASSWORD,
        roles=[Role.SERVICE_PROVIDER],
        actor=SETUP,
    )
    admin = create_or_update_user(
        username="clinic_admin",
        organisation=clinic,
        password=PASSWORD,
        roles=[Role.ORG_ADMIN],
        actor=SETUP,
    )
    return Directory(clinic, health, child_protection, legal_aid, staff, admin)


def consent_to_services(world: World, person: Any, share_with: Organisation | None = None) -> None:
    """The person's consent to receive services (and to share with ``share_with``)."""
    officer = world.user(Role.CASEWORKER)
    record_consent(
        actor=officer,
        person=person,
        purpose=ConsentPurpose.SERVICES,
        given=True,
        method=ConsentMethod.VERBAL,
        recorded_on=DAY,
    )
    if share_with is not None:
        record_consent(
            actor=officer,
            person=person,
            purpose=ConsentPurpose.SHARE_WITH_ORGANISATION,
            given=True,
            method=ConsentMethod.VERBAL,
            recorded_on=DAY,
            target_organisation=share_with,
        )

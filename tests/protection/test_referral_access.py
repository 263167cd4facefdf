"""Access around referrals, through the pages and the queries: the provider sees only the
referrals addressed to it and their shared fields; another organisation sees nothing without
consent; withdrawing consent stops sharing at once; a registration officer reads no sensitive
answer through referrals."""

from __future__ import annotations

from typing import Any

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from mixflow.core.roles import Role
from mixflow.lib.vocabularies import ConsentPurpose
from mixflow.protection.actions import propose_referral, send_referral
from mixflow.protection.models import Consent, Referral
from mixflow.protection.queries import received_referrals_for, referrals_for
from mixflow.protection.vocabulary import ReferralStatus
from tests.conftest import World
from tests.protection.conftest import Directory, consent_to_services

pytestmark = pytest.mark.django_db


def _sent(world: World, directory: Directory, person: Any, **extra: Any) -> Referral:
    caseworker = world.user(Role.CASEWORKER)
    consent_to_services(world, person, share_with=directory.clinic)
    referral = propose_referral(
        actor=caseworker, person=person, service=directory.health, needs=["SM"], **extra
    )
    return send_referral(actor=caseworker, referral=referral)


def test_the_provider_sees_its_referrals_shared_fields_and_nothing_else(
    world: World, directory: Directory, login: Any
) -> None:
    mine = _sent(world, directory, world.at_agadez, note="Beaten in Sabha, asks for asylum")
    # A referral of home to its own legal-aid service: not the clinic's.
    caseworker = world.user(Role.CASEWORKER)
    other = propose_referral(
        actor=caseworker, person=world.at_tripoli, service=directory.legal_aid, needs=["LP"]
    )
    client = login(directory.clinic_staff)
    inbox = client.get(reverse("web:inbox")).content.decode()
    assert "Tesfaye Haile" in inbox
    assert "Abdelrahman" not in inbox
    page = client.get(reverse("web:inbox_detail", args=[mine.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Tesfaye Haile" in text
    # Health receives neither the note nor the needs, nor the encounter's sensitive answers.
    assert "Sabha" not in text
    assert "asylum" not in text.lower()
    assert "debt" not in text.lower()
    assert "ERI" not in text  # nationality is not a health service's business either
    # Anything else of the person, or another referral: refused.
    assert client.get(reverse("web:inbox_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("web:person_detail", args=[world.at_agadez.pk])).status_code in (
        403,
        404,
    )
    assert client.get(reverse("web:referral_detail", args=[mine.pk])).status_code == 403
    assert client.get(reverse("api:person", args=[world.at_agadez.pk])).status_code in (403, 404)
    # Reading the shared fields is recorded.
    assert LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS, object_pk=str(mine.pk), actor=directory.clinic_staff
    ).exists()


def test_a_proposed_referral_is_not_in_the_inbox(world: World, directory: Directory) -> None:
    caseworker = world.user(Role.CASEWORKER)
    propose_referral(
        actor=caseworker, person=world.at_agadez, service=directory.health, needs=["SM"]
    )
    assert not received_referrals_for(directory.clinic_staff).exists()


def test_another_organisation_sees_nothing_without_consent(
    world: World, directory: Directory, login: Any
) -> None:
    caseworker = world.user(Role.CASEWORKER)
    referral = propose_referral(
        actor=caseworker, person=world.at_agadez, service=directory.health, needs=["SM"]
    )
    client = login(caseworker)
    answer = client.post(reverse("web:referral_send", args=[referral.pk]), follow=True)
    assert "has not agreed to this purpose" in answer.content.decode()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.PROPOSED
    assert not received_referrals_for(directory.clinic_staff).exists()
    # The outsider (another organisation's caseworker) sees no referral of home either.
    assert not referrals_for(world.outsider).exists()
    outsider = login(world.outsider)
    assert outsider.get(reverse("web:referral_detail", args=[referral.pk])).status_code == 404


def test_withdrawing_consent_stops_sharing_at_once(
    world: World, directory: Directory, login: Any
) -> None:
    referral = _sent(world, directory, world.at_agadez)
    provider = login(directory.clinic_staff)
    assert (
        "Tesfaye Haile"
        in provider.get(reverse("web:inbox_detail", args=[referral.pk])).content.decode()
    )
    caseworker = login(world.user(Role.CASEWORKER))
    consent = Consent.objects.get(person=world.at_agadez, purpose=ConsentPurpose.SERVICES)
    url = reverse("web:person_consent", args=[world.at_agadez.pk])
    preview = caseworker.post(url, {"withdraw": consent.pk})
    text = preview.content.decode()
    assert "1 referral stops" in text
    assert "0 organisations lose access" in text
    # The preview changed nothing.
    consent.refresh_from_db()
    assert consent.withdrawn_on is None
    provider = login(directory.clinic_staff)
    assert (
        "Tesfaye Haile"
        in provider.get(reverse("web:inbox_detail", args=[referral.pk])).content.decode()
    )
    caseworker = login(world.user(Role.CASEWORKER))
    saved = caseworker.post(url, {"withdraw": consent.pk, "step": "confirm"}, follow=True)
    assert "1 referral stops" in saved.content.decode()
    consent.refresh_from_db()
    assert consent.withdrawn_on is not None
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.CLOSED
    provider = login(directory.clinic_staff)
    page = provider.get(reverse("web:inbox_detail", args=[referral.pk])).content.decode()
    assert "Tesfaye Haile" not in page
    assert "Tesfaye" not in provider.get(reverse("web:inbox")).content.decode()


def test_withdrawing_the_sharing_consent_says_which_organisation_loses_access(
    world: World, directory: Directory, login: Any
) -> None:
    _sent(world, directory, world.at_agadez)
    sharing = Consent.objects.get(
        person=world.at_agadez, purpose=ConsentPurpose.SHARE_WITH_ORGANISATION
    )
    caseworker = login(world.user(Role.CASEWORKER))
    url = reverse("web:person_consent", args=[world.at_agadez.pk])
    text = caseworker.post(url, {"withdraw": sharing.pk}).content.decode()
    assert "1 referral stops, 1 organisation loses access" in text
    assert "Clinic Network" in text


def test_the_registration_officer_reads_no_referral_and_no_sensitive_answer(
    world: World, directory: Directory, login: Any
) -> None:
    referral = _sent(world, directory, world.at_agadez, note="Fled forced conscription")
    officer = world.user(Role.REGISTRATION_OFFICER)
    assert not referrals_for(officer).exists()
    client = login(officer)
    assert client.get(reverse("web:referral_list")).status_code == 403
    assert client.get(reverse("web:referral_detail", args=[referral.pk])).status_code == 403
    assert client.get(reverse("web:inbox_detail", args=[referral.pk])).status_code == 403
    assert client.get(reverse("api:referrals")).status_code == 403
    page = client.get(reverse("web:person_detail", args=[world.at_agadez.pk])).content.decode()
    assert "conscription" not in page
    assert "debt" not in page.lower()  # the encounter's trafficking indicator stays hidden

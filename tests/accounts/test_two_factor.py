"""Two-factor authentication: accounts that see sensitive data confirm each sign-in with a code
from an authenticator app (TOTP) or a single-use recovery code before any page, the API or the
admin answers them."""

from __future__ import annotations

import re
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.checks import run_checks
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from mixflow.accounts import two_factor_actions
from mixflow.core.roles import Role
from tests.conftest import PASSWORD, SETUP

pytestmark = pytest.mark.usefixtures("real_two_factor")


def signed_in(username: str) -> Client:
    client = Client()
    response = client.post(reverse("web:login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content[:500]
    return client


def current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def enrol(client: Client) -> tuple[TOTPDevice, list[str]]:
    """Set up an authenticator through the pages, as a person with a phone would."""
    assert client.post(reverse("web:two_factor_start")).status_code == 302
    page = client.get(reverse("web:two_factor")).content.decode()
    assert "<svg" in page  # the QR code, inline
    device = TOTPDevice.objects.get(confirmed=False)
    secret = re.search(r'<code class="secret">([A-Z2-7]+)</code>', page)
    assert secret is not None
    response = client.post(reverse("web:two_factor"), {"code": current_code(device)})
    assert response.status_code == 200
    codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", response.content.decode())
    return device, codes


def test_a_caseworker_without_a_second_factor_reaches_no_personal_page(world: Any) -> None:
    client = signed_in("caseworker")
    person = reverse("web:person_detail", args=[world.at_agadez.pk])
    response = client.get(person)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:two_factor"))
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Set up an authenticator app" in page.content.decode()
    # The API through the browser's session and the admin are closed too.
    api = client.get(reverse("api:person", args=[world.at_agadez.pk]))
    assert api.status_code == 403
    assert "second factor" in api.json()["detail"]
    assert client.get(reverse("web:person_search")).status_code == 302
    # The API's documentation, a page the footer links to, leads to the second factor too.
    docs = client.get(reverse("api:docs"))
    assert docs.status_code == 302
    assert docs["Location"].startswith(reverse("web:two_factor"))


def test_enrolment_opens_the_pages_and_gives_recovery_codes(world: Any) -> None:
    client = signed_in("caseworker")
    device, codes = enrol(client)
    device.refresh_from_db()
    assert device.confirmed
    assert len(codes) == 10
    assert len(set(codes)) == 10
    person = reverse("web:person_detail", args=[world.at_agadez.pk])
    assert client.get(person).status_code == 200
    entry = LogEntry.objects.filter(additional_data__two_factor="enrolled").get()
    assert entry.actor == world.user(Role.CASEWORKER)
    assert device.key not in str(entry.changes) + str(entry.additional_data)


def test_a_wrong_code_does_not_enrol(world: Any) -> None:
    client = signed_in("caseworker")
    client.post(reverse("web:two_factor_start"))
    response = client.post(reverse("web:two_factor"), {"code": "000000"})
    assert response.status_code == 400
    assert not TOTPDevice.objects.filter(confirmed=True).exists()
    person = reverse("web:person_detail", args=[world.at_agadez.pk])
    assert client.get(person).status_code == 302


def test_each_new_sign_in_asks_for_a_code_and_a_recovery_code_works_once(world: Any) -> None:
    device, codes = enrol(signed_in("caseworker"))
    person = reverse("web:person_detail", args=[world.at_agadez.pk])

    second = signed_in("caseworker")
    asked = second.get(person)
    assert asked["Location"].startswith(reverse("web:two_factor"))
    page = second.get(asked["Location"]).content.decode()
    assert "recovery codes" in page
    assert "<svg" not in page  # no new QR code for a password alone
    # Replacing the authenticator needs the current one.
    second.post(reverse("web:two_factor_start"))
    assert not TOTPDevice.objects.filter(confirmed=False).exists()
    confirmed = second.post(reverse("web:two_factor"), {"code": codes[0], "next": person})
    assert confirmed.status_code == 302
    assert confirmed["Location"] == person
    assert second.get(person).status_code == 200
    assert not StaticToken.objects.filter(token=codes[0]).exists()

    third = signed_in("caseworker")
    # The used recovery code is refused. The device then makes the next attempt wait, and a
    # code already used (at enrolment) is never accepted twice: reset both, as if the next
    # 30-second step had come, to show that the authenticator's code works.
    assert third.post(reverse("web:two_factor"), {"code": codes[0]}).status_code == 400
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0, last_t=-1)
    device.refresh_from_db()
    assert third.post(reverse("web:two_factor"), {"code": current_code(device)}).status_code == 302
    assert third.get(person).status_code == 200


def test_codes_cannot_be_guessed_in_bulk(world: Any) -> None:
    device, _codes = enrol(signed_in("caseworker"))
    client = signed_in("caseworker")
    assert client.post(reverse("web:two_factor"), {"code": "000001"}).status_code == 400
    # Right after a failure even the right code is refused: the device makes guessers wait.
    assert client.post(reverse("web:two_factor"), {"code": current_code(device)}).status_code == 400
    device.refresh_from_db()
    assert device.throttling_failure_count >= 1


def test_roles_without_sensitive_data_may_enrol_and_are_then_asked(world: Any) -> None:
    analyst = signed_in("analyst")
    assert analyst.get(reverse("web:home")).status_code == 200
    enrol(analyst)
    again = signed_in("analyst")
    assert again.get(reverse("web:home")).status_code == 302


def test_the_sign_in_pages_stay_reachable_before_the_second_factor(world: Any) -> None:
    client = signed_in("caseworker")
    assert client.get(reverse("web:two_factor")).status_code == 200
    assert client.post(reverse("set_language"), {"language": "fr"}).status_code == 302
    assert client.post(reverse("web:logout")).status_code == 302
    assert client.get(reverse("web:home")).status_code == 302  # now to the sign-in page
    assert "login" in client.get(reverse("web:home"))["Location"]


def test_only_whoever_may_change_the_accounts_access_resets_it(world: Any) -> None:
    enrol(signed_in("caseworker"))
    caseworker = world.user(Role.CASEWORKER)
    # An organisation administrator cannot take over a caseworker's account (rule 3) ...
    with pytest.raises(PermissionDenied):
        two_factor_actions.reset_two_factor(actor=world.user(Role.ORG_ADMIN), user=caseworker)
    # ... the machine's operator can, and the account enrols again at its next sign-in.
    assert two_factor_actions.reset_two_factor(actor=SETUP, user=caseworker) == 2
    assert not TOTPDevice.objects.filter(user=caseworker).exists()
    assert LogEntry.objects.filter(additional_data__two_factor="reset").exists()
    client = signed_in("caseworker")
    person = reverse("web:person_detail", args=[world.at_agadez.pk])
    assert client.get(person).status_code == 302
    with pytest.raises(PermissionDenied):
        two_factor_actions.start_enrolment(actor=world.user(Role.ORG_ADMIN), user=caseworker)


def test_turned_off_only_on_purpose_and_check_deploy_says_so(world: Any, settings: Any) -> None:
    def deploy_warnings() -> list[str]:
        return [m.id for m in run_checks(include_deployment_checks=True) if m.id]

    assert "mixflow.W001" not in deploy_warnings()
    settings.MIXFLOW_REQUIRE_TWO_FACTOR = False
    client = signed_in("caseworker")
    assert client.get(reverse("web:person_detail", args=[world.at_agadez.pk])).status_code == 200
    assert "mixflow.W001" in deploy_warnings()


def test_the_tests_own_sign_ins_are_confirmed_only_when_asked(world: Any) -> None:
    # This module asks for the real step: a force_login is not confirmed here.
    client = Client()
    client.force_login(world.user(Role.CASEWORKER))
    assert client.get(reverse("web:person_search")).status_code == 302

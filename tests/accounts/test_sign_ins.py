"""Sign-ins seen and governed by administrators: each account's open sessions (ended early,
audited), the record of sign-ins and failed attempts, and a lockout lifted before its time."""

from __future__ import annotations

from typing import Any

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from mixflow.accounts import session_actions
from mixflow.accounts.models import SignedInSession
from mixflow.core.roles import Role
from tests.conftest import PASSWORD, SETUP

LIMIT = settings.AXES_FAILURE_LIMIT


def sign_in(client: Client, username: str, password: str = PASSWORD) -> Any:
    return client.post(
        reverse("web:login"),
        {"username": username, "password": password},
        HTTP_USER_AGENT="Field laptop browser",
        REMOTE_ADDR="198.51.100.7",
    )


def test_signing_in_opens_a_session_the_administrator_sees_and_signing_out_closes_it(
    world: Any, login: Any
) -> None:
    enumerator = Client()
    assert sign_in(enumerator, "enumerator").status_code == 302
    opened = SignedInSession.objects.get(user=world.user(Role.ENUMERATOR))
    assert opened.ip_address == "198.51.100.7"
    page = login(world.user(Role.ORG_ADMIN)).get(reverse("web:sign_ins")).content.decode()
    assert "Field laptop browser" in page
    assert opened.session_key not in page  # a credential: never shown
    enumerator.post(reverse("web:logout"))
    assert not SignedInSession.objects.filter(pk=opened.pk).exists()


def test_an_administrator_ends_a_session_and_it_is_signed_out(world: Any, login: Any) -> None:
    analyst = Client()
    sign_in(analyst, "analyst")
    assert analyst.get(reverse("web:home")).status_code == 200
    session = SignedInSession.objects.get(user=world.user(Role.ANALYST))
    admin = login(world.user(Role.ORG_ADMIN))
    response = admin.post(reverse("web:session_end", args=[session.pk]))
    assert response.status_code == 302
    # The analyst's next request finds itself signed out.
    assert "login" in analyst.get(reverse("web:home"))["Location"]
    entry = LogEntry.objects.filter(
        content_type__model="signedinsession", object_id=session.pk, action=LogEntry.Action.DELETE
    ).get()
    assert entry.actor == world.user(Role.ORG_ADMIN)
    assert "session_key" not in entry.changes


def test_a_session_is_ended_even_for_an_account_that_may_do_more(world: Any, login: Any) -> None:
    caseworker = Client()
    sign_in(caseworker, "caseworker")
    session = SignedInSession.objects.get(user=world.user(Role.CASEWORKER))
    # Unlike a password reset, ending a session gives the administrator nothing: the
    # caseworker signs in again with password and second factor.
    response = login(world.user(Role.ORG_ADMIN)).post(reverse("web:session_end", args=[session.pk]))
    assert response.status_code == 302
    assert not SignedInSession.objects.filter(pk=session.pk).exists()
    assert "login" in caseworker.get(reverse("web:person_search"))["Location"]


def test_another_organisations_sessions_are_neither_shown_nor_ended(world: Any, login: Any) -> None:
    outsider = Client()
    sign_in(outsider, "outsider", PASSWORD)
    session = SignedInSession.objects.get(user=world.outsider)
    admin = login(world.user(Role.ORG_ADMIN))
    assert "outsider" not in admin.get(reverse("web:sign_ins")).content.decode()
    assert admin.post(reverse("web:session_end", args=[session.pk])).status_code == 404
    assert SignedInSession.objects.filter(pk=session.pk).exists()


def test_only_account_managers_see_the_page(world: Any, login: Any) -> None:
    for role in (Role.CASEWORKER, Role.ANALYST, Role.REGISTRATION_OFFICER):
        assert login(world.user(role)).get(reverse("web:sign_ins")).status_code == 403


def test_failures_are_shown_and_an_administrator_lifts_a_lockout_early(
    world: Any, login: Any
) -> None:
    attacker = Client()
    for _ in range(LIMIT):
        sign_in(attacker, "analyst", "wrong-password-guess")
    locked = sign_in(Client(), "analyst")
    assert locked.status_code == 429
    admin = login(world.user(Role.ORG_ADMIN))
    page = admin.get(reverse("web:sign_ins")).content.decode()
    assert "Accounts locked out now" in page
    assert reverse("web:user_unlock", args=[world.user(Role.ANALYST).pk]) in page
    assert page.count("198.51.100.7") >= LIMIT  # the failed attempts and where they came from
    response = admin.post(reverse("web:user_unlock", args=[world.user(Role.ANALYST).pk]))
    assert response.status_code == 302
    assert sign_in(Client(), "analyst").status_code == 302
    entry = LogEntry.objects.filter(additional_data__lockout="lifted").get()
    assert entry.actor == world.user(Role.ORG_ADMIN)
    assert entry.additional_data["attempts_cleared"] >= 1


def test_an_administrator_of_another_organisation_cannot_lift_a_lockout(world: Any) -> None:
    from mixflow.accounts.actions import create_or_update_user

    foreign_admin = create_or_update_user(
        username="other-admin",
        organisation=world.other,
        password=PASSWORD,
        roles=[Role.ORG_ADMIN],
        actor=SETUP,
    )
    with pytest.raises(PermissionDenied):
        session_actions.unlock_account(actor=foreign_admin, user=world.user(Role.ANALYST))
    analyst = Client()
    sign_in(analyst, "analyst")
    session = SignedInSession.objects.get(user=world.user(Role.ANALYST))
    with pytest.raises(PermissionDenied):
        session_actions.end_session(actor=foreign_admin, session=session)

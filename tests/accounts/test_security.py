"""Accounts that resist attack: lockout after repeated failures on every way in, password
rules, API tokens revoked with the password, and sessions that end."""

from __future__ import annotations

import base64
import datetime
import hashlib
import re
from pathlib import Path
from typing import Any

import pytest
from auditlog.models import LogEntry
from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from mixflow.accounts import actions
from mixflow.accounts.models import ApiToken, User
from mixflow.core.roles import Role
from tests.conftest import PASSWORD, SETUP

LIMIT = settings.AXES_FAILURE_LIMIT
NEW_PASSWORD = "a-new-and-long-passphrase-77"


def sign_in(client: Client, username: str, password: str, **extra: Any) -> Any:
    return client.post(reverse("web:login"), {"username": username, "password": password}, **extra)


def basic(username: str, password: str) -> dict[str, str]:
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {token}"}


def fail(times: int, attempt: Any) -> None:
    for _ in range(times):
        attempt()


# --- Lockout ---------------------------------------------------------------------------------


def test_the_sign_in_page_locks_an_account_after_repeated_failures(world: Any) -> None:
    client = Client()
    wrong = sign_in(client, "caseworker", "wrong")
    assert wrong.status_code == 200  # the form again, with its error
    fail(LIMIT - 1, lambda: sign_in(client, "caseworker", "wrong"))
    refused = sign_in(client, "caseworker", PASSWORD, HTTP_ACCEPT_LANGUAGE="fr")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) == 15 * 60
    page = refused.content.decode()
    assert "Attendez 15 minutes" in page  # when to try again, in the reader's language
    assert "administrateur" in page  # and whom to ask
    assert "_auth_user_id" not in client.session


def test_below_the_limit_the_right_password_still_signs_in(world: Any) -> None:
    client = Client()
    fail(LIMIT - 1, lambda: sign_in(client, "caseworker", "wrong"))
    assert sign_in(client, "caseworker", PASSWORD).status_code == 302
    # A success clears the count: the next mistakes start from zero.
    assert not AccessAttempt.objects.filter(username="caseworker").exists()


def test_an_account_is_locked_whatever_address_the_attempts_come_from(world: Any) -> None:
    for number in range(LIMIT):
        sign_in(Client(), "caseworker", "wrong", REMOTE_ADDR=f"198.51.100.{number + 1}")
    fresh_address = sign_in(Client(), "caseworker", PASSWORD, REMOTE_ADDR="203.0.113.9")
    assert fresh_address.status_code == 429
    # Another account, from another address, is not affected.
    assert sign_in(Client(), "analyst", PASSWORD, REMOTE_ADDR="203.0.113.9").status_code == 302


def test_an_address_is_locked_whatever_accounts_it_tries(world: Any) -> None:
    client = Client(REMOTE_ADDR="198.51.100.7")
    for number in range(LIMIT):
        sign_in(client, f"guess{number}", "wrong")
    assert sign_in(client, "caseworker", PASSWORD).status_code == 429
    assert sign_in(Client(REMOTE_ADDR="203.0.113.9"), "caseworker", PASSWORD).status_code == 302


def test_the_lockout_ends_after_the_cool_off(world: Any) -> None:
    client = Client()
    fail(LIMIT, lambda: sign_in(client, "caseworker", "wrong"))
    assert sign_in(client, "caseworker", PASSWORD).status_code == 429
    # Time passes (the attempts are moved back rather than the clock forward).
    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=16)
    )
    assert sign_in(client, "caseworker", PASSWORD).status_code == 302


def test_the_admin_sign_in_is_locked_too(world: Any) -> None:
    client = Client()
    url = reverse("admin:login")
    fail(LIMIT, lambda: client.post(url, {"username": "system_admin", "password": "wrong"}))
    refused = client.post(url, {"username": "system_admin", "password": PASSWORD})
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session


def test_odk_collect_basic_authentication_is_locked(world: Any) -> None:
    client = Client()
    wrong = client.get("/formList", **basic("registration_officer", "wrong"))
    assert wrong.status_code == 401
    fail(LIMIT - 1, lambda: client.get("/formList", **basic("registration_officer", "wrong")))
    refused = client.get(
        "/formList", HTTP_ACCEPT_LANGUAGE="es", **basic("registration_officer", PASSWORD)
    )
    assert refused.status_code == 429
    assert refused["Content-Type"].startswith("text/xml")  # an OpenRosa message Collect shows
    assert "WWW-Authenticate" not in refused  # no prompt to send the password again
    assert "Espere 15 minutos" in refused.content.decode()


def test_the_api_token_endpoint_is_locked(world: Any) -> None:
    client = Client()
    url = reverse("api:token")

    def ask(password: str) -> Any:
        return client.post(
            url,
            {"username": "caseworker", "password": password},
            content_type="application/json",
        )

    assert ask("wrong").status_code == 400
    fail(LIMIT - 1, lambda: ask("wrong"))
    refused = ask(PASSWORD)
    assert refused.status_code == 429
    assert "15" in refused.json()["detail"]
    assert not ApiToken.objects.filter(user=world.user(Role.CASEWORKER)).exists()


def test_failed_attempts_are_shown_to_a_system_administrator_read_only(
    login: Any, world: Any
) -> None:
    fail(2, lambda: sign_in(Client(), "caseworker", "wrong"))
    assert AccessFailureLog.objects.filter(username="caseworker").count() == 2
    admin = login(world.user(Role.SYSTEM_ADMIN))
    listing = admin.get(reverse("admin:axes_accessfailurelog_changelist"))
    assert listing.status_code == 200
    assert "caseworker" in listing.content.decode()
    attempt = AccessAttempt.objects.get(username="caseworker")
    assert admin.get(reverse("admin:axes_accessattempt_add")).status_code == 403
    deleting = admin.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]))
    assert deleting.status_code == 403
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()
    organisation_admin = Client()
    organisation_admin.force_login(world.user(Role.ORG_ADMIN))
    refused = organisation_admin.get(reverse("admin:axes_accessfailurelog_changelist"))
    assert refused.status_code == 302  # to the admin's sign-in: not for them


# --- Passwords -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("Short1!pass", "at least 12 characters"),
        ("123456789012345", "entirely numeric"),
        ("q1w2e3r4t5y6", "too common"),
        ("caseworker-home", "too similar"),
    ],
)
def test_weak_passwords_are_refused(world: Any, password: str, problem: str) -> None:
    with pytest.raises(ValidationError) as refused:
        validate_password(password, world.user(Role.CASEWORKER))
    assert any(problem in message for message in refused.value.messages)


def test_password_rules_speak_the_users_language(world: Any) -> None:
    expected_by_language = {"fr": "au minimum 12 caractères", "es": "por lo menos 12 caracteres"}
    for language, expected in expected_by_language.items():
        with translation.override(language), pytest.raises(ValidationError) as refused:
            validate_password("Short1!pass")
        assert expected in " ".join(refused.value.messages)


def test_a_strong_password_passes(world: Any) -> None:
    validate_password(NEW_PASSWORD, world.user(Role.CASEWORKER))


# --- API tokens ------------------------------------------------------------------------------


def token_header(key: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Token {key}"}


def issue(client: Client, name: str = "") -> str:
    """A caseworker's token, asked from the caseworker's own session confirmed with a second
    factor (the tests' sign-ins count as confirmed), as the account's page or a script would."""
    client.force_login(User.objects.get(username="caseworker"))
    response = client.post(
        reverse("api:token"),
        {"username": "caseworker", "password": PASSWORD, "name": name},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    key: str = response.json()["token"]
    return key


def test_tokens_are_stored_only_as_digests(world: Any) -> None:
    key = issue(Client(), "export script")
    stored = ApiToken.objects.get(user=world.user(Role.CASEWORKER))
    assert key not in {stored.digest, stored.prefix, stored.name}
    assert stored.digest == hashlib.sha256(key.encode()).hexdigest()
    assert stored.prefix == key[:8]
    assert Client().get(reverse("api:persons"), **token_header(key)).status_code == 200
    assert Client().get(reverse("api:persons"), **token_header(key[:-1] + "x")).status_code == 401
    # The audit entry of the new token keeps no digest.
    entry = LogEntry.objects.get(content_type__model="apitoken", object_pk=str(stored.pk))
    assert "digest" not in (entry.changes_dict or {})


def test_each_request_issues_a_new_token_and_the_user_lists_and_revokes_them(world: Any) -> None:
    first = issue(Client(), "laptop")
    second = issue(Client(), "server")
    other_key = actions.issue_api_token(
        actor=SETUP, user=world.user(Role.ANALYST), name="not mine"
    )[1]
    listed = Client().get(reverse("api_tokens"), **token_header(first)).json()["results"]
    assert [(t["name"], t["prefix"]) for t in listed] == [
        ("server", second[:8]),
        ("laptop", first[:8]),
    ]
    assert all(first not in str(t.values()) for t in listed)  # never the key itself
    theirs = ApiToken.objects.get(name="not mine")
    refused = Client().delete(reverse("api_token", args=[theirs.pk]), **token_header(first))
    assert refused.status_code == 404
    laptop = ApiToken.objects.get(name="laptop")
    revoked = Client().delete(reverse("api_token", args=[laptop.pk]), **token_header(second))
    assert revoked.status_code == 204
    assert Client().get(reverse("api:persons"), **token_header(first)).status_code == 401
    assert Client().get(reverse("api:persons"), **token_header(second)).status_code == 200
    assert Client().get(reverse("api:flow_counts"), **token_header(other_key)).status_code == 200


def test_a_password_change_revokes_the_accounts_api_tokens(world: Any) -> None:
    caseworker = world.user(Role.CASEWORKER)
    key = issue(Client())
    others = actions.issue_api_token(actor=SETUP, user=world.user(Role.ANALYST))[0]
    assert Client().get(reverse("api:persons"), **token_header(key)).status_code == 200
    actions.set_password(actor=SETUP, user=caseworker, password=NEW_PASSWORD)
    assert Client().get(reverse("api:persons"), **token_header(key)).status_code == 401
    assert not ApiToken.objects.filter(user=caseworker).exists()
    assert ApiToken.objects.filter(pk=others.pk).exists()
    entry = LogEntry.objects.filter(
        content_type__model="user", object_pk=str(caseworker.pk)
    ).latest("pk")
    assert entry.additional_data == {"password": "changed", "api_tokens_revoked": 1}


def test_only_the_account_or_who_may_change_its_access_manages_its_tokens(world: Any) -> None:
    caseworker = world.user(Role.CASEWORKER)
    with pytest.raises(PermissionDenied):
        actions.issue_api_token(actor=world.user(Role.ANALYST), user=caseworker)
    token = actions.issue_api_token(actor=caseworker, user=caseworker)[0]
    with pytest.raises(PermissionDenied):
        actions.revoke_api_token(actor=world.outsider, token=token)
    actions.deactivate_user(actor=SETUP, user=caseworker)
    with pytest.raises(PermissionDenied):
        actions.issue_api_token(actor=SETUP, user=caseworker)


# --- Sessions --------------------------------------------------------------------------------


def test_a_session_ends_after_eight_hours(world: Any) -> None:
    client = Client()
    assert sign_in(client, "analyst", PASSWORD).status_code == 302
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    assert client.session.get_expiry_age() == 8 * 3600
    assert not client.session.get_expire_at_browser_close()
    assert client.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 8 * 3600


def test_a_session_that_sees_sensitive_data_ends_with_the_browser(world: Any) -> None:
    client = Client()
    assert sign_in(client, "caseworker", PASSWORD).status_code == 302
    assert client.session.get_expire_at_browser_close()
    assert client.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == ""
    # On the server it still ends after the same eight hours.
    assert client.session.get_expiry_age() == 8 * 3600


# --- Documentation ---------------------------------------------------------------------------


def test_every_setting_read_from_the_environment_is_in_the_readme() -> None:
    root = Path(__file__).resolve().parents[2]
    source = (root / "src" / "mixflow" / "settings.py").read_text()
    source += (root / "src" / "mixflow" / "conf.py").read_text()
    readme = (root / "README.md").read_text()
    table = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    missing = sorted(
        set(re.findall(r"MIXFLOW_[A-Z_]+", source)) - set(re.findall(r"`(MIXFLOW_[A-Z_]+)`", table))
    )
    assert not missing, f"add these to the README's configuration table: {missing}"

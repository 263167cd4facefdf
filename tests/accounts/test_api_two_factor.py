"""A password alone does not get round the second factor through the API or ODK Collect: an
account that must confirm its sign-ins gets an API token only from its own session confirmed
with TOTP, and Collect signs it in with such a token (an app password), never with the account
password. Accounts without a second factor keep using their password."""

from __future__ import annotations

import base64
import re
from typing import Any

from django.test import Client
from django.urls import reverse

from mixflow.accounts import actions
from mixflow.accounts.models import ApiToken
from mixflow.core.roles import Role
from tests.conftest import PASSWORD, SETUP


def _basic(username: str, secret: str) -> dict[str, str]:
    encoded = base64.b64encode(f"{username}:{secret}".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {encoded}"}


def _ask(client: Client, username: str) -> Any:
    return client.post(
        reverse("api:token"),
        {"username": username, "password": PASSWORD},
        content_type="application/json",
    )


def test_a_token_for_a_second_factor_account_needs_a_confirmed_session(
    world: Any, login: Any
) -> None:
    caseworker = world.user(Role.CASEWORKER)
    refused = _ask(Client(), "caseworker")  # the right password, from a script
    assert refused.status_code == 403
    assert "second factor" in refused.json()["detail"]
    assert not ApiToken.objects.filter(user=caseworker).exists()
    # Another account's confirmed session does not count either.
    officer = Client()
    officer.force_login(world.user(Role.REGISTRATION_OFFICER))
    assert _ask(officer, "caseworker").status_code == 403
    issued = _ask(login(caseworker), "caseworker")  # signed in on the web with TOTP
    assert issued.status_code == 200
    assert ApiToken.objects.filter(user=caseworker).count() == 1
    # An account without a second factor keeps the password route.
    assert _ask(Client(), world.user(Role.ANALYST).username).status_code == 200


def test_odk_collect_signs_a_second_factor_account_in_with_a_token(world: Any, login: Any) -> None:
    caseworker = world.user(Role.CASEWORKER)
    with_password = Client().get("/formList", **_basic("caseworker", PASSWORD))
    assert with_password.status_code == 401
    assert "API tokens" in with_password.content.decode()
    # The account's own page makes the token and shows its key once.
    page = login(caseworker)
    made = page.post(reverse("web:api_tokens"), {"name": "phone"}).content.decode()
    token = ApiToken.objects.get(user=caseworker, name="phone")
    key = re.search(r'id="new-key" value="([^"]+)"', made).group(1)  # type: ignore[union-attr]
    assert key.startswith(token.prefix)
    assert key not in page.get(reverse("web:api_tokens")).content.decode()
    assert Client().get("/formList", **_basic("caseworker", key)).status_code == 200
    # The token is that account's only: another username with it is a wrong password.
    assert Client().get("/formList", **_basic("enumerator", key)).status_code == 401
    # Accounts without a second factor still sign Collect in with their password.
    assert Client().get("/formList", **_basic("enumerator", PASSWORD)).status_code == 200
    # Revoked from the page, it stops at once; a password change revokes every token.
    someone_elses = _ask(Client(), world.user(Role.ANALYST).username).json()["token"]
    theirs = ApiToken.objects.get(prefix=someone_elses[:8])
    assert page.post(reverse("web:api_tokens"), {"revoke": theirs.pk}).status_code == 404
    page.post(reverse("web:api_tokens"), {"revoke": token.pk})
    assert Client().get("/formList", **_basic("caseworker", key)).status_code == 401
    second = _ask(page, "caseworker").json()["token"]
    actions.set_password(actor=SETUP, user=caseworker, password="a new long passphrase 42")
    assert Client().get("/formList", **_basic("caseworker", second)).status_code == 401

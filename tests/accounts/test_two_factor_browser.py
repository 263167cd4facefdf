"""Setting up two-factor authentication in a real browser, offline, under the strict
Content-Security-Policy: the QR code shows, the typed key and a code from it sign in."""

from __future__ import annotations

import base64
import os
from typing import Any

import pytest
from django_otp.oath import TOTP

from tests.conftest import PASSWORD

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOT = os.environ.get("MIXFLOW_SCREENSHOT_DIR")


def _code(secret: str) -> str:
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    return f"{TOTP(key).token():06d}"


def test_a_caseworker_sets_up_an_authenticator_and_reaches_the_persons(
    offline_page: Any, live_server: Any, world: Any, real_two_factor: None
) -> None:
    page = offline_page
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", "caseworker")
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    page.wait_for_selector("h1:has-text('Two-factor authentication')")
    page.click("text=Set up an authenticator app")
    qr = page.wait_for_selector("figure.qr svg")
    box = qr.bounding_box()
    assert box is not None
    assert box["width"] > 100
    if SCREENSHOT:
        page.screenshot(path=os.path.join(SCREENSHOT, "two-factor-enrolment.png"), full_page=True)
    secret = page.inner_text("code.secret")
    page.fill("#id_code", _code(secret))
    page.click("button.primary")
    page.wait_for_selector("ul.recovery-codes")
    assert page.locator("ul.recovery-codes li").count() == 10
    page.click("text=I have kept them: continue")
    page.goto(live_server.url + "/persons/")
    page.wait_for_selector("h1")
    assert "/two-factor/" not in page.url
    assert not page.outside
    assert not page.errors, page.errors

"""In a real browser, offline: one analyst prepares a publication, a second approves it, and an
anonymous visitor reads it on the portal in Spanish and downloads a table, with no request
leaving the machine and nothing refused by the Content-Security-Policy."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import PASSWORD
from tests.flows.conftest import Flows

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = (
    Path(os.environ.get("MIXFLOW_SCREENSHOTS", ""))
    if os.environ.get("MIXFLOW_SCREENSHOTS")
    else None
)


def _sign_in(page: Any, live_server: Any, username: str) -> None:
    page.context.clear_cookies()
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    page.wait_for_selector("main")


def _shot(page: Any, name: str) -> None:
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_prepare_approve_and_read_on_the_portal_offline(
    offline_page: Any, live_server: Any, flows: Flows
) -> None:
    page = offline_page
    page.csp = []
    page.on(
        "console",
        lambda message: (
            page.csp.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    _sign_in(page, live_server, flows.analyst.username)
    page.click("nav a[href$='/publications/']")
    page.click("a[href$='/publications/new/']")
    page.fill("#id_title", "Niger, third quarter")
    page.select_option("#id_country", "NER")
    page.fill("#id_period", "2026-Q3")
    for kind in ("movements_by_nationality", "movements_by_site", "movements_by_month"):
        page.check(f"input[name=table_kinds][value={kind}]")
    page.click("main form button[type=submit]")
    page.wait_for_selector(".bars")
    assert "another analyst approves it" in page.inner_text("main")
    assert page.locator("form[action$='/approve/']").count() == 0  # not by the preparer
    _shot(page, "publication-preview")
    detail = page.url

    _sign_in(page, live_server, flows.second_analyst.username)
    page.goto(detail)
    page.click("form[action$='/approve/'] button")
    page.wait_for_selector("a[href*='/statistics/']")

    page.context.clear_cookies()
    page.goto(live_server.url + "/statistics/")
    # Choosing a language submits the form by itself (app.js).
    with page.expect_navigation():
        page.select_option("#language-select", "es")
    page.wait_for_selector("html[lang=es]")
    page.click("text=Niger, third quarter")
    page.wait_for_selector(".bars")
    text = page.inner_text("main")
    assert "Movimientos por nacionalidad" in text
    assert "no se muestra" in text  # the suppressed cells say so, with no number
    _shot(page, "portal-publication-es")
    with page.expect_download() as download:
        page.click("a[href$='movements_by_nationality.csv']")
    content = Path(download.value.path()).read_text()
    assert "#population+num" in content
    assert page.outside == []
    assert page.csp == []

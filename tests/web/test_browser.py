"""A real browser, offline: sign in, switch language, search a person, open the timeline."""

from __future__ import annotations

import os
from typing import Any

import pytest

from tests.conftest import PASSWORD

# Playwright's sync API runs an event loop in this thread; the ORM calls made by fixtures are
# still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_in_search_and_timeline_in_french(
    offline_page: Any, live_server: Any, world: Any
) -> None:
    page = offline_page
    page.goto(live_server.url + "/")
    assert "/accounts/login/" in page.url
    page.select_option("#language-select", "fr")
    # Choosing a language submits the form by itself (app.js); its button is for no-script browsers.
    page.wait_for_selector("html[lang=fr]")
    page.fill("#id_username", "caseworker")
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    page.wait_for_selector("dl.figures")
    assert "Personnes enregistrées" in page.content()

    page.click("nav >> text=Personnes")
    page.fill("#id_q", "tesfay haile")
    page.keyboard.press("Enter")
    page.wait_for_selector("table.results")
    assert "1 personne trouvée" in page.inner_text("#results")
    page.click("table.results a")
    page.wait_for_selector("ol.timeline")
    body = page.inner_text("main")
    assert "Érythrée" in body
    # Sensitive details open on request (htmx loads them in place), not on every visit.
    assert "Servitude pour dettes" not in body
    page.click("text=Afficher les détails sensibles")
    page.wait_for_selector("#sensitive-details .sensitive")
    assert "Servitude pour dettes" in page.inner_text("#sensitive-details")
    assert page.outside == []


def test_search_updates_as_you_type_and_works_by_keyboard(
    offline_page: Any, live_server: Any, world: Any
) -> None:
    page = offline_page
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", "registration_officer")
    page.fill("#id_password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_selector("dl.figures")
    page.goto(live_server.url + "/persons/")
    page.type("#id_q", "muhamad", delay=30)
    page.wait_for_selector("table.results")
    assert "Abdelrahman" in page.inner_text("#results")
    assert "q=muhamad" in page.url  # the address follows, so the search can be shared or reloaded
    assert page.outside == []

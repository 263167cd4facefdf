"""The referral flow in a real browser, offline, in Spanish: the caseworker records consent
(seeing its effect first), finds a service for the person's need, proposes and sends the
referral; the provider accepts and completes it from its inbox."""

from __future__ import annotations

import os
from typing import Any

import pytest

from mixflow.protection.models import Referral
from mixflow.protection.vocabulary import ReferralStatus
from tests.conftest import PASSWORD, World
from tests.protection.conftest import Directory

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page: Any, live_server: Any, username: str) -> None:
    page.context.clear_cookies()
    page.goto(live_server.url + "/accounts/login/")
    # Choosing a language submits the form by itself (app.js).
    with page.expect_navigation():
        page.select_option("#language-select", "es")
    page.wait_for_selector("html[lang=es]")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    page.wait_for_selector("dl.figures")


def _record_consent(page: Any, purpose: str, organisation: str | None, effect: str) -> None:
    page.click("text=Registrar o modificar el consentimiento")
    page.select_option("#id_purpose", purpose)
    page.check("input[name=given][value=yes]")
    page.select_option("#id_method", "verbal")
    if organisation:
        page.select_option("#id_organisation", label=organisation)
    page.click("text=Ver el efecto del cambio")
    page.wait_for_selector("text=Si guarda este cambio")
    assert effect in page.inner_text("main")
    page.click("text=Guardar el cambio")
    page.wait_for_selector("text=Consentimiento guardado")


def test_propose_send_accept_complete_in_spanish(
    offline_page: Any, live_server: Any, world: World, directory: Directory
) -> None:
    page = offline_page
    _sign_in(page, live_server, "caseworker")
    person_page = f"{live_server.url}/persons/{world.at_agadez.pk}/"
    page.goto(person_page)
    _record_consent(page, "services", None, "0 derivaciones se detienen")
    _record_consent(
        page, "share_with_organisation", "Clinic Network", "1 organización obtiene acceso"
    )

    page.click("text=Derivar a un servicio")
    page.check("input[name=needs][value=SM]")
    page.click("text=Sugerir servicios")
    page.wait_for_selector("ol.suggestions")
    first = page.locator("ol.suggestions > li").first
    assert "Agadez clinic" in first.inner_text()
    assert "Atiende este sitio" in first.inner_text()
    first.locator("input[name=contact]").fill("+227 90 00 00 02")
    first.locator("input[name=send_now]").check()
    first.locator("button[type=submit]").click()
    page.wait_for_selector("text=La derivación se ha enviado.")
    referral = Referral.objects.get(person=world.at_agadez)
    assert referral.status == ReferralStatus.SENT

    _sign_in(page, live_server, "clinic_staff")
    page.click("nav >> text=Derivaciones recibidas")
    page.click(f"main table a >> text=#{referral.pk}")
    page.wait_for_selector("text=Lo que se comparte con usted")
    shared = page.inner_text("main")
    assert "Tesfaye Haile" in shared
    assert "+227 90 00 00 02" in shared
    page.click("form.answer button:has-text('Aceptar')")
    page.wait_for_selector("text=La derivación se ha aceptado.")
    page.fill("#complete-text", "Consulta realizada")
    page.click("form.answer button:has-text('Marcar como completada')")
    page.wait_for_selector("text=La derivación se ha completado.")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.COMPLETED
    assert referral.feedback == "Consulta realizada"
    # The provider cannot open the person's page.
    answer = page.goto(person_page)
    assert answer is not None
    assert answer.status in (403, 404)
    assert page.outside == []

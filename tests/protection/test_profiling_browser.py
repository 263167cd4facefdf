"""A caseworker confirms a profile flag in a real browser, offline, in French and Spanish."""

from __future__ import annotations

import os
from typing import Any

import pytest

from mixflow.protection.models import ProfileDecision, ProfileFlag
from tests.conftest import PASSWORD

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEBT = {
    "fr": "Obligé(e) de travailler pour rembourser une dette",
    "es": "Obligado/a a trabajar para saldar una deuda",
}
WORDS = {
    "fr": ("Profils indicatifs et besoins", "Enregistrer la décision", "Historique des décisions"),
    "es": (
        "Perfiles indicativos y necesidades",
        "Registrar la decisión",
        "Historial de decisiones",
    ),
}


@pytest.mark.parametrize("language", ["fr", "es"])
def test_a_caseworker_confirms_a_flag_and_sees_who_decided(
    offline_page: Any, live_server: Any, world: Any, language: str
) -> None:
    from mixflow.intake.screening import profile_encounter

    page = offline_page
    # The world's Agadez registration: paid a smuggler, debt bondage, wishes asylum.
    person = world.at_agadez
    profile_encounter(person.encounters.get())
    flag = ProfileFlag.objects.get(person=person, code="trafficking")
    title, record, history = WORDS[language]

    page.goto(live_server.url + "/accounts/login/")
    # Choosing a language submits the form by itself (app.js).
    with page.expect_navigation():
        page.select_option("#language-select", language)
    page.wait_for_selector(f"html[lang={language}]")
    page.fill("#id_username", "caseworker")
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    page.wait_for_selector("dl.figures")

    page.goto(f"{live_server.url}/persons/{person.pk}/")
    section = page.inner_text("#profiles")
    assert title in section
    # The answer behind the flag as the questionnaire asks it, in the page's language.
    assert DEBT[language] in section
    assert "debt_bondage" not in section
    form = page.locator(f"#flag-{flag.pk} form")
    form.locator("input[name=decision][value=confirmed]").check()
    form.locator("input[name=reason]").fill("entretien de suivi")
    form.locator(f"text={record}").click()
    page.wait_for_selector(f"text={history}")
    assert "entretien de suivi" in page.inner_text("#profiles")
    decision = ProfileDecision.objects.get(flag=flag)
    assert decision.decided_by == world.user("caseworker")
    assert page.outside == []

"""An administrator who is not a programmer edits a profiling rule in a real browser, offline,
on a desktop and on a phone, in English, French and Spanish: the mistakes are said beside
their fields in the page's language, the dry run in sentences, then the rule is published; a
caseworker is refused the editor."""

from __future__ import annotations

import json
import os
from typing import Any

import pytest

from mixflow.protection.models import ProfileRuleSet
from tests.conftest import PASSWORD

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EDIT = "/profiles/rules/smuggling.paid/edit/"
#: Per language: the refusal's title, the missing French description's error, the unknown
#: question's error, the dry run's "nothing published" and "one more person" sentences, and
#: the notice after publishing.
WORDS = {
    "en": (
        "Your role does not give access to this page.",
        "Write the description in French",
        "Unknown answer “shoe_size”",
        "Nothing is published yet.",
        "1 more person would be flagged.",
        "The new version is published",
    ),
    "fr": (
        "Votre rôle ne donne pas accès à cette page.",
        "Écrivez la description en français",
        "Réponse inconnue «\u00a0shoe_size\u00a0»",
        "Rien n'est encore publié.",
        "1 personne de plus serait signalée.",
        "La nouvelle version est publiée",
    ),
    "es": (
        "Su rol no da acceso a esta página.",
        "Escriba la descripción en francés",
        "Respuesta desconocida «shoe_size»",
        "Todavía no se ha publicado nada.",
        "1 persona más sería señalada.",
        "La nueva versión está publicada",
    ),
}
SMUGGLER = {
    "en": "Did the person pay a smuggler or facilitator to cross borders?",
    "fr": "La personne a-t-elle payé un passeur ou un intermédiaire pour franchir des frontières",
    "es": "¿Pagó la persona a un traficante o intermediario para cruzar fronteras?",
}
WIDER = {
    "any": [
        {"answer": "used_smuggler", "is": "yes"},
        {"answer": "reasons_for_leaving", "any_of": ["economic"]},
    ]
}


def _sign_in(page: Any, url: str, username: str, language: str) -> None:
    page.context.clear_cookies()
    page.goto(url + "/accounts/login/")
    if language != "en":
        # Choosing a language submits the form by itself (app.js).
        with page.expect_navigation():
            page.select_option("#language-select", language)
    page.wait_for_selector(f"html[lang={language}]")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("button.primary")


def _fits_a_phone(page: Any, name: str) -> None:
    """At 390 px nothing is wider than the screen, and every control has its label."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_function("() => window.matchMedia('(max-width: 40rem)').matches")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    _shoot(page, f"{name}-390")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.wait_for_function("() => !window.matchMedia('(max-width: 40rem)').matches")


def _shoot(page: Any, name: str) -> None:
    shots = os.environ.get("MIXFLOW_SCREENSHOTS")
    if shots:
        page.screenshot(path=f"{shots}/{name}.png", full_page=True)


def _unlabelled(page: Any) -> list[str]:
    return page.evaluate(
        """() => [...document.querySelectorAll('main input, main select, main textarea')]
        .filter(c => c.type !== 'hidden' && c.labels.length === 0 && !c.getAttribute('aria-label'))
        .map(c => c.name)"""
    )


def _error_beside(page: Any, field: str) -> str:
    return page.inner_text(f".field:has(#id_{field}) p.error")


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_an_administrator_corrects_checks_and_publishes_a_rule(
    offline_page: Any, live_server: Any, world: Any, screen: Any, language: str
) -> None:
    page = offline_page
    screen(given_name="Amina", used_smuggler="yes")
    screen(given_name="Chidi", reasons_for_leaving="economic")
    refused, no_french, no_question, unpublished, one_more, published = WORDS[language]

    # A caseworker does not hold the capability: the editor is refused, in the page's words.
    _sign_in(page, live_server.url, "caseworker", language)
    response = page.goto(live_server.url + EDIT)
    assert response.status == 403
    assert refused in page.inner_text("main")
    assert "Amina" not in page.content()

    _sign_in(page, live_server.url, "system_admin", language)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/profiles/rules/")
    # The whole rule set as JSON is for the few who want it: folded away until asked for.
    assert not page.is_visible("#rules")
    _shoot(page, f"rules-{language}-1280")
    _fits_a_phone(page, f"rules-{language}")
    page.click(f"a[href='{EDIT}']")
    page.wait_for_selector("#rule-form")
    assert _unlabelled(page) == []
    _shoot(page, f"rule-{language}-1280")
    _fits_a_phone(page, f"rule-{language}")

    # Two mistakes at once: the French description left out, a question that does not exist.
    page.fill("#id_description_fr", "")
    page.fill("#id_when", '{"answer": "shoe_size", "is": "yes"}')
    with page.expect_navigation() as checked:
        page.click("#rule-form button[value=check]")
    assert checked.value.status == 400
    assert no_french in _error_beside(page, "description_fr")
    beside_condition = _error_beside(page, "when")
    assert no_question in beside_condition
    # Said without the JSON's own words ("when: unknown answer …").
    assert "when" not in beside_condition
    summary = page.inner_text(".error-summary")
    assert no_french in summary
    assert no_question in summary
    assert page.locator(".field p.error").count() == 2
    _shoot(page, f"rule-errors-{language}-1280")
    _fits_a_phone(page, f"rule-errors-{language}")
    # What to write instead is listed beside the condition: each question in the page's
    # language, with its codes.
    page.click("#rule-questions summary")
    questions = page.inner_text("#rule-questions")
    assert SMUGGLER[language] in questions
    _shoot(page, f"rule-questions-{language}-1280")
    _fits_a_phone(page, f"rule-questions-{language}")

    # Corrected, and widened to economic migrants: the dry run says so in a sentence.
    page.fill("#id_description_fr", "A payé un passeur, ou est parti pour travailler.")
    page.fill("#id_when", json.dumps(WIDER))
    page.fill("#id_examples_quiet", '[{"used_smuggler": "no"}]')
    with page.expect_navigation() as checked:
        page.click("#rule-form button[value=check]")
    assert checked.value.status == 200
    assert page.locator("p.error").count() == 0
    dry_run = page.inner_text("#dry-run")
    assert unpublished in dry_run
    assert one_more in dry_run
    assert "smuggled" not in dry_run
    assert not ProfileRuleSet.objects.exists()
    _shoot(page, f"rule-dry-run-{language}-1280")
    _fits_a_phone(page, f"rule-dry-run-{language}")

    # Published from beside the dry run: the form's values are the ones published.
    with page.expect_navigation():
        page.click("#dry-run button[value=publish]")
    assert published in page.inner_text("main")
    version = ProfileRuleSet.objects.get()
    assert version.version == 2
    rule = next(r for r in version.rules["rules"] if r["id"] == "smuggling.paid")
    assert rule["when"] == WIDER
    assert rule["description"]["fr"] == "A payé un passeur, ou est parti pour travailler."
    assert page.outside == []

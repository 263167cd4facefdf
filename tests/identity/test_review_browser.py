"""The review queue in a real browser, offline, in French and in Spanish: compare, decide, undo."""

from __future__ import annotations

import os
from typing import Any

import pytest

from mixflow.identity.models import Person
from tests.conftest import PASSWORD
from tests.identity.conftest import suggest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = {
    "fr": (
        "Doublons",
        "Enregistrer la décision",
        "Décision enregistrée",
        "La décision a été annulée",
    ),
    "es": (
        "Duplicados",
        "Registrar la decisión",
        "Decisión registrada",
        "La decisión se ha anulado",
    ),
}
#: The "same person" label, a plain finding and the preview of a merge, in each language.
PLAIN = {
    "fr": ("Même personne", "un nom en commun", "deviennent une seule personne"),
    "es": ("Misma persona", "un nombre en común", "pasan a ser una sola persona"),
}


@pytest.mark.parametrize("language", ["fr", "es"])
def test_a_reviewer_links_a_pair_and_undoes_it(
    offline_page: Any, live_server: Any, world: Any, language: str
) -> None:
    page = offline_page
    suggest(world.at_agadez, world.at_tripoli)
    nav, record, recorded, undone = WORDS[language]
    page.goto(live_server.url + "/accounts/login/")
    page.select_option("#language-select", language)
    # Choosing a language submits the form by itself (app.js); its button is for no-script browsers.
    page.wait_for_selector(f"html[lang={language}]")
    page.fill("#id_username", "caseworker")
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    page.wait_for_selector("dl.figures")

    page.click(f"nav >> text={nav}")
    page.click("main table a, main li a >> nth=0")
    page.wait_for_selector("form.decide")
    comparison = page.inner_text("main")
    assert "Tesfaye" in comparison
    assert "Mohammed" in comparison
    same, finding, preview = PLAIN[language]
    assert finding in comparison
    assert preview in comparison
    assert "one name in common" not in comparison
    # On a phone the comparison stacks into cards, each row's heading across its card: held
    # to the desktop's 30% it broke French words in the middle ("Enregistrem-ent").
    page.set_viewport_size({"width": 390, "height": 844})
    # The cards need the page's script (it marks the table "stacked" once the page has
    # loaded) and the new size: measured before either, a CI run saw the desktop's layout.
    page.wait_for_selector("table.compare.stacked", state="attached")
    page.wait_for_function("() => window.matchMedia('(max-width: 40rem)').matches")
    narrow = page.evaluate(
        """() => [...document.querySelectorAll('table.compare tbody th[scope=row]')]
        .filter(th => th.getBoundingClientRect().width
                < th.parentElement.getBoundingClientRect().width - 40).length"""
    )
    assert narrow == 0
    page.set_viewport_size({"width": 1280, "height": 720})
    page.wait_for_function("() => !window.matchMedia('(max-width: 40rem)').matches")
    shots = os.environ.get("MIXFLOW_SCREENSHOTS")
    if shots:
        page.screenshot(path=f"{shots}/review-{language}.png", full_page=True)
    # The words are the radio's label: clicking them chooses the answer.
    page.click(f"form.decide label:has-text('{same}')")
    assert page.is_checked("input[name=verdict][value=same]")
    page.fill("textarea[name=reason], input[name=reason]", "même photo")
    page.click(f"text={record}")
    page.wait_for_selector(f"text={recorded}")
    a, b = (Person.objects.get(pk=p.pk) for p in (world.at_agadez, world.at_tripoli))
    assert a.identity_id == b.identity_id

    page.goto(live_server.url + "/identity/decisions/")
    page.click("form.undo button")
    page.wait_for_selector(f"text={undone}")
    a, b = (Person.objects.get(pk=p.pk) for p in (world.at_agadez, world.at_tripoli))
    assert a.identity_id != b.identity_id
    assert page.outside == []

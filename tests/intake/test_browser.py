"""In a real browser, offline: a new user uploads an XLSForm, fills it in French (questions
appear as they become relevant, without a reload) and finds the encounter on the timeline."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from mixflow.accounts.actions import create_or_update_user
from mixflow.core.roles import Role
from tests.conftest import PASSWORD, SETUP
from tests.intake.builders import registration_form

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_upload_fill_in_french_and_see_the_timeline(
    offline_page: Any, live_server: Any, world: Any, tmp_path: Path
) -> None:
    form_file = _officer_and_form(world, tmp_path, username="newcomer")
    page = offline_page
    page.goto(live_server.url + "/accounts/login/")
    page.select_option("#language-select", "fr")
    # Choosing a language submits the form by itself (app.js); its button is for no-script browsers.
    page.wait_for_selector("html[lang=fr]")
    page.fill("#id_username", "newcomer")
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    page.wait_for_selector("dl.figures")

    page.click("nav a[href$='/questionnaires/']")
    page.click("a[href$='/questionnaires/upload/']")
    page.set_input_files("#id_file", str(form_file))
    page.click("main button.primary")
    page.wait_for_selector("table.results")
    page.click("a[href$='/fill/']")
    page.wait_for_selector("form.questionnaire")
    assert "Prénom" in page.inner_text("main")

    cost = page.locator("[data-path=cost]")
    assert cost.is_hidden()
    page.check("input[name=smuggler][value=yes]")
    cost.wait_for(state="visible")  # relevance from the server, no reload
    page.check("input[name=smuggler][value=no]")
    cost.wait_for(state="hidden")

    page.fill("#f-given", "Aminata")
    page.fill("#f-family", "Traoré")
    page.check("input[name=sex][value=female]")
    page.fill("#f-born", "2000-04-05")
    page.fill("#f-nationality", "MLI")
    page.fill("#f-members-0-m_given", "Fatou")
    page.check("input[name=members-0-m_rel][value=child]")
    page.click("form.questionnaire button.primary")
    page.wait_for_load_state()
    if page.locator("section.candidates").count():
        page.check("input[name=_identity][value=new]")
        page.click("form.questionnaire button.primary")
    page.wait_for_selector("ol.timeline")
    body = page.inner_text("main")
    assert "Aminata" in body
    assert "Agadez bus station" in body
    assert page.outside == []


def test_an_answer_given_before_the_script_loaded_still_shows_its_questions(
    offline_page: Any, live_server: Any, world: Any, tmp_path: Path
) -> None:
    """On a slow connection the deferred script arrives after the user's first answer: the
    answer's change event went unheard, so the script asks the server once it starts."""
    page = offline_page
    _log_in_and_upload(page, live_server, world, tmp_path, username="slowlink")
    fill_url = page.locator("a[href$='/fill/']").first.get_attribute("href")

    held: list[Any] = []
    page.route("**/questionnaire.js*", lambda route: held.append(route))
    # DOMContentLoaded waits for deferred scripts: the held one would hold the page too.
    page.goto(live_server.url + fill_url, wait_until="commit")
    page.wait_for_selector("form.questionnaire")
    cost = page.locator("[data-path=cost]")
    assert cost.is_hidden()
    page.check("input[name=smuggler][value=yes]")
    page.wait_for_timeout(400)  # longer than the script's pause before it asks
    assert cost.is_hidden()  # nobody was listening yet
    assert held, "the script was not requested"
    held[0].continue_()
    cost.wait_for(state="visible")


def test_a_late_reply_about_an_earlier_answer_is_not_applied(
    offline_page: Any, live_server: Any, world: Any, tmp_path: Path
) -> None:
    """Yes then No on a slow link: the reply about "yes" arriving after the one about "no"
    must not show the question "no" hid."""
    page = offline_page
    _log_in_and_upload(page, live_server, world, tmp_path, username="latereply")
    page.click("a[href$='/fill/']")
    page.wait_for_load_state()
    cost = page.locator("[data-path=cost]")

    first: list[Any] = []

    def hold_the_first(route: Any) -> None:
        if first:
            route.continue_()
        else:
            first.append(route)

    page.route("**/relevance/", hold_the_first)
    with page.expect_request("**/relevance/"):
        page.check("input[name=smuggler][value=yes]")
    with page.expect_response("**/relevance/"):
        page.check("input[name=smuggler][value=no]")
    assert cost.is_hidden()
    with page.expect_response("**/relevance/"):
        first[0].continue_()
    page.wait_for_timeout(200)
    assert cost.is_hidden()


def _officer_and_form(world: Any, tmp_path: Path, *, username: str) -> Path:
    """A registration officer who may upload forms, and the XLSForm file to upload."""
    create_or_update_user(
        username=username,
        organisation=world.home,
        password=PASSWORD,
        roles=[Role.ORG_ADMIN, Role.REGISTRATION_OFFICER],
        limited_to=[world.agadez],
        actor=SETUP,
    )
    form_file = tmp_path / "registration.xlsx"
    form_file.write_bytes(registration_form())
    return form_file


def _log_in_and_upload(
    page: Any, live_server: Any, world: Any, tmp_path: Path, *, username: str
) -> None:
    form_file = _officer_and_form(world, tmp_path, username=username)
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    page.wait_for_selector("dl.figures")
    page.goto(live_server.url + "/questionnaires/upload/")
    page.set_input_files("#id_file", str(form_file))
    page.click("main button.primary")
    page.wait_for_selector("table.results")

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


@pytest.fixture
def offline_page(page: Any, live_server: Any) -> Any:
    page.outside = []

    def only_local(route: Any) -> None:
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            page.outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_local)
    return page


def test_upload_fill_in_french_and_see_the_timeline(
    offline_page: Any, live_server: Any, world: Any, tmp_path: Path
) -> None:
    create_or_update_user(
        username="newcomer",
        organisation=world.home,
        password=PASSWORD,
        roles=[Role.ORG_ADMIN, Role.REGISTRATION_OFFICER],
        limited_to=[world.agadez],
        actor=SETUP,
    )
    form_file = tmp_path / "registration.xlsx"
    form_file.write_bytes(registration_form())
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

"""The design system in a real browser: every page each role reaches from its home page is
axe-clean (no serious or critical WCAG 2.1 A/AA violation) and fits a 360-px phone without
sideways scrolling; the phone header collapses; the language switch and the keyboard work."""

from __future__ import annotations

import os
import re
from typing import Any

import pytest

from mixflow.accounts.actions import create_or_update_user
from mixflow.core.actors import SystemActor
from mixflow.core.roles import Role
from mixflow.intake.actions import install_default_questionnaires
from tests.conftest import PASSWORD
from tests.web.ui_walk import axe_violations, links_on, sideways_overflow, sign_in, small_targets

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.markup, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
MOST_PAGES = 40
ADMIN_PAGES = 4


def _pattern(path: str) -> str:
    """One page per shape of address: /persons/12/ and /persons/13/ are the same page."""
    return re.sub(r"\d+", "N", path.split("?")[0])


def _walk(page: Any, base: str, start: list[str]) -> dict[str, dict[str, Any]]:
    """Every page reachable by links from ``start`` (one per shape), with what was wrong."""
    seen: set[str] = set()
    queue = list(start)
    report: dict[str, dict[str, Any]] = {}
    admin = 0
    while queue and len(report) < MOST_PAGES:
        path = queue.pop(0)
        shape = _pattern(path)
        if shape in seen:
            continue
        seen.add(shape)
        if path.startswith("/admin/"):
            if admin >= ADMIN_PAGES:
                continue
            admin += 1
        response = page.goto(base + path)
        assert response is not None
        problems: dict[str, Any] = {"status": response.status}
        problems["axe"] = axe_violations(page)
        problems["overflow"] = sideways_overflow(page)
        if not path.startswith("/admin/"):
            problems["small"] = small_targets(page)
        report[path] = problems
        queue.extend(link for link in links_on(page, base) if _pattern(link) not in seen)
    return report


@pytest.mark.parametrize("role", [role.value for role in Role])
def test_every_page_of_a_role_is_accessible_and_fits_a_phone(
    offline_page: Any, live_server: Any, world: Any, role: str
) -> None:
    page = offline_page
    page.set_viewport_size(PHONE)
    install_default_questionnaires(actor=world.user(Role.ORG_ADMIN), organisation=world.home)
    sign_in(page, live_server.url, role, PASSWORD)
    # Search results and a person's page are reached through a search: start there too.
    start = ["/", "/persons/?q=haile", f"/persons/{world.at_agadez.pk}/"]
    report = _walk(page, live_server.url, start)
    assert len(report) >= 3, report  # home, questionnaires, sites at least
    failures = {
        path: found
        for path, found in report.items()
        if found["status"] >= 500 or found["axe"] or found["overflow"] or found.get("small")
    }
    assert failures == {}, failures


def test_axe_finds_what_it_must(offline_page: Any, live_server: Any, world: Any) -> None:
    """The check can fail: an unlabelled field added to a clean page is reported."""
    page = offline_page
    page.goto(live_server.url + "/accounts/login/")
    assert axe_violations(page) == []
    page.evaluate(
        "() => { const i = document.createElement('input'); i.type = 'text';"
        " document.querySelector('main').appendChild(i); }"
    )
    assert any(v.startswith("label (critical)") for v in axe_violations(page))
    page.evaluate(
        "() => { const d = document.createElement('div'); d.style.width = '2000px';"
        " d.textContent = 'wide'; document.querySelector('main').appendChild(d); }"
    )
    assert sideways_overflow(page) != ""


def test_the_sign_in_page_and_a_refusal_are_accessible(
    offline_page: Any, live_server: Any, world: Any
) -> None:
    page = offline_page
    for size in (PHONE, DESKTOP):
        page.set_viewport_size(size)
        page.goto(live_server.url + "/accounts/login/")
        assert axe_violations(page) == []
        assert sideways_overflow(page) == ""
    sign_in(page, live_server.url, "service_provider", PASSWORD)
    response = page.goto(live_server.url + "/persons/")
    assert response is not None
    assert response.status == 403
    text = page.inner_text("main")
    assert "see the records of registered persons" in text.lower()
    assert "Registration officer" in text  # who holds it
    assert axe_violations(page) == []


def test_the_phone_header_collapses_and_opens_by_keyboard(
    offline_page: Any, live_server: Any, world: Any
) -> None:
    page = offline_page
    page.set_viewport_size(PHONE)
    sign_in(page, live_server.url, "registration_officer", PASSWORD)
    header = page.locator("header.top").bounding_box()
    assert header is not None
    assert header["height"] <= 80
    assert not page.is_visible("#main-nav")
    page.focus(".menu-toggle")
    page.keyboard.press("Enter")
    assert page.is_visible("#main-nav")
    assert page.get_attribute(".menu-toggle", "aria-expanded") == "true"
    # Desktop: the menu is always shown and the toggle is not.
    page.set_viewport_size(DESKTOP)
    # The new size applies after the call returns (see test_review_browser): wait for it.
    page.wait_for_function("() => !window.matchMedia('(max-width: 47.99rem)').matches")
    assert page.is_visible("#main-nav a[href='/persons/']")
    assert not page.is_visible(".menu-toggle")


def test_choosing_a_language_switches_without_a_button(
    offline_page: Any, live_server: Any, world: Any
) -> None:
    page = offline_page
    page.goto(live_server.url + "/accounts/login/")
    assert not page.is_visible("form.language button")
    page.select_option("#language-select", "es")
    page.wait_for_selector("html[lang=es]")
    create_or_update_user(
        actor=SystemActor("tests"),
        username="registration_officer",
        organisation=world.home,
        password=PASSWORD,
        roles=[Role.REGISTRATION_OFFICER],
        first_name="Registration officer",
    )
    sign_in(page, live_server.url, "registration_officer", PASSWORD)
    # The demo's first name is the role's English name: the greeting translates it.
    assert page.inner_text("h1") == "Bienvenido/a, Oficial de registro"


def test_without_scripts_the_menu_and_the_language_button_are_there(
    browser: Any, live_server: Any, world: Any
) -> None:
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/")
    assert page.is_visible("form.language button")
    page.fill("#id_username", "registration_officer")
    page.fill("#id_password", PASSWORD)
    page.click("main button")
    page.wait_for_selector("main h1")
    assert page.is_visible("#main-nav a[href='/persons/']")
    assert sideways_overflow(page) == ""
    context.close()


def test_search_results_are_labelled_cards_on_a_phone(
    offline_page: Any, live_server: Any, world: Any
) -> None:
    page = offline_page
    page.set_viewport_size(PHONE)
    sign_in(page, live_server.url, "registration_officer", PASSWORD)
    page.goto(live_server.url + "/persons/?q=haile")
    page.wait_for_selector("table.results td")
    first = page.locator("table.results tbody td").first
    assert first.get_attribute("data-label")
    label = first.evaluate("e => getComputedStyle(e, '::before').content")
    assert label.strip('"') == first.get_attribute("data-label")
    assert sideways_overflow(page) == ""


def test_the_registration_form_goes_step_by_step_with_filterable_lists(
    offline_page: Any, live_server: Any, world: Any
) -> None:
    from mixflow.intake.queries import questionnaires_for

    install_default_questionnaires(actor=world.user(Role.ORG_ADMIN), organisation=world.home)
    registration = next(
        q.pk
        for q in questionnaires_for(world.user(Role.ORG_ADMIN))
        if q.form_id == "registration_screening"
    )
    page = offline_page
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/accounts/login/")
    page.select_option("#language-select", "es")
    page.wait_for_selector("html[lang=es]")
    sign_in(page, live_server.url, "registration_officer", PASSWORD)
    page.goto(f"{live_server.url}/questionnaires/{registration}/fill/")
    progress = page.locator(".steps-progress")
    assert progress.inner_text().startswith("Paso 1 de ")
    assert not page.is_visible("p.save button")
    page.click("text=Siguiente")
    assert progress.inner_text().startswith("Paso 2 de ")
    assert sideways_overflow(page) == ""
    assert axe_violations(page) == []
    # Every long list has a filter box; typing narrows the list to what matches.
    filter_box = page.locator(".combo-filter input").first
    assert filter_box.count() == 1
    filter_box.evaluate("e => e.closest('fieldset').classList.remove('step-hidden')")
    filter_box.fill("eritr")
    shown = filter_box.evaluate(
        """e => {
            const list = e.parentNode.nextElementSibling;
            return list.tagName === 'SELECT'
                ? [...list.options].filter(o => !o.hidden && o.value).length
                : [...list.children].filter(row => !row.hidden).length;
        }"""
    )
    assert shown == 1

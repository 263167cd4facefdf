"""Each role's main task, end to end in a real browser on a 390-px phone, in French or
Spanish, axe-clean at every step (issue 12, "done means")."""

from __future__ import annotations

import os
from typing import Any

import pytest

from mixflow.core.roles import Role
from mixflow.identity.models import Person
from mixflow.intake.actions import install_default_questionnaires
from mixflow.intake.models import FlowCount, Questionnaire
from tests.conftest import PASSWORD
from tests.web.ui_walk import axe_violations, sideways_overflow, sign_in

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}

SET_ANSWERS = """answers => {
    for (const [name, value] of Object.entries(answers)) {
        for (const field of document.querySelectorAll(`[name="${name}"]`)) {
            if (field.type === 'radio' || field.type === 'checkbox') {
                field.checked = field.value === value;
            } else {
                field.value = value;
            }
            field.dispatchEvent(new Event('change', {bubbles: true}));
        }
    }
}"""


def _clean(page: Any) -> None:
    assert axe_violations(page) == [], page.url
    assert sideways_overflow(page) == "", page.url


def _fill_and_save(page: Any, answers: dict[str, str]) -> None:
    """Answer, then go through the steps with "Next" as a person would, and save."""
    page.evaluate(SET_ANSWERS, answers)
    save = page.locator("p.save button.primary")
    for _step in range(40):
        if save.is_visible():
            break
        page.locator(".steps-nav button.primary, nav button.primary").first.click()
    _clean(page)
    save.click()
    page.wait_for_load_state()


def _questionnaire(world: Any, form_id: str) -> int:
    return Questionnaire.objects.get(organisation=world.home, form_id=form_id).pk


def _enumerator(page: Any, base: str, world: Any) -> None:
    registry = _questionnaire(world, "flow_monitoring_registry")
    page.goto(f"{base}/questionnaires/{registry}/fill/")
    _clean(page)
    counts = dict.fromkeys(("boys", "girls", "unaccompanied_children", "pregnant_women"), "0")
    counts |= {"older_persons": "0", "persons_with_disability": "0"}
    _fill_and_save(
        page,
        {
            "site": "NER-AGZ-BUS",
            "observed_time": "08:30",
            "direction": "incoming",
            "group_size": "2",
            "men": "1",
            "women": "1",
            "nationality": "NGA",
            **counts,
        },
    )
    assert FlowCount.objects.filter(site=world.agadez).count() == 1, page.inner_text("main")
    assert "Enregistré" in page.inner_text("main")


def _registration_officer(page: Any, base: str, world: Any) -> None:
    registration = _questionnaire(world, "registration_screening")
    page.goto(f"{base}/questionnaires/{registration}/fill/")
    _clean(page)
    consents = {
        "consent_services": "yes",
        "consent_statistics": "yes",
        "consent_family_tracing": "no",
        "consent_share": "no",
        "consent_withhold": "no",
        "consent_method": "verbal",
    }
    _fill_and_save(
        page,
        {
            **consents,
            "site": "NER-AGZ-BUS",
            "given_name": "Mariama",
            "family_name": "Keïta",
            "sex": "female",
            "dob_precision": "year",
            "date_of_birth": "1996-01-01",
            "nationality": "MLI",
            "has_document": "no",
            "with_others": "no",
            "members-count": "0",
            "reasons_for_leaving": "economic",
            "under_18": "no",
        },
    )
    if page.locator("input[name=_identity]").count():
        page.check("input[name=_identity][value=new]")
        _clean(page)
        page.locator("p.save button.primary").click()
        page.wait_for_load_state()
    person = Person.objects.filter(given_name="Mariama").first()
    assert person is not None, page.inner_text("main")
    assert f"/persons/{person.pk}/" in page.url
    _clean(page)


def _opens(path: str, heading: str) -> Any:
    def task(page: Any, base: str, world: Any) -> None:
        page.goto(base + "/")
        _clean(page)
        page.goto(base + path)
        assert heading in page.inner_text("main h1")
        _clean(page)

    return task


TASKS = {
    # role: (language, task)
    Role.ENUMERATOR: ("fr", _enumerator),
    Role.REGISTRATION_OFFICER: ("es", _registration_officer),
    Role.CASEWORKER: ("fr", _opens("/cases/mine/", "Mon travail")),
    Role.SERVICE_PROVIDER: ("es", _opens("/inbox/", "Derivaciones recibidas")),
    Role.ANALYST: ("fr", _opens("/flows/", "Tableau de bord des flux")),
    Role.ORG_ADMIN: ("es", _opens("/accounts/users/", "Usuarios")),
}


@pytest.mark.parametrize("role", list(TASKS), ids=[str(r) for r in TASKS])
def test_each_roles_main_task_on_a_phone_in_its_language(
    page: Any, live_server: Any, world: Any, role: Role
) -> None:
    language, task = TASKS[role]
    install_default_questionnaires(actor=world.user(Role.ORG_ADMIN), organisation=world.home)
    page.route(
        "**/*",
        lambda route: (
            route.continue_() if route.request.url.startswith(live_server.url) else route.abort()
        ),
    )
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/accounts/login/")
    page.select_option("#language-select", language)
    page.wait_for_selector(f"html[lang={language}]")
    sign_in(page, live_server.url, str(role), PASSWORD)
    task(page, live_server.url, world)
    assert page.locator("html").get_attribute("lang") == language

"""A child's best-interests case in a real browser, offline, in French and in Spanish:
open it from the person page, assess, record the assessment (BIA) then the determination
(BID), close it with a reason."""

from __future__ import annotations

import os
from typing import Any

import pytest

from mixflow.core.roles import Role
from mixflow.identity.actions import PersonDetails, register_person
from mixflow.protection.case_vocabulary import CaseStatus, ClosureReason, StepStatus
from mixflow.protection.models import BestInterestsStep, Case
from tests.conftest import DAY, PASSWORD

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = {
    "fr": {
        "open": "Ouvrir un dossier",
        "opened": "Dossier ouvert.",
        "assess": "Enregistrer une évaluation",
        "save_assessment": "Enregistrer l'évaluation",
        "step": "Enregistrer une étape de l'intérêt supérieur",
        "save_step": "Enregistrer l'étape",
        "recorded": "Étape de l'intérêt supérieur enregistrée.",
        "bid_todo": "Détermination de l'intérêt supérieur (DIS) — À faire",
        "close": "Clore le dossier",
        "closed": "Dossier clos.",
    },
    "es": {
        "open": "Abrir un caso",
        "opened": "Caso abierto.",
        "assess": "Registrar una evaluación",
        "save_assessment": "Guardar la evaluación",
        "step": "Registrar un paso del interés superior",
        "save_step": "Registrar el paso",
        "recorded": "Paso del interés superior registrado.",
        "bid_todo": "Determinación del interés superior (DIS) — Por hacer",
        "close": "Cerrar el caso",
        "closed": "Caso cerrado.",
    },
}


@pytest.mark.parametrize("language", ["fr", "es"])
def test_a_childs_best_interests_case_from_opening_to_closing(
    offline_page: Any, live_server: Any, world: Any, language: str, tmp_path: Any, monkeypatch: Any
) -> None:
    monkeypatch.setenv("MIXFLOW_DATA_DIR", str(tmp_path / "data"))
    page = offline_page
    child = register_person(
        actor=world.user(Role.REGISTRATION_OFFICER),
        organisation=world.home,
        site=world.agadez,
        registered_on=DAY,
        details=PersonDetails(
            given_name="Awa", family_name="Traoré", sex="female", date_of_birth="2011"
        ),
    )
    w = WORDS[language]
    page.goto(live_server.url + "/accounts/login/")
    # Choosing a language submits the form by itself (app.js).
    with page.expect_navigation():
        page.select_option("#language-select", language)
    page.wait_for_selector(f"html[lang={language}]")
    page.fill("#id_username", "caseworker")
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    page.wait_for_selector("dl.figures")

    # Open from the person page: a possible child, so a child's case is proposed.
    page.goto(f"{live_server.url}/persons/{child.pk}/")
    assert page.input_value("form.open-case select[name=kind]") == "child"
    page.select_option("form.open-case select[name=child_situation]", "unaccompanied")
    page.click(f"form.open-case button >> text={w['open']}")
    page.wait_for_selector(f"text={w['opened']}")
    case = Case.objects.get(person=child)
    assert BestInterestsStep.objects.get(case=case).status == StepStatus.PROPOSED

    page.click(f"summary >> text={w['assess']}")
    page.select_option("#assessment-risk_level", "high")
    page.fill("#assessment-summary", "Seule depuis Agadez, sans nouvelles de sa mère")
    page.click(f"button >> text={w['save_assessment']}")
    page.wait_for_selector("article.assessment")

    # The assessment (BIA) first: the form proposes it.
    page.click(f"summary >> text={w['step']}")
    assert page.input_value("#step-step") == "bia"
    page.fill("#step-findings", "Souhaite rejoindre sa mère")
    page.fill("#step-recommendation", "Recherche familiale, puis détermination")
    page.check("#step-determination_needed")
    page.click(f"button >> text={w['save_step']}")
    page.wait_for_selector(f"text={w['recorded']}")
    assert w["bid_todo"] in page.inner_text("section.best-interests")

    # Then the determination (BID), which the form now proposes.
    page.click(f"summary >> text={w['step']}")
    assert page.input_value("#step-step") == "bid"
    page.fill("#step-findings", "Mère retrouvée à Bamako")
    page.fill("#step-recommendation", "Réunification familiale")
    page.click(f"button >> text={w['save_step']}")
    page.wait_for_selector(f"text={w['recorded']}")
    steps = dict(BestInterestsStep.objects.filter(case=case).values_list("step", "status"))
    assert steps == {"bia": StepStatus.DONE, "bid": StepStatus.DONE}

    page.select_option("#close-reason", ClosureReason.DURABLE_SOLUTION)
    page.click(f"section button >> text={w['close']}")
    page.wait_for_selector(f"text={w['closed']}")
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert case.closure_reason == ClosureReason.DURABLE_SOLUTION
    assert case.assessments.get().risk_level == "high"
    assert page.outside == []

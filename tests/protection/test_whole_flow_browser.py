"""Issue 9's whole flow in a real browser, offline, in French: a boy screened alone is flagged,
the caseworker confirms the flag, refers him to the service it suggests and sends the
referral; the provider accepts and completes it from its inbox; the caseworker closes it and
opens his child's case, which proposes the best-interests assessment. (The consent page and
the best-interests steps have their own browser tests, in Spanish and in both languages.)"""

from __future__ import annotations

import os
from typing import Any

import pytest

from mixflow.protection.models import BestInterestsStep, Case, ProfileFlag, Referral
from mixflow.protection.vocabulary import ReferralStatus
from tests.conftest import PASSWORD, World
from tests.protection.conftest import Directory, consent_to_services
from tests.protection.test_vignettes import VIGNETTES

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page: Any, live_server: Any, username: str) -> None:
    page.context.clear_cookies()
    page.goto(live_server.url + "/accounts/login/")
    # Choosing a language submits the form by itself (app.js).
    with page.expect_navigation():
        page.select_option("#language-select", "fr")
    page.wait_for_selector("html[lang=fr]")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    page.wait_for_selector("dl.figures")


def test_screen_flag_confirm_refer_accept_complete_close_and_a_childs_case_in_french(
    offline_page: Any, live_server: Any, world: World, directory: Directory, screen: Any
) -> None:
    page = offline_page
    submission = screen(given_name="Idriss", **VIGNETTES["boy_alone_smuggled_unpaid_work"].answers)
    person = submission.person
    consent_to_services(world, person, share_with=directory.clinic)
    flag = ProfileFlag.objects.get(person=person, code="unaccompanied_separated_child")

    _sign_in(page, live_server, "caseworker")
    person_page = f"{live_server.url}/persons/{person.pk}/"
    page.goto(person_page)
    assert "Profils indicatifs et besoins" in page.inner_text("#profiles")
    form = page.locator(f"#flag-{flag.pk} form")
    form.locator("input[name=decision][value=confirmed]").check()
    form.locator("input[name=reason]").fill("Vu seul au poste")
    form.locator("text=Enregistrer la décision").click()
    page.wait_for_selector("text=Historique des décisions")
    flag.refresh_from_db()
    assert flag.status == ProfileFlag.Status.CONFIRMED

    # The confirmed need is ticked and its services suggested.
    page.click("text=Orienter vers un service")
    page.wait_for_selector("ol.suggestions")
    assert page.is_checked("input[name=needs][value=uasc]")
    desk = page.locator("ol.suggestions > li", has_text="Child protection desk")
    desk.locator("input[name=contact]").fill("+227 90 00 00 03")
    desk.locator("input[name=send_now]").check()
    desk.locator("button[type=submit]").click()
    page.wait_for_selector("text=L'orientation est envoyée.")
    referral = Referral.objects.get(person=person)
    assert referral.status == ReferralStatus.SENT

    _sign_in(page, live_server, "clinic_staff")
    page.click("nav >> text=Orientations reçues")
    page.click(f"main table a >> text=#{referral.pk}")
    page.wait_for_selector("text=Ce qui est partagé avec vous")
    page.click("form.answer button:has-text('Accepter')")
    page.wait_for_selector("text=L'orientation est acceptée.")
    page.fill("#complete-text", "Placé en famille d'accueil")
    page.click("form.answer button:has-text('Marquer comme terminée')")
    page.wait_for_selector("text=L'orientation est terminée.")

    _sign_in(page, live_server, "caseworker")
    page.goto(f"{live_server.url}/referrals/{referral.pk}/")
    page.fill("#close-reason", "Besoin satisfait")
    page.click("button >> text=Clôturer l'orientation")
    page.wait_for_selector("text=L'orientation est clôturée.")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.CLOSED
    assert referral.feedback == "Placé en famille d'accueil"

    page.goto(person_page)
    assert page.input_value("form.open-case select[name=kind]") == "child"
    page.select_option("form.open-case select[name=child_situation]", "unaccompanied")
    page.click("form.open-case button >> text=Ouvrir un dossier")
    page.wait_for_selector("text=Dossier ouvert.")
    case = Case.objects.get(person=person)
    assert BestInterestsStep.objects.get(case=case).step == "bia"
    assert "Évaluation de l'intérêt supérieur (EIS)" in page.inner_text("main")
    assert page.outside == []

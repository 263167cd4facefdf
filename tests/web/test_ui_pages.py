"""Pages of the interface work, through the test client: refusals that explain, each role's
home, native date values, the registry opened from a site, import templates, the admin's look."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from openpyxl import load_workbook

from mixflow.core.roles import Role
from mixflow.intake.actions import install_default_questionnaires
from mixflow.intake.queries import questionnaires_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def forms(world: Any) -> dict[str, int]:
    install_default_questionnaires(actor=world.user(Role.ORG_ADMIN), organisation=world.home)
    return {q.form_id: q.pk for q in questionnaires_for(world.user(Role.ORG_ADMIN))}


def test_a_refused_page_names_the_capability_and_the_roles_holding_it(
    login: Any, world: Any
) -> None:
    client = login(world.user(Role.SERVICE_PROVIDER))
    response = client.get("/persons/")
    assert response.status_code == 403
    text = response.content.decode()
    assert "See the records of registered persons" in text
    assert "Registration officer" in text
    assert "Protection officer / caseworker" in text
    assert "Enumerator" not in text.split("Roles that may:")[1]


def test_a_registration_officer_opening_the_registry_is_told_why_not_404(
    login: Any, world: Any, forms: dict[str, int]
) -> None:
    client = login(world.user(Role.REGISTRATION_OFFICER))
    listing = client.get("/questionnaires/").content.decode()
    assert "Filled by people who may record flow monitoring counts." in listing
    response = client.get(f"/questionnaires/{forms['flow_monitoring_registry']}/fill/")
    assert response.status_code == 403
    assert "Record flow monitoring counts" in response.content.decode()


def test_dates_reach_the_native_input_in_iso_format_in_every_language(
    login: Any, world: Any, forms: dict[str, int]
) -> None:
    client = login(world.user(Role.ENUMERATOR))
    for language in ("en", "fr", "es"):
        client.cookies["django_language"] = language
        page = client.get(f"/questionnaires/{forms['flow_monitoring_registry']}/fill/")
        value = re.search(
            r'type="date" id="f-observed_on"[^>]* value="([^"]*)"', page.content.decode()
        )
        assert value is not None
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.group(1)), (language, value.group(1))
        # The time of observation is a clock, not free text.
        assert 'type="time" id="f-observed_time"' in page.content.decode()


def test_the_registry_opened_from_a_site_has_the_site_and_point_filled(
    login: Any, world: Any, forms: dict[str, int]
) -> None:
    client = login(world.user(Role.ENUMERATOR))
    site_page = client.get(f"/sites/{world.agadez.pk}/").content.decode()
    link = f"/questionnaires/{forms['flow_monitoring_registry']}/fill/?site={world.agadez.pk}"
    assert link in site_page.replace("&amp;", "&")
    form = client.get(link).content.decode()
    assert re.search(rf'<option value="{world.agadez.pk}"\s+selected', form)
    assert 'value="NER-AGZ-BUS"' in form
    # A site outside the user's list is ignored, never trusted.
    other = client.get(link.replace(str(world.agadez.pk), "999999")).content.decode()
    assert 'id="f-site" name="site" value=""' in other.replace(' aria-describedby="site-hint"', "")


def test_each_role_home_shows_its_own_work(login: Any, world: Any) -> None:
    enumerator = login(world.user(Role.ENUMERATOR)).get("/").content.decode()
    assert "Your flow counts" in enumerator
    assert "Fill in a questionnaire" in enumerator
    admin = login(world.user(Role.ORG_ADMIN)).get("/").content.decode()
    assert "/accounts/users/" in admin
    assert "Upload XLSForms and new versions." in admin
    provider = login(world.user(Role.SERVICE_PROVIDER)).get("/").content.decode()
    assert "Fill in a questionnaire" not in provider


def test_the_greeting_translates_a_role_name(client: Any, world: Any) -> None:
    from mixflow.accounts.actions import create_or_update_user
    from mixflow.core.actors import SystemActor

    user = create_or_update_user(
        actor=SystemActor("tests"),
        username="registration_officer",
        organisation=world.home,
        password="unused-password-123",
        roles=[Role.REGISTRATION_OFFICER],
        first_name="Registration officer",
    )
    client.force_login(user)
    client.cookies["django_language"] = "es"
    assert "Bienvenido/a, Oficial de registro" in client.get("/").content.decode()


def test_import_page_lists_expected_columns_and_offers_templates(
    login: Any, world: Any, forms: dict[str, int]
) -> None:
    client = login(world.user(Role.ANALYST))
    page = client.get("/imports/new/").content.decode()
    registry = forms["flow_monitoring_registry"]
    assert f"/imports/template/{registry}/csv/" in page
    assert "observed_on" in page
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(f"/imports/template/{registry}/csv/").content.decode("utf-8-sig")
            )
        )
    )
    assert "observed_on" in rows[0]
    assert "observed_at" not in rows[0]  # calculated by the form, never a column to fill
    example = dict(zip(rows[0], rows[1], strict=True))
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", example["observed_on"])
    assert example["observed_time"] == "14:30"
    book = load_workbook(io.BytesIO(client.get(f"/imports/template/{registry}/xlsx/").content))
    sheet = book.active
    assert [c.value for c in sheet[1]] == rows[0]
    # An enumerator may not import: told which capability that needs.
    refused = login(world.user(Role.ENUMERATOR)).get(f"/imports/template/{registry}/csv/")
    assert refused.status_code == 403


def test_the_admin_wears_the_app_style_and_speaks_french(login: Any, world: Any) -> None:
    client = login(world.user(Role.SYSTEM_ADMIN))
    client.cookies["django_language"] = "fr"
    page = client.get("/admin/").content.decode()
    assert "mixflow/admin.css" in page
    assert "Journal d&#x27;audit" in page or "Journal d'audit" in page
    assert "Audit log" not in page

"""Questionnaire and import pages: who may do what, and the whole path from a form to a timeline."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mixflow.core.roles import Role
from mixflow.identity.models import Person
from mixflow.intake.models import ImportBatch, Questionnaire
from tests.intake.builders import registration_form

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _data_dir(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setenv("MIXFLOW_DATA_DIR", str(tmp_path / "data"))


def _fill_url(version: Any) -> str:
    return reverse("web:questionnaire_fill", args=[version.questionnaire_id])


def test_anonymous_visitors_are_sent_to_sign_in(client: Any, world: Any, registration: Any) -> None:
    for url in [
        reverse("web:questionnaire_list"),
        reverse("web:questionnaire_upload"),
        _fill_url(registration),
        reverse("web:import_list"),
        reverse("web:import_new"),
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert "login" in response["Location"], url


def test_only_form_managers_upload(login: Any, world: Any) -> None:
    for role in Role:
        if role == Role.ORG_ADMIN:
            continue
        client = login(world.user(role))
        assert client.get(reverse("web:questionnaire_upload")).status_code == 403, role


def test_an_admin_uploads_a_form_and_a_broken_one_is_refused_by_row(login: Any, world: Any) -> None:
    client = login(world.user(Role.ORG_ADMIN))
    response = client.post(
        reverse("web:questionnaire_upload"),
        {"file": SimpleUploadedFile("reg.xlsx", registration_form())},
    )
    assert response.status_code == 302
    assert Questionnaire.objects.filter(
        organisation=world.home, form_id="test_registration"
    ).exists()
    broken = client.post(
        reverse("web:questionnaire_upload"),
        {"file": SimpleUploadedFile("bad.xlsx", b"not a spreadsheet at all")},
    )
    assert broken.status_code == 200
    assert broken.context["problems"]


def test_roles_that_may_not_register_cannot_open_the_registration_form(
    login: Any, world: Any, registration: Any
) -> None:
    for role in (Role.ENUMERATOR, Role.ANALYST, Role.SERVICE_PROVIDER, Role.GOVERNMENT_OFFICIAL):
        client = login(world.user(role))
        assert client.get(_fill_url(registration)).status_code in (403, 404), role


def test_another_organisation_cannot_see_or_fill_our_forms(
    login: Any, world: Any, registration: Any
) -> None:
    client = login(world.outsider)
    assert "Test registration" not in client.get(reverse("web:questionnaire_list")).content.decode()
    assert client.get(_fill_url(registration)).status_code == 404


def test_a_form_filled_in_french_lands_on_the_persons_timeline(
    login: Any, world: Any, registration: Any
) -> None:
    client = login(world.user(Role.REGISTRATION_OFFICER))
    page = client.get(_fill_url(registration), HTTP_ACCEPT_LANGUAGE="fr")
    body = page.content.decode()
    assert "Prénom" in body
    assert "Nom de famille" in body
    answers = {
        "_site": str(world.agadez.pk),
        "given": "Aminata",
        "family": "Traoré",
        "sex": "female",
        "born": "2000-04-05",
        "nationality": "MLI",
        "smuggler": "no",
        "members-count": "1",
        "members-0-m_given": "Fatou",
        "members-0-m_rel": "child",
        "consent_services": "yes",
    }
    response = client.post(_fill_url(registration), answers, HTTP_ACCEPT_LANGUAGE="fr")
    if response.status_code == 200 and response.context.get("candidates"):
        response = client.post(
            _fill_url(registration), {**answers, "_identity": "new"}, HTTP_ACCEPT_LANGUAGE="fr"
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    person = Person.objects.get(given_name="Aminata")
    assert response["Location"] == reverse("web:person_detail", args=[person.pk])
    timeline = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Agadez bus station" in timeline


def test_errors_are_shown_in_the_users_language(login: Any, world: Any, registration: Any) -> None:
    client = login(world.user(Role.REGISTRATION_OFFICER))
    response = client.post(
        _fill_url(registration),
        {"_site": str(world.agadez.pk), "given": "Ali", "sex": "male", "born": "2999-01-01"},
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert response.status_code == 200
    assert "Pas dans le futur" in response.content.decode()
    assert not Person.objects.filter(given_name="Ali").exists()


def test_relevance_is_answered_by_the_server(login: Any, world: Any, registration: Any) -> None:
    client = login(world.user(Role.REGISTRATION_OFFICER))
    url = reverse("web:questionnaire_relevance", args=[registration.questionnaire_id])
    yes = client.post(url, {"smuggler": "yes"}).json()["relevant"]
    no = client.post(url, {"smuggler": "no"}).json()["relevant"]
    assert "cost" in yes
    assert "cost" not in no


def test_the_desk_shows_an_earlier_registration_before_creating_a_person(
    login: Any, world: Any, registration: Any
) -> None:
    client = login(world.user(Role.REGISTRATION_OFFICER))
    answers = {
        "_site": str(world.agadez.pk),
        "given": "Tesfay",
        "family": "Haile",
        "sex": "male",
        "born": "1999-01-01",
        "nationality": "ERI",
        "smuggler": "no",
        "members-count": "0",
    }
    before = Person.objects.count()
    response = client.post(_fill_url(registration), answers)
    assert response.status_code == 200
    candidates = response.context["candidates"]
    assert world.at_agadez.pk in [c.person.pk for c in candidates]
    assert Person.objects.count() == before
    same = client.post(_fill_url(registration), {**answers, "_identity": str(world.at_agadez.pk)})
    assert same.status_code == 302
    assert Person.objects.count() == before
    assert world.at_agadez.encounters.count() == 2


def test_the_desk_puts_the_namesake_registered_days_ago_first(
    login: Any, world: Any, registration: Any
) -> None:
    from django.utils import timezone

    from tests.identity.conftest import register

    today = timezone.localdate()
    ali = {
        "given_name": "Ali",
        "family_name": "Osman",
        "sex": "male",
        "date_of_birth": "1990",
        "nationalities": ["ERI"],
    }
    long_ago = register(world, world.tripoli, today - datetime.timedelta(days=700), **ali)
    recent = register(world, world.tripoli, today - datetime.timedelta(days=6), **ali)
    client = login(world.user(Role.REGISTRATION_OFFICER))
    answers = {
        "_site": str(world.agadez.pk),
        "given": "Ali",
        "family": "Osman",
        "sex": "male",
        "born": "1990-01-01",
        "nationality": "ERI",
        "smuggler": "no",
        "members-count": "0",
    }
    response = client.post(_fill_url(registration), answers)
    shown = [c.person.pk for c in response.context["candidates"]]
    # Both registrations give the same answers; what the desk knows (the date) decides.
    assert [pk for pk in shown if pk in (long_ago.pk, recent.pk)] == [recent.pk, long_ago.pk]


def test_import_pages_are_for_importers_of_the_same_organisation(
    login: Any, world: Any, registration: Any
) -> None:
    analyst = login(world.user(Role.REGISTRATION_OFFICER))
    response = analyst.post(
        reverse("web:import_new"),
        {
            "questionnaire": registration.questionnaire_id,
            "site": str(world.agadez.pk),
            "file": SimpleUploadedFile("p.csv", b"given,sex\nAli,male\n"),
        },
    )
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    for role in (Role.CASEWORKER, Role.ENUMERATOR, Role.SERVICE_PROVIDER):
        client = login(world.user(role))
        assert client.get(reverse("web:import_detail", args=[batch.pk])).status_code == 403
    outsider = login(world.outsider)
    assert outsider.get(reverse("web:import_detail", args=[batch.pk])).status_code in (403, 404)


def test_an_unreadable_upload_is_refused_in_the_users_language(
    login: Any, world: Any, registration: Any
) -> None:
    analyst = login(world.user(Role.REGISTRATION_OFFICER))
    response = analyst.post(
        reverse("web:import_new"),
        {
            "questionnaire": registration.questionnaire_id,
            "file": SimpleUploadedFile("x.csv", b"\x89PNG\r\n\x1a\n" + bytes(range(256))),
        },
        HTTP_ACCEPT_LANGUAGE="es",
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not ImportBatch.objects.exists()


def test_a_person_shared_by_another_organisation_is_never_written_into(
    login: Any, world: Any, registration: Any
) -> None:
    client = login(world.user(Role.REGISTRATION_OFFICER))
    answers = {
        "_site": str(world.agadez.pk),
        "given": "Yusuf",
        "family": "Omar",
        "sex": "male",
        "born": "1990-01-01",
        "nationality": "SOM",
        "smuggler": "no",
        "members-count": "0",
        "_identity": str(world.shared.pk),
    }
    encounters = world.shared.encounters.count()
    response = client.post(_fill_url(registration), answers)
    assert response.status_code == 302
    assert world.shared.encounters.count() == encounters
    ours = Person.objects.get(organisation=world.home, given_name="Yusuf")
    assert response["Location"] == reverse("web:person_detail", args=[ours.pk])


def test_the_mapping_page_starts_the_import_and_the_report_adds_up(
    login: Any, world: Any, registration: Any
) -> None:
    from django_tasks_db.models import DBTaskResult

    from mixflow.intake.tasks import import_batch

    client = login(world.user(Role.REGISTRATION_OFFICER))
    upload = SimpleUploadedFile("p.csv", "prénom,family,sex\nAli,Musa,male\nAwa,,robot\n".encode())
    response = client.post(
        reverse("web:import_new"),
        {
            "questionnaire": registration.questionnaire_id,
            "site": str(world.agadez.pk),
            "file": upload,
        },
    )
    batch = ImportBatch.objects.get()
    assert response["Location"] == reverse("web:import_mapping", args=[batch.pk])
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="fr")
    assert "Prénom" in page.content.decode()  # the questions, in the reader's language
    started = client.post(
        response["Location"],
        {"column-0": "given", "column-1": "family", "column-2": "sex", "save_as": "desk export"},
    )
    assert started["Location"] == reverse("web:import_detail", args=[batch.pk])
    assert DBTaskResult.objects.filter(args_kwargs__args=[batch.pk]).exists()
    import_batch.call(batch.pk)  # what the worker does
    report = client.get(started["Location"]).content.decode()
    assert "2 rows in the file = 1 imported + 0 already imported + 1 quarantined." in report
    quarantine = client.get(reverse("web:quarantine_list", args=[batch.pk])).content.decode()
    assert "<strong>sex</strong>" in quarantine
    row = batch.quarantine.get()
    fixed = client.post(
        reverse("web:quarantine_row", args=[batch.pk, row.pk]),
        {"v-0": "Awa", "v-1": "", "v-2": "female"},
    )
    assert fixed.status_code == 302
    assert Person.objects.filter(given_name="Awa", sex="female").exists()
    batch.refresh_from_db()
    assert (batch.imported, batch.quarantined) == (2, 0)


def test_the_quarantine_list_is_filtered_by_the_column_with_a_problem(
    login: Any, world: Any, registration: Any
) -> None:
    from mixflow.intake.tasks import import_batch

    client = login(world.user(Role.REGISTRATION_OFFICER))
    rows = "prénom,family,sex,born\nAwa,,robot,1990\nAli,Musa,alien,1991\nSami,Musa,male,3000\n"
    response = client.post(
        reverse("web:import_new"),
        {
            "questionnaire": registration.questionnaire_id,
            "site": str(world.agadez.pk),
            "file": SimpleUploadedFile("q.csv", rows.encode()),
        },
    )
    batch = ImportBatch.objects.get()
    client.post(
        response["Location"],
        {"column-0": "given", "column-1": "family", "column-2": "sex", "column-3": "dob"},
    )
    import_batch.call(batch.pk)
    problems = {column for row in batch.quarantine.all() for column in row.errors}
    assert {"sex", "born"} <= problems, problems
    url = reverse("web:quarantine_list", args=[batch.pk])
    everything = client.get(url).content.decode()
    assert "3 rows waiting for a correction." in everything
    assert "sex (2 rows)" in everything
    only_sex = client.get(url, {"column": "sex"}).content.decode()
    assert "2 rows waiting for a correction." in only_sex
    assert ">3</a>" in everything
    assert ">3</a>" not in only_sex  # row 3's problem is its date of birth
    # A column no row has a problem in filters nothing out.
    assert "3 rows waiting" in client.get(url, {"column": "nothing"}).content.decode()
    spanish = client.get(url, {"column": "sex"}, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Columna con un problema" in spanish


def test_a_shipped_questionnaires_title_is_read_in_the_page_language_on_the_import_pages(
    login: Any, world: Any
) -> None:
    """An XLSForm's title is one text; the shipped forms' titles are Mixflow's and translated."""
    from mixflow.intake.actions import install_default_questionnaires

    install_default_questionnaires(actor=world.user(Role.ORG_ADMIN), organisation=world.home)
    shipped = Questionnaire.objects.get(
        organisation=world.home, title="Registration and protection screening"
    )
    client = login(world.user(Role.REGISTRATION_OFFICER))
    response = client.post(
        reverse("web:import_new"),
        {
            "questionnaire": shipped.pk,
            "site": str(world.agadez.pk),
            "file": SimpleUploadedFile("p.csv", b"given_name,family_name\nAli,Musa\n"),
        },
    )
    batch = ImportBatch.objects.get()
    for url in (reverse("web:import_mapping", args=[batch.pk]), reverse("web:import_list")):
        french = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
        assert "Enregistrement et dépistage de protection" in french, url
        assert "Registration and protection screening" not in french, url
        spanish = client.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
        assert "Registration and protection screening" not in spanish, url
    assert response.status_code == 302
    admin = login(world.user(Role.ORG_ADMIN))
    url = reverse("web:questionnaire_mapping", args=[shipped.pk])
    french = admin.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Enregistrement et dépistage de protection" in french

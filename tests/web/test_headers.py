"""Answers that hold personal data are never stored by a browser or a proxy.

The rule (``core.no_store``): every answer to a signed-in request says ``Cache-Control:
no-store`` and ``Pragma: no-cache``; static files keep their own caching.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from mixflow.accounts.actions import issue_api_token
from mixflow.core.roles import Role
from mixflow.intake.actions import upload_questionnaire
from mixflow.intake.models import ImportBatch
from tests.conftest import PASSWORD
from tests.intake.builders import registration_form


@pytest.fixture(autouse=True)
def _data_dir(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setenv("MIXFLOW_DATA_DIR", str(tmp_path / "data"))


def assert_not_stored(response: Any) -> None:
    assert response["Cache-Control"] == "no-store", response.status_code
    assert response["Pragma"] == "no-cache"


def test_a_person_page(login: Any, world: Any) -> None:
    client = login(world.user(Role.CASEWORKER))
    response = client.get(reverse("web:person_detail", args=[world.at_agadez.pk]))
    assert response.status_code == 200
    assert world.at_agadez.given_name in response.content.decode()
    assert_not_stored(response)


def test_an_api_person_detail(world: Any) -> None:
    caseworker = world.user(Role.CASEWORKER)
    _token, key = issue_api_token(actor=caseworker, user=caseworker)
    response = Client().get(
        reverse("api:person", args=[world.at_agadez.pk]), HTTP_AUTHORIZATION=f"Token {key}"
    )
    assert response.status_code == 200
    assert_not_stored(response)


def test_an_openrosa_answer(world: Any) -> None:
    credentials = base64.b64encode(f"registration_officer:{PASSWORD}".encode()).decode()
    response = Client().get("/formList", HTTP_AUTHORIZATION=f"Basic {credentials}")
    assert response.status_code == 200
    assert_not_stored(response)


def test_an_import_quarantine_page(login: Any, world: Any) -> None:
    from mixflow.intake.tasks import import_batch

    version = upload_questionnaire(
        actor=world.user(Role.ORG_ADMIN),
        organisation=world.home,
        content=registration_form(),
        file_name="registration.xlsx",
    )
    client = login(world.user(Role.REGISTRATION_OFFICER))
    upload = SimpleUploadedFile("p.csv", b"given,family,sex\nAwa,Diallo,robot\n")
    created = client.post(
        reverse("web:import_new"),
        {"questionnaire": version.questionnaire_id, "site": str(world.agadez.pk), "file": upload},
    )
    batch = ImportBatch.objects.get()
    client.post(created["Location"], {"column-0": "given", "column-1": "family", "column-2": "sex"})
    import_batch.call(batch.pk)
    response = client.get(reverse("web:quarantine_list", args=[batch.pk]))
    assert response.status_code == 200
    assert "<strong>sex</strong>" in response.content.decode()  # the row held back, and why
    assert_not_stored(response)


def test_static_files_keep_their_caching_and_visitors_are_not_marked(
    login: Any, world: Any
) -> None:
    visitor = Client().get(reverse("web:person_detail", args=[world.at_agadez.pk]))
    assert visitor.status_code == 302  # sent to sign in: nothing of the person in it
    assert "Pragma" not in visitor
    client = login(world.user(Role.CASEWORKER))
    static = client.get("/static/mixflow/app.css")
    assert static.status_code == 200
    assert "no-store" not in static.get("Cache-Control", "")
    assert "Pragma" not in static


def test_a_nul_character_in_a_query_is_bad_input_in_the_users_language(
    client: Any, login: Any, world: Any
) -> None:
    signed_in = login(world.user("registration_officer"))
    api = signed_in.get("/api/persons/", {"nationality": "ER\x00I"})
    assert api.status_code == 400
    assert "NUL" in api.json()["detail"]
    page = signed_in.get("/persons/", {"q": "a\x00b"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert page.status_code == 400
    assert "caractère NUL" in page.content.decode()

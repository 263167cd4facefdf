"""A form without a ``mixflow`` column installs as a survey; submissions export as KoboToolbox and
ODK Central export them (a sheet per repeat, names or labels), through the access checks."""

from __future__ import annotations

import csv
import io
import zipfile
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from openpyxl import load_workbook

from mixflow.core.roles import Role
from mixflow.intake.actions import Channel, receive_submission, upload_questionnaire
from mixflow.intake.compiled_forms import can_fill, compiled
from mixflow.intake.models import QuestionnaireVersion
from tests.intake.builders import labels, xlsform

pytestmark = pytest.mark.django_db


def _survey_form() -> bytes:
    return xlsform(
        [
            {"type": "text", "name": "village", **labels("Village", "Village", "Aldea")},
            {"type": "select_one water", "name": "water", **labels("Water", "Eau", "Agua")},
            {"type": "note", "name": "intro", **labels("Thanks", "Merci", "Gracias")},
            {"type": "begin_repeat", "name": "household", **labels("Member", "Membre", "Miembro")},
            {"type": "text", "name": "member_name", **labels("Name", "Nom", "Nombre")},
            {"type": "integer", "name": "member_age", **labels("Age", "Âge", "Edad")},
            {"type": "end_repeat", "name": ""},
        ],
        [
            {"list_name": "water", "name": "well", **labels("Well", "Puits", "Pozo")},
            {"list_name": "water", "name": "river", **labels("River", "Rivière", "Río")},
        ],
        form_id="village_survey",
        title="Village survey",
    )


@pytest.fixture
def survey(world: Any) -> QuestionnaireVersion:
    return upload_questionnaire(
        actor=world.user(Role.ORG_ADMIN),
        organisation=world.home,
        content=_survey_form(),
        file_name="survey.xlsx",
    )


def _submit(world: Any, version: QuestionnaireVersion, village: str, members: list[Any]) -> None:
    outcome = receive_submission(
        actor=world.user(Role.REGISTRATION_OFFICER),
        questionnaire=version.questionnaire,
        answers={"village": village, "water": "river", "household": members},
        channel=Channel.WEB,
        lang="en",
        site=world.agadez,
    )
    assert not outcome.errors, outcome.errors


def test_a_form_without_mapping_is_a_survey_field_staff_of_either_kind_may_fill(
    world: Any, survey: QuestionnaireVersion
) -> None:
    assert compiled(survey).is_survey
    assert can_fill(world.user(Role.ENUMERATOR), survey)
    assert can_fill(world.user(Role.REGISTRATION_OFFICER), survey)
    assert not can_fill(world.user(Role.ANALYST), survey)
    assert not can_fill(world.user(Role.SERVICE_PROVIDER), survey)


def test_xlsx_export_has_a_sheet_per_repeat_linked_to_its_submission(
    world: Any, survey: QuestionnaireVersion, login: Any
) -> None:
    _submit(world, survey, "Tchirozerine", [{"member_name": "Awa", "member_age": 30}])
    _submit(
        world,
        survey,
        '=HYPERLINK("http://x")',
        [{"member_name": "Ali", "member_age": 4}, {"member_name": "Bintou", "member_age": 7}],
    )
    url = reverse("web:submissions_export", args=[survey.questionnaire.pk])
    response = login(world.user(Role.REGISTRATION_OFFICER)).get(url, {"format": "xlsx"})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["village_survey", "household"]
    top = list(book["village_survey"].values)
    assert top[0][:5] == ("_id", "_instance_id", "_received_at", "_site", "_index")
    assert top[0][5:] == ("village", "water")
    assert [row[5] for row in top[1:]] == ["Tchirozerine", '\'=HYPERLINK("http://x")']
    members = list(book["household"].values)
    assert members[0] == (
        "_index",
        "_parent_index",
        "_parent_table",
        "_submission_id",
        "member_name",
        "member_age",
    )
    assert [(row[1], row[4], row[5]) for row in members[1:]] == [
        (1, "Awa", 30),
        (2, "Ali", 4),
        (2, "Bintou", 7),
    ]
    entry = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).last()
    assert entry is not None
    assert entry.additional_data["export"] == 2


def test_csv_export_with_labels_in_french_is_a_zip_of_one_file_per_table(
    world: Any, survey: QuestionnaireVersion, login: Any
) -> None:
    _submit(world, survey, "Arlit", [{"member_name": "Awa", "member_age": 30}])
    url = reverse("web:submissions_export", args=[survey.questionnaire.pk])
    response = login(world.user(Role.CASEWORKER)).get(
        url, {"format": "csv", "labels": "1", "lang": "fr"}
    )
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == ["household.csv", "village_survey.csv"]
    rows = list(csv.reader(io.StringIO(archive.read("village_survey.csv").decode("utf-8-sig"))))
    assert rows[0][5:] == ["Village", "Eau"]
    assert rows[1][5:] == ["Arlit", "Rivière"]


def test_export_is_refused_without_view_persons_and_outside_the_organisation(
    world: Any, survey: QuestionnaireVersion, login: Any
) -> None:
    _submit(world, survey, "Arlit", [])
    url = reverse("web:submissions_export", args=[survey.questionnaire.pk])
    assert login(world.user(Role.ENUMERATOR)).get(url).status_code == 403
    assert login(world.user(Role.ANALYST)).get(url).status_code == 403
    # A caseworker of another organisation: the questionnaire is not there for it.
    assert login(world.outsider).get(url).status_code == 404


def test_encrypted_download_opens_only_with_its_password(
    world: Any, survey: QuestionnaireVersion, login: Any
) -> None:
    import pyzipper

    _submit(world, survey, "Arlit", [{"member_name": "Awa", "member_age": 30}])
    url = reverse("web:submissions_export_encrypted", args=[survey.questionnaire.pk])
    client = login(world.user(Role.REGISTRATION_OFFICER))
    assert "Password of the archive" in client.get(url).content.decode()
    short = client.post(url, {"format": "xlsx", "password": "short", "again": "short"})
    assert short.status_code == 200
    assert short["Content-Type"].startswith("text/html")
    differ = client.post(
        url, {"format": "xlsx", "password": "correct horse battery", "again": "other horse"}
    )
    assert "The two passwords differ." in differ.content.decode()

    password = "correct horse battery"
    for kind, names in (("xlsx", ["village_survey.xlsx"]), ("csv", None)):
        response = client.post(url, {"format": kind, "password": password, "again": password})
        assert response.status_code == 200
        assert response["Content-Type"] == "application/zip"
        assert b"Arlit" not in response.content
        assert b"Awa" not in response.content
        archive = pyzipper.AESZipFile(io.BytesIO(response.content))
        if names:
            assert archive.namelist() == names
        else:
            assert sorted(archive.namelist()) == ["household.csv", "village_survey.csv"]
        with pytest.raises(RuntimeError):
            archive.read(archive.namelist()[0])  # no password
        archive.setpassword(b"wrong password here")
        with pytest.raises(RuntimeError):
            archive.read(archive.namelist()[0])
        archive.setpassword(password.encode())
        if kind == "csv":
            assert "Arlit" in archive.read("village_survey.csv").decode("utf-8-sig")
        else:
            book = load_workbook(io.BytesIO(archive.read("village_survey.xlsx")))
            assert book["village_survey"]["F2"].value == "Arlit"


def test_exports_need_the_export_persons_capability(
    world: Any, survey: QuestionnaireVersion, login: Any
) -> None:
    from mixflow.core.roles import ROLE_CAPABILITIES, Capability

    _submit(world, survey, "Arlit", [])
    holders = {
        role for role, caps in ROLE_CAPABILITIES.items() if Capability.EXPORT_PERSONS in caps
    }
    assert holders == {Role.REGISTRATION_OFFICER, Role.CASEWORKER}
    for name in ("web:submissions_export", "web:submissions_export_encrypted"):
        url = reverse(name, args=[survey.questionnaire.pk])
        for role in (Role.ENUMERATOR, Role.ANALYST, Role.ORG_ADMIN, Role.SERVICE_PROVIDER):
            assert login(world.user(role)).get(url).status_code == 403, (name, role)
        assert login(world.outsider).get(url).status_code == 404

"""The mapping page: an administrator maps an installed form's questions after upload."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mixflow.core.roles import Role
from mixflow.identity.models import Person
from mixflow.intake.actions import Channel, receive_submission, upload_questionnaire
from mixflow.intake.compiled_forms import can_fill, compiled
from mixflow.intake.models import QuestionnaireVersion
from tests.intake.builders import labels, xlsform

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(world: Any) -> QuestionnaireVersion:
    content = xlsform(
        [
            {"type": "text", "name": "first", **labels("First name", "Prénom", "Nombre")},
            {"type": "text", "name": "last", **labels("Last name", "Nom", "Apellido")},
            {"type": "select_one sx", "name": "sx", **labels("Sex", "Sexe", "Sexo")},
            {"type": "begin_repeat", "name": "kids", **labels("Child", "Enfant", "Niño")},
            {"type": "text", "name": "kid_name", **labels("Name", "Nom", "Nombre")},
            {"type": "end_repeat", "name": ""},
        ],
        [
            {"list_name": "sx", "name": "f", **labels("Female", "Femme", "Mujer")},
            {"list_name": "sx", "name": "m", **labels("Male", "Homme", "Hombre")},
        ],
        form_id="household_visit",
        title="Household visit",
    )
    return upload_questionnaire(
        actor=world.user(Role.ORG_ADMIN),
        organisation=world.home,
        content=content,
        file_name="visit.xlsx",
    )


def _url(version: QuestionnaireVersion) -> str:
    return reverse("web:questionnaire_mapping", args=[version.questionnaire.pk])


def test_mapping_after_upload_makes_later_submissions_register_the_person(
    world: Any, survey: QuestionnaireVersion, login: Any
) -> None:
    assert compiled(survey).is_survey
    client = login(world.user(Role.ORG_ADMIN))
    page = client.get(_url(survey))
    assert page.status_code == 200
    assert 'for="map-first"' in page.content.decode()
    response = client.post(
        _url(survey),
        {
            "map-first": "person.given_name",
            "map-last": "person.family_name",
            "map-sx": "person.sex",
            "map-kids": "",
            "map-kid_name": "",
        },
    )
    assert response.status_code == 302
    survey.refresh_from_db()
    assert survey.mapping == {
        "first": "person.given_name",
        "last": "person.family_name",
        "sx": "person.sex",
    }
    form = compiled(survey)
    assert form.creates_person
    assert not form.is_survey
    # Filling it now registers a person: an enumerator no longer may, an officer may.
    assert not can_fill(world.user(Role.ENUMERATOR), survey)
    outcome = receive_submission(
        actor=world.user(Role.REGISTRATION_OFFICER),
        questionnaire=survey.questionnaire,
        answers={"first": "Awa", "last": "Diallo", "sx": "f", "kids": []},
        channel=Channel.WEB,
        lang="en",
        site=world.agadez,
    )
    assert not outcome.errors, outcome.errors
    assert outcome.submission is not None
    assert outcome.submission.person_id is not None
    person = Person.objects.get(pk=outcome.submission.person_id)
    assert (person.given_name, person.family_name, person.sex) == ("Awa", "Diallo", "female")


def test_a_target_that_does_not_fit_is_refused_and_nothing_changes(
    world: Any, survey: QuestionnaireVersion, login: Any
) -> None:
    client = login(world.user(Role.ORG_ADMIN))
    response = client.post(
        _url(survey), {"map-first": "person.nonsense", "map-kids": "person.given_name"}
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "is not a Mixflow field" in text
    assert "can only map to" in text
    survey.refresh_from_db()
    assert survey.mapping == {}
    assert compiled(survey).is_survey


def test_only_the_forms_managers_of_the_organisation_reach_the_page(
    world: Any, survey: QuestionnaireVersion, login: Any
) -> None:
    for role in (Role.REGISTRATION_OFFICER, Role.ENUMERATOR, Role.ANALYST):
        assert login(world.user(role)).get(_url(survey)).status_code == 403
    assert login(world.outsider).post(_url(survey), {"map-first": ""}).status_code == 403
    survey.refresh_from_db()
    assert survey.mapping == {}


def test_a_new_version_keeps_the_mapping_of_unchanged_questions_and_says_what_to_map(
    world: Any, survey: QuestionnaireVersion, login: Any
) -> None:
    client = login(world.user(Role.ORG_ADMIN))
    targets = {"map-first": "person.given_name", "map-last": "person.family_name"}
    client.post(_url(survey), targets | {"map-sx": "person.sex"})
    second = xlsform(
        [
            {"type": "text", "name": "first", **labels("First name", "Prénom", "Nombre")},
            {
                "type": "text",
                "name": "last",
                "mixflow": "person.father_name",
                **labels("Last", "Nom", "Apellido"),
            },
            {"type": "integer", "name": "sx", **labels("Sex", "Sexe", "Sexo")},  # type changed
            {"type": "text", "name": "phone", **labels("Phone", "Téléphone", "Teléfono")},
        ],
        form_id="household_visit",
        title="Household visit",
        version="2",
    )
    response = client.post(
        reverse("web:questionnaire_upload"),
        {"file": SimpleUploadedFile("visit2.xlsx", second)},
        follow=True,
    )
    text = response.content.decode()
    assert "Mapping carried over from version" in text
    assert "to map on the Mapping page: sx, phone." in text
    version = survey.questionnaire.current_version()
    assert version is not None
    assert version.version == "2"
    # Carried where unchanged; the new workbook's own column wins; a changed type is not carried.
    assert version.mapping == {"first": "person.given_name"}
    mapping = compiled(version).mapping.targets
    assert mapping == {"first": "person.given_name", "last": "person.father_name"}
    page = client.get(_url(version)).content.decode()
    assert "<code>first</code>" in page
    assert "<code>sx, phone</code>" in page

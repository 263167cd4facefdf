"""``POST /api/questionnaires/{id}/submissions/``: stored once, refused with reasons, guarded."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from mixflow.core.roles import Role
from mixflow.identity.models import Person
from mixflow.intake.actions import upload_questionnaire
from mixflow.intake.models import FlowCount, QuestionnaireVersion, Submission
from tests.intake.builders import registration_form

pytestmark = pytest.mark.django_db

ANSWERS = {
    "given": "Maxamed",
    "family": "Cabdi",
    "sex": "male",
    "born": "1998-02-03",
    "nationality": "SOM",
    "smuggler": "yes",
    "cost": "1200",
    "members": [{"m_given": "Hodan", "m_rel": "spouse"}],
}


def _url(version: QuestionnaireVersion) -> str:
    return f"/api/questionnaires/{version.questionnaire_id}/submissions/"


def test_a_submission_is_stored_once(api: Any, world: Any, registration: Any) -> None:
    client = api(world.user(Role.REGISTRATION_OFFICER))
    body = {"answers": ANSWERS, "site": "NER-AGZ-BUS", "instance_id": "uuid:api-1"}
    first = client.post(_url(registration), body, format="json")
    assert first.status_code == 201, first.content
    ids = first.json()
    assert ids["created"] is True
    assert ids["instance_id"] == "uuid:api-1"
    person = Person.objects.get(pk=ids["person"])
    assert (person.given_name, person.registration_site) == ("Maxamed", world.agadez)
    assert ids["encounter"]
    assert ids["group"]
    submission = Submission.objects.get(pk=ids["submission"])
    assert submission.channel == "api"
    assert submission.submitted_by == world.user(Role.REGISTRATION_OFFICER)
    persons = Person.objects.count()

    again = client.post(_url(registration), body, format="json")
    assert again.status_code == 200
    assert again.json() == {**ids, "created": False}
    assert Person.objects.count() == persons


def test_invalid_answers_are_400_with_each_question(
    api: Any, world: Any, registration: Any
) -> None:
    client = api(world.user(Role.REGISTRATION_OFFICER))
    answers = {**ANSWERS, "born": "2999-01-01", "sex": "", "cost": "-5"}
    before = Person.objects.count()
    response = client.post(
        _url(registration), {"answers": answers, "site": "NER-AGZ-BUS"}, format="json"
    )
    assert response.status_code == 400
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert {"born", "sex", "cost"} <= set(errors)
    assert errors["born"] == "Not in the future"
    assert Person.objects.count() == before

    french = client.post(
        _url(registration),
        {"answers": answers, "site": "NER-AGZ-BUS"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert french.status_code == 400
    assert french["Content-Language"] == "fr"
    errors = {e["field"]: e["message"] for e in french.json()["errors"]}
    assert errors["born"] == "Pas dans le futur"  # the form's own message, in French


def test_a_reused_instance_id_with_other_answers_is_409_with_the_existing_ids(
    api: Any, world: Any, registration: Any
) -> None:
    client = api(world.user(Role.REGISTRATION_OFFICER))
    body = {"answers": ANSWERS, "site": "NER-AGZ-BUS", "instance_id": "uuid:api-reused"}
    first = client.post(_url(registration), body, format="json")
    assert first.status_code == 201
    persons = Person.objects.count()
    other = {**body, "answers": {**ANSWERS, "given": "Hodan"}}
    conflict = client.post(_url(registration), other, format="json")
    assert conflict.status_code == 409, conflict.content
    assert conflict.json()["existing"] == {**first.json(), "created": False}
    assert "uuid:api-reused" in conflict.json()["detail"]
    assert Person.objects.count() == persons
    assert client.post(_url(registration), body, format="json").status_code == 200


def test_values_the_domain_refuses_are_400_never_500(
    api: Any, world: Any, registration: Any
) -> None:
    client = api(world.user(Role.REGISTRATION_OFFICER))
    before = Person.objects.count()
    cases = [
        ({"born": "1720-01-01"}, "born"),  # the form accepts it; no person is that old
        ({"smuggler": "yes", "cost": 10**30}, None),  # too big for the database
    ]
    for change, field in cases:
        body = {"answers": {**ANSWERS, **change}, "site": "NER-AGZ-BUS"}
        response = client.post(_url(registration), body, format="json")
        assert response.status_code == 400, (change, response.content)
        errors = {e["field"]: e["message"] for e in response.json()["errors"]}
        assert set(errors) == {field}, errors
    assert Person.objects.count() == before


def test_malformed_bodies_name_the_field(api: Any, world: Any, registration: Any) -> None:
    client = api(world.user(Role.REGISTRATION_OFFICER))
    cases = [
        ({"site": "NER-AGZ-BUS"}, "answers"),
        ({"answers": "given=Maxamed"}, "answers"),
        ({"answers": ANSWERS, "site": "NOWHERE"}, "site"),
        ({"answers": ANSWERS, "site": "NER-AGZ-BUS", "version": "9"}, "version"),
        ({"answers": ANSWERS}, "site"),  # the form names no site: the request must
    ]
    for body, field in cases:
        response = client.post(_url(registration), body, format="json")
        assert response.status_code == 400, body
        assert [e["field"] for e in response.json()["errors"]] == [field], response.json()
    broken = client.post(_url(registration), "{not json", content_type="application/json")
    assert broken.status_code == 400
    assert broken.json()["detail"]
    assert Submission.objects.count() == 0


def test_who_may_submit(api: Any, world: Any, registration: Any, counts: Any) -> None:
    body = {"answers": ANSWERS, "site": "NER-AGZ-BUS"}
    assert APIClient().post(_url(registration), body, format="json").status_code == 401
    for role in (Role.ANALYST, Role.ENUMERATOR, Role.GOVERNMENT_OFFICIAL, Role.ORG_ADMIN):
        response = api(world.user(role)).post(_url(registration), body, format="json")
        assert response.status_code == 403, role
        assert response.json()["detail"]
    # Another organisation's questionnaire: not found.
    assert api(world.outsider).post(_url(registration), body, format="json").status_code == 404
    # A site outside the officer's scope.
    limited = api(world.limited)
    outside = limited.post(_url(registration), {**body, "site": "LBY-TIP-HUB"}, format="json")
    assert outside.status_code == 403
    assert Submission.objects.count() == 0
    assert limited.post(_url(registration), body, format="json").status_code == 201

    count = {"day": "2026-09-01", "direction": "incoming", "size": "5", "men": "2", "women": "3"}
    enumerator = api(world.user(Role.ENUMERATOR))
    stored = enumerator.post(_url(counts), {"answers": count, "site": "NER-AGZ-BUS"}, format="json")
    assert stored.status_code == 201, stored.content
    assert FlowCount.objects.get(pk=stored.json()["flow_count"]).group_size == 5


def test_questionnaires_list_their_current_version(api: Any, world: Any, registration: Any) -> None:
    newer = upload_questionnaire(
        actor=world.user(Role.ORG_ADMIN),
        organisation=world.home,
        content=registration_form("2"),
        file_name="registration.xlsx",
    )
    listed = api(world.user(Role.ENUMERATOR)).get("/api/questionnaires/").json()["results"]
    assert [(q["form_id"], q["current_version"]["version"]) for q in listed] == [
        ("test_registration", "2")
    ]
    assert listed[0]["current_version"]["id"] == newer.pk
    assert api(world.outsider).get("/api/questionnaires/").json()["count"] == 0


def test_a_submission_naming_an_older_version_is_stored_against_it(
    api: Any, world: Any, registration: Any
) -> None:
    newer = upload_questionnaire(
        actor=world.user(Role.ORG_ADMIN),
        organisation=world.home,
        content=registration_form("2"),
        file_name="r2.xlsx",
    )
    client = api(world.user(Role.REGISTRATION_OFFICER))
    body = {"answers": ANSWERS, "site": "NER-AGZ-BUS"}
    older = client.post(_url(registration), {**body, "version": "1"}, format="json")
    assert older.status_code == 201, older.content
    assert Submission.objects.get(pk=older.json()["submission"]).version == registration
    current = client.post(
        _url(registration), {**body, "instance_id": "uuid:current"}, format="json"
    )
    assert current.status_code == 201, current.content
    assert Submission.objects.get(pk=current.json()["submission"]).version == newer

"""Who must not see what, endpoint by endpoint: anonymous clients, bad tokens, lower roles,
another organisation, and an officer limited to one site."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from mixflow.core.audit import accesses_of
from mixflow.core.roles import Role

pytestmark = pytest.mark.django_db

PERSONS = {Role.REGISTRATION_OFFICER, Role.CASEWORKER}
SENSITIVE = {Role.CASEWORKER}
FLOW_COUNTS = {Role.ENUMERATOR, Role.REGISTRATION_OFFICER, Role.ANALYST}
EVERYONE = set(Role)


def _endpoints(world: Any) -> dict[str, tuple[str, set[Role]]]:
    person = world.at_agadez
    encounter = person.encounters.get()
    return {
        "persons": ("/api/persons/", PERSONS),
        "person": (f"/api/persons/{person.pk}/", PERSONS),
        "timeline": (f"/api/persons/{person.pk}/encounters/", PERSONS),
        "encounters": ("/api/encounters/", PERSONS),
        "sensitive": (f"/api/encounters/{encounter.pk}/sensitive/", SENSITIVE),
        "groups": ("/api/groups/", PERSONS),
        "flow_counts": ("/api/flow-counts/", FLOW_COUNTS),
        "questionnaires": ("/api/questionnaires/", EVERYONE),
    }


def test_anonymous_clients_get_401_with_a_challenge_everywhere(world: Any) -> None:
    client = APIClient()
    for name, (url, _roles) in _endpoints(world).items():
        response = client.get(url)
        assert response.status_code == 401, name
        assert response["WWW-Authenticate"] == "Token", name
        assert response.json()["detail"], name


def test_a_wrong_token_is_refused(world: Any) -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    for name, (url, _roles) in _endpoints(world).items():
        response = client.get(url)
        assert response.status_code == 401, name
        assert response.json() == {"detail": "Invalid token.", "code": "authentication_failed"}


@pytest.mark.parametrize("role", list(Role))
def test_each_role_reaches_exactly_its_endpoints(api: Any, world: Any, role: Role) -> None:
    client = api(world.user(role))
    for name, (url, allowed) in _endpoints(world).items():
        response = client.get(url)
        expected = 200 if role in allowed else 403
        assert response.status_code == expected, (role, name, response.content)
        if expected == 403:
            assert response.json()["code"] == "permission_denied"
            assert "Tesfaye" not in response.content.decode()


def test_other_organisation_sees_none_of_homes_records(api: Any, world: Any, records: Any) -> None:
    client = api(world.outsider)
    listed = client.get("/api/persons/").json()
    names = {p["given_name"] for p in listed["results"]}
    assert names == {"Aisha", "Yusuf"}
    assert client.get("/api/persons/", {"name": "tesfaye"}).json()["count"] == 0
    for person in (world.at_agadez, world.at_tripoli):
        # Another organisation's ids: "not found", never "forbidden" (which would confirm them).
        for url in (f"/api/persons/{person.pk}/", f"/api/persons/{person.pk}/encounters/"):
            response = client.get(url)
            assert response.status_code == 404, url
            assert response.json()["code"] == "not_found"
        encounter = person.encounters.get()
        assert client.get(f"/api/encounters/{encounter.pk}/sensitive/").status_code == 404
    encounters = client.get("/api/encounters/").json()["results"]
    assert {e["person"] for e in encounters} == {world.of_other.pk, world.shared.pk}
    assert client.get("/api/groups/").json()["count"] == 0
    assert accesses_of(world.at_agadez).count() == 0


def test_other_organisations_flow_counts_stay_theirs(api: Any, world: Any, records: Any) -> None:
    analyst = api(world.user(Role.ANALYST))
    ids = {row["id"] for row in analyst.get("/api/flow-counts/").json()["results"]}
    assert ids == {records["agadez_in"].pk, records["agadez_out"].pk, records["tripoli"].pk}


def test_consent_to_share_opens_that_record_only(api: Any, world: Any) -> None:
    client = api(world.user(Role.CASEWORKER))
    assert client.get(f"/api/persons/{world.shared.pk}/").status_code == 200
    assert client.get(f"/api/persons/{world.of_other.pk}/").status_code == 404
    born = client.get("/api/persons/", {"born": "1990"}).json()
    assert [p["given_name"] for p in born["results"]] == ["Yusuf"]


def test_site_limited_officer_sees_only_their_sites(api: Any, world: Any, records: Any) -> None:
    client = api(world.limited)
    persons = client.get("/api/persons/").json()["results"]
    # Persons registered at Agadez: home's own, and the other organisation's who consented.
    assert {p["id"] for p in persons} == {world.at_agadez.pk, world.shared.pk}
    assert client.get(f"/api/persons/{world.at_tripoli.pk}/").status_code == 404
    assert client.get(f"/api/persons/{world.at_tripoli.pk}/encounters/").status_code == 404
    sites = {e["site"]["code"] for e in client.get("/api/encounters/").json()["results"]}
    assert sites == {"NER-AGZ-BUS"}
    counts = client.get("/api/flow-counts/").json()["results"]
    assert {c["id"] for c in counts} == {records["agadez_in"].pk, records["agadez_out"].pk}


def test_reading_a_person_is_recorded_in_the_audit_log(api: Any, world: Any) -> None:
    officer = world.user(Role.REGISTRATION_OFFICER)
    client = api(officer)
    assert accesses_of(world.at_agadez).count() == 0
    client.get("/api/persons/")  # a list is not a read of anyone's record
    assert accesses_of(world.at_agadez).count() == 0
    assert client.get(f"/api/persons/{world.at_agadez.pk}/").status_code == 200
    assert client.get(f"/api/persons/{world.at_agadez.pk}/encounters/").status_code == 200
    entries = list(accesses_of(world.at_agadez))
    assert len(entries) == 2
    assert {entry.actor_id for entry in entries} == {officer.pk}


def test_sensitive_details_have_their_own_logged_endpoint(api: Any, world: Any) -> None:
    encounter = world.at_agadez.encounters.get()
    listed = api(world.user(Role.CASEWORKER)).get("/api/encounters/").json()["results"]
    assert all("trafficking_indicators" not in row for row in listed)
    body = api(world.user(Role.CASEWORKER)).get(f"/api/encounters/{encounter.pk}/sensitive/")
    assert body.json()["trafficking_indicators"] == ["debt_bondage"]
    assert body.json()["wishes_asylum"] is True
    assert accesses_of(encounter.sensitive).count() == 1
    officer = api(world.user(Role.REGISTRATION_OFFICER))
    detail = officer.get(f"/api/persons/{world.at_agadez.pk}/").content.decode()
    assert "debt_bondage" not in detail
    assert officer.get(f"/api/encounters/{encounter.pk}/sensitive/").status_code == 403
    assert accesses_of(encounter.sensitive).count() == 1


def test_a_signed_in_browser_session_reads_too(client: Any, world: Any) -> None:
    client.force_login(world.user(Role.CASEWORKER))
    assert client.get("/api/persons/").status_code == 200
    # but a session cannot change anything without the CSRF token
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world.user(Role.CASEWORKER))
    response = strict.post(
        "/api/questionnaires/1/submissions/", {}, content_type="application/json"
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_token_is_given_for_a_username_and_password(world: Any) -> None:
    """To an account that needs no second factor (a caseworker's needs its confirmed session:
    tests/accounts/test_api_two_factor.py)."""
    from tests.conftest import PASSWORD

    client = APIClient()
    given = client.post("/api/token/", {"username": "registration_officer", "password": PASSWORD})
    assert given.status_code == 200
    token = given.json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/persons/").status_code == 200
    wrong = APIClient().post(
        "/api/token/", {"username": "registration_officer", "password": "wrong"}, format="json"
    )
    assert wrong.status_code == 400
    assert wrong.json()["errors"][0]["field"] is None
    assert "credentials" in wrong.json()["errors"][0]["message"]

"""Paging, filters and errors of the read endpoints."""

from __future__ import annotations

from typing import Any

import pytest

from mixflow.core.audit import accesses_of
from mixflow.core.roles import Role

pytestmark = pytest.mark.django_db


def test_lists_are_paged_with_a_capped_page_size(api: Any, world: Any) -> None:
    client = api(world.user(Role.CASEWORKER))
    first = client.get("/api/persons/", {"page_size": 1}).json()
    assert first["count"] == 3  # two of home's, one shared by consent
    assert len(first["results"]) == 1
    assert first["next"].endswith("page=2&page_size=1")
    second = client.get("/api/persons/", {"page_size": 1, "page": 2}).json()
    assert second["results"][0]["id"] != first["results"][0]["id"]
    beyond = client.get("/api/persons/", {"page": 9})
    assert beyond.status_code == 404
    assert beyond.json()["detail"]
    from mixflow.api.pagination import Pages

    assert Pages.max_page_size == 200
    huge = client.get("/api/persons/", {"page_size": 100000}).json()
    assert len(huge["results"]) == 3


def test_person_filters(api: Any, world: Any) -> None:
    client = api(world.user(Role.CASEWORKER))

    def given(**params: Any) -> set[str]:
        response = client.get("/api/persons/", params)
        assert response.status_code == 200, response.content
        return {p["given_name"] for p in response.json()["results"]}

    assert given(name="muhamad") == {"Mohammed"}  # transliteration does not matter
    assert given(born="1999") == {"Tesfaye"}
    assert given(born="2001-03-04") == {"Mohammed"}
    assert given(nationality="eri") == {"Tesfaye"}
    assert given(site="LBY-TIP-HUB") == {"Mohammed"}
    assert given(site="NER-AGZ-BUS", nationality="SOM") == {"Yusuf"}


def test_person_detail_shows_nationalities_and_site(api: Any, world: Any) -> None:
    body = api(world.user(Role.CASEWORKER)).get(f"/api/persons/{world.at_agadez.pk}/").json()
    assert body["display_name"] == "Tesfaye Haile"
    assert body["nationalities"] == ["ERI"]
    assert body["registration_site"]["code"] == "NER-AGZ-BUS"
    assert body["birth_year"] == 1999
    assert body["organisation"] == "home"


def test_bad_filters_are_400_naming_the_parameter(api: Any, world: Any) -> None:
    client = api(world.user(Role.CASEWORKER))
    cases = [
        ("/api/persons/", {"born": "last year"}, "born"),
        ("/api/persons/", {"nationality": "Eritrea"}, "nationality"),
        ("/api/persons/", {"site": "NOWHERE"}, "site"),
        ("/api/encounters/", {"date_from": "14/09/2026"}, "date_from"),
        ("/api/encounters/", {"kind": "party"}, "kind"),
        ("/api/encounters/", {"person": "abc"}, "person"),
        # Beyond any row's id (a 64-bit key): a bad request, not a database error.
        ("/api/encounters/", {"person": "99999999999999999999999"}, "person"),
        ("/api/encounters/", {"date_from": "2026-09-30", "date_to": "2026-09-01"}, "date_to"),
    ]
    for url, params, field in cases:
        response = client.get(url, params)
        assert response.status_code == 400, (url, params)
        errors = response.json()["errors"]
        assert [e["field"] for e in errors] == [field], (url, params, errors)
        assert errors[0]["message"]


def test_errors_are_in_the_users_language(api: Any, world: Any) -> None:
    client = api(world.user(Role.CASEWORKER))
    english = client.get("/api/encounters/", {"kind": "party"})
    french = client.get("/api/encounters/", {"kind": "party"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert french.status_code == 400
    assert french["Content-Language"] == "fr"
    assert french.json()["errors"][0]["field"] == "kind"
    # DRF ships French messages of its own: the text differs from the English one.
    assert french.json()["errors"][0]["message"] != english.json()["errors"][0]["message"]
    refused = api(world.user(Role.ANALYST)).get("/api/persons/", HTTP_ACCEPT_LANGUAGE="fr")
    assert refused.status_code == 403
    assert refused["Content-Language"] == "fr"


def test_encounter_filters(api: Any, world: Any) -> None:
    from mixflow.intake.actions import record_encounter

    officer = world.user(Role.REGISTRATION_OFFICER)
    import datetime

    later = record_encounter(
        actor=officer,
        person=world.at_agadez,
        site=world.tripoli,
        occurred_on=datetime.date(2026, 10, 2),
        kind="screening",
    )
    client = api(officer)

    def ids(**params: Any) -> set[int]:
        response = client.get("/api/encounters/", params)
        assert response.status_code == 200, response.content
        return {e["id"] for e in response.json()["results"]}

    first = world.at_agadez.encounters.get(site=world.agadez).pk
    assert ids(person=world.at_agadez.pk) == {first, later.pk}
    assert ids(kind="screening") == {later.pk}
    assert ids(date_from="2026-10-01") == {later.pk}
    assert later.pk not in ids(date_to="2026-09-30")
    assert ids(person=world.at_agadez.pk, site="NER-AGZ-BUS") == {first}
    timeline = client.get(f"/api/persons/{world.at_agadez.pk}/encounters/").json()["results"]
    assert [e["id"] for e in timeline] == [first, later.pk]  # the route, oldest first


def test_flow_count_filters(api: Any, world: Any, records: Any) -> None:
    client = api(world.user(Role.ANALYST))

    def ids(**params: Any) -> set[int]:
        response = client.get("/api/flow-counts/", params)
        assert response.status_code == 200, response.content
        return {c["id"] for c in response.json()["results"]}

    assert ids(site="NER-AGZ-BUS") == {records["agadez_in"].pk, records["agadez_out"].pk}
    assert ids(direction="transit") == {records["tripoli"].pk}
    assert ids(date_from="2026-09-12", date_to="2026-09-18") == {records["tripoli"].pk}
    bad = client.get("/api/flow-counts/", {"direction": "sideways"})
    assert bad.json()["errors"][0]["field"] == "direction"


def test_groups_with_members_and_site_filter(api: Any, world: Any, records: Any) -> None:
    client = api(world.user(Role.REGISTRATION_OFFICER))
    groups = client.get("/api/groups/").json()["results"]
    assert len(groups) == 1
    assert groups[0]["members"] == [
        {"person": world.at_agadez.pk, "display_name": "Tesfaye Haile", "relationship": "head"}
    ]
    assert client.get("/api/groups/", {"site": "LBY-TIP-HUB"}).json()["count"] == 0
    assert client.get("/api/groups/", {"site": "NER-AGZ-BUS"}).json()["count"] == 1


def test_unknown_paths_and_methods_answer_json(api: Any, world: Any) -> None:
    client = api(world.user(Role.CASEWORKER))
    response = client.delete(f"/api/persons/{world.at_agadez.pk}/")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


def test_list_queries_do_not_grow_with_the_rows(api: Any, world: Any, records: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from mixflow.identity.actions import PersonDetails, register_group, register_person
    from mixflow.intake.actions import record_encounter

    client = api(world.user(Role.CASEWORKER))

    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    urls = ["/api/persons/", "/api/encounters/", "/api/groups/"]
    before = [queries(url) for url in urls]
    actor, day = world.user(Role.CASEWORKER), world.at_agadez.registered_on
    for n in range(5):
        person = register_person(
            actor=actor,
            organisation=world.home,
            site=world.agadez,
            registered_on=day,
            details=PersonDetails(given_name=f"Extra{n}", nationalities=["ERI", "SDN"]),
        )
        record_encounter(
            actor=actor, person=person, site=world.agadez, occurred_on=day, kind="registration"
        )
        register_group(
            actor=actor,
            organisation=world.home,
            site=world.agadez,
            kind="family",
            formed_on=day,
            members=[(person, "head"), (world.at_agadez, "sibling")],
        )
    assert [queries(url) for url in urls] == before


def test_person_detail_leaves_exactly_one_access_entry(api: Any, world: Any) -> None:
    officer = world.user(Role.REGISTRATION_OFFICER)
    assert api(officer).get(f"/api/persons/{world.at_agadez.pk}/").status_code == 200
    (entry,) = accesses_of(world.at_agadez)
    assert entry.actor == officer
    assert entry.additional_data == {"channel": "api"}
    assert not accesses_of(world.at_tripoli).exists()

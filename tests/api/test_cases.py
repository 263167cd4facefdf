"""The cases API: the same permissions as the pages, notes logged, in the OpenAPI schema."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from mixflow.core.audit import accesses_of
from mixflow.core.roles import Role
from mixflow.protection.models import CaseNote

pytestmark = pytest.mark.django_db


def _client(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_caseworker_opens_a_case_adds_a_task_and_a_note_and_reads_them(world: Any) -> None:
    caseworker = _client(world.user(Role.CASEWORKER))
    opened = caseworker.post(
        "/api/cases/", {"person": world.at_agadez.pk, "kind": "general"}, format="json"
    )
    assert opened.status_code == 201, opened.content
    case = opened.json()["id"]
    assert caseworker.get("/api/cases/").json()["results"][0]["id"] == case
    task = caseworker.post(
        f"/api/cases/{case}/tasks/", {"title": "Visit", "due_on": "2026-09-20"}, format="json"
    )
    assert task.status_code == 201
    done = caseworker.post(f"/api/case-tasks/{task.json()['id']}/done/")
    assert done.json()["done_on"]
    note = caseworker.post(f"/api/cases/{case}/notes/", {"text": "Cried"}, format="json")
    assert note.status_code == 201
    assert note.json()["sensitive"] is True
    stored = CaseNote.objects.get()
    assert not accesses_of(stored).exists()
    notes = caseworker.get(f"/api/cases/{case}/notes/").json()
    assert [n["text"] for n in notes] == ["Cried"]
    assert accesses_of(stored).count() == 1


def test_others_get_nothing(world: Any) -> None:
    caseworker = _client(world.user(Role.CASEWORKER))
    case = caseworker.post(
        "/api/cases/", {"person": world.at_agadez.pk, "kind": "general"}, format="json"
    ).json()["id"]
    caseworker.post(f"/api/cases/{case}/notes/", {"text": "Cried"}, format="json")
    officer = _client(world.user(Role.REGISTRATION_OFFICER))
    for url in ("/api/cases/", f"/api/cases/{case}/", f"/api/cases/{case}/notes/"):
        assert officer.get(url).status_code == 403, url
    outsider = _client(world.outsider)
    assert outsider.get("/api/cases/").json()["results"] == []
    for url in (f"/api/cases/{case}/", f"/api/cases/{case}/notes/"):
        assert outsider.get(url).status_code == 404, url
    refused = outsider.post(
        "/api/cases/", {"person": world.at_agadez.pk, "kind": "general"}, format="json"
    )
    assert refused.status_code == 400
    assert not accesses_of(CaseNote.objects.get()).exists()


def test_a_refused_action_is_a_400_not_a_500(world: Any) -> None:
    caseworker = _client(world.user(Role.CASEWORKER))
    case = caseworker.post(
        "/api/cases/", {"person": world.at_agadez.pk, "kind": "general"}, format="json"
    ).json()["id"]
    from mixflow.protection.actions import close_case
    from mixflow.protection.models import Case

    close_case(actor=world.user(Role.CASEWORKER), case=Case.objects.get(pk=case), reason="other")
    response = caseworker.post(f"/api/cases/{case}/tasks/", {"title": "Late"}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]


def test_the_cases_endpoints_are_in_the_schema(world: Any) -> None:
    schema = _client(world.user(Role.CASEWORKER)).get("/api/schema/?format=json").json()
    for path in (
        "/api/cases/",
        "/api/cases/{id}/",
        "/api/cases/{id}/tasks/",
        "/api/cases/{id}/notes/",
        "/api/case-tasks/{id}/done/",
    ):
        assert path in schema["paths"], path

"""The rest of a case through the API: documents, a child's best-interests steps, a transfer
with consent, closing. The same permissions as the pages; downloads logged; in the schema."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from mixflow.core.audit import accesses_of
from mixflow.core.roles import Role
from mixflow.identity.actions import PersonDetails, register_person
from mixflow.lib.vocabularies import ConsentMethod, ConsentPurpose
from mixflow.protection.actions import record_consent
from mixflow.protection.models import Case, CaseDocument
from tests.conftest import DAY

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _client(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _open(client: APIClient, person_id: int, kind: str = "general") -> int:
    opened = client.post("/api/cases/", {"person": person_id, "kind": kind}, format="json")
    assert opened.status_code == 201, opened.content
    return int(opened.json()["id"])


def test_documents_are_checked_listed_and_downloaded_with_a_log(
    world: Any, tmp_path: Any, monkeypatch: Any
) -> None:
    monkeypatch.setenv("MIXFLOW_DATA_DIR", str(tmp_path))
    caseworker = _client(world.user(Role.CASEWORKER))
    case = _open(caseworker, world.at_agadez.pk)
    url = f"/api/cases/{case}/documents/"
    fake = caseworker.post(
        url, {"file": SimpleUploadedFile("letter.pdf", b"MZ not a pdf")}, format="multipart"
    )
    assert fake.status_code == 400
    assert "match its type" in str(fake.json())
    wrong = caseworker.post(url, {"file": SimpleUploadedFile("run.exe", b"MZ")}, format="multipart")
    assert wrong.status_code == 400
    made = caseworker.post(
        url,
        {"title": "Medical letter", "file": SimpleUploadedFile("letter.pdf", PDF)},
        format="multipart",
    )
    assert made.status_code == 201, made.content
    assert made.json()["content_type"] == "application/pdf"
    assert [d["title"] for d in caseworker.get(url).json()] == ["Medical letter"]
    document = CaseDocument.objects.get()
    assert not accesses_of(document).exists()
    download = caseworker.get(f"/api/case-documents/{document.pk}/")
    assert download.status_code == 200
    assert download.content == PDF
    assert download["Content-Disposition"].startswith("attachment")
    assert accesses_of(document).count() == 1
    # Nobody else reads or adds them.
    officer = _client(world.user(Role.REGISTRATION_OFFICER))
    assert officer.get(url).status_code == 403
    outsider = _client(world.outsider)
    assert outsider.get(url).status_code == 404
    assert outsider.get(f"/api/case-documents/{document.pk}/").status_code == 404
    assert (
        outsider.post(
            url, {"file": SimpleUploadedFile("x.pdf", PDF)}, format="multipart"
        ).status_code
        == 404
    )
    assert accesses_of(document).count() == 1


def test_a_childs_assessment_then_determination_then_closing(world: Any) -> None:
    child = register_person(
        actor=world.user(Role.REGISTRATION_OFFICER),
        organisation=world.home,
        site=world.agadez,
        registered_on=DAY,
        details=PersonDetails(
            given_name="Hawa", family_name="Diallo", sex="female", date_of_birth=str(DAY.year - 15)
        ),
    )
    caseworker = _client(world.user(Role.CASEWORKER))
    case = _open(caseworker, child.pk, kind="child")
    url = f"/api/cases/{case}/best-interests/"
    assert [(s["step"], s["status"]) for s in caseworker.get(url).json()] == [("bia", "proposed")]
    early = caseworker.post(
        url, {"step": "bid", "findings": "-", "recommendation": "-"}, format="json"
    )
    assert early.status_code == 400
    bia = caseworker.post(
        url,
        {
            "step": "bia",
            "findings": "Travelling with an uncle",
            "recommendation": "Trace the parents",
            "determination_needed": True,
        },
        format="json",
    )
    assert bia.status_code == 201, bia.content
    bid = caseworker.post(
        url,
        {"step": "bid", "findings": "Parents found", "recommendation": "Reunify"},
        format="json",
    )
    assert bid.status_code == 201, bid.content
    assert {(s["step"], s["status"]) for s in caseworker.get(url).json()} == {
        ("bia", "done"),
        ("bid", "done"),
    }
    bad = caseworker.post(f"/api/cases/{case}/close/", {"reason": "bored"}, format="json")
    assert bad.status_code == 400
    closed = caseworker.post(
        f"/api/cases/{case}/close/",
        {"reason": "durable_solution", "note": "Reunified"},
        format="json",
    )
    assert closed.status_code == 200, closed.content
    assert closed.json()["status"] == "closed"


def test_a_transfer_needs_consent_and_is_answered_by_the_receiver(world: Any) -> None:
    sender = _client(world.user(Role.CASEWORKER))
    receiver = _client(world.outsider)
    case = _open(sender, world.at_agadez.pk)
    url = f"/api/cases/{case}/transfers/"
    body = {"to_organisation": world.other.code, "reason": "Moving to Niamey"}
    refused = sender.post(url, body, format="json")
    assert refused.status_code == 403
    assert (
        sender.post(url, {**body, "to_organisation": "nowhere"}, format="json").status_code == 400
    )
    record_consent(
        actor=world.user(Role.CASEWORKER),
        person=world.at_agadez,
        purpose=ConsentPurpose.SHARE_WITH_ORGANISATION,
        given=True,
        method=ConsentMethod.SIGNED,
        recorded_on=DAY,
        target_organisation=world.other,
    )
    asked = sender.post(url, body, format="json")
    assert asked.status_code == 201, asked.content
    transfer = asked.json()["id"]
    assert [t["status"] for t in sender.get(url).json()] == ["requested"]
    # The sender does not answer its own offer; the receiver sees it waiting.
    answer = f"/api/case-transfers/{transfer}/answer/"
    assert sender.post(answer, {"accept": True}, format="json").status_code == 404
    assert [t["id"] for t in receiver.get("/api/case-transfers/").json()["results"]] == [transfer]
    assert sender.get("/api/case-transfers/").json()["results"] == []
    accepted = receiver.post(answer, {"accept": True, "note": "Welcome"}, format="json")
    assert accepted.status_code == 200, accepted.content
    received = accepted.json()["received_case"]
    assert Case.objects.get(pk=received).organisation == world.other
    assert receiver.get(f"/api/cases/{received}/").status_code == 200
    assert receiver.get(f"/api/cases/{case}/").status_code == 404
    again = receiver.post(answer, {"accept": True}, format="json")
    assert again.status_code == 400


def test_the_case_work_endpoints_are_in_the_schema(world: Any) -> None:
    schema = _client(world.user(Role.CASEWORKER)).get("/api/schema/?format=json").json()
    for path in (
        "/api/cases/{id}/close/",
        "/api/cases/{id}/documents/",
        "/api/case-documents/{id}/",
        "/api/cases/{id}/best-interests/",
        "/api/cases/{id}/transfers/",
        "/api/case-transfers/",
        "/api/case-transfers/{id}/answer/",
    ):
        assert path in schema["paths"], path
    upload = schema["paths"]["/api/cases/{id}/documents/"]["post"]["requestBody"]["content"]
    assert "multipart/form-data" in upload

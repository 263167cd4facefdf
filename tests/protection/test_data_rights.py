"""Data subjects' rights from the person's page: requests kept with their decision, a
restriction that stops all sharing until lifted, and an access report of everything held
about the person, in their language; audited, and refused to whoever may not handle them."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from mixflow.core.roles import Role
from mixflow.core.scoping import scoped
from mixflow.identity.models import Person
from mixflow.lib.vocabularies import ConsentPurpose
from mixflow.protection import data_rights_actions
from mixflow.protection.consent import may_share
from mixflow.protection.data_rights_models import DataRequest
from tests.conftest import DAY


def test_a_restriction_stops_sharing_until_it_is_lifted(world: Any, login: Any) -> None:
    person = world.shared  # consented to sharing with home
    home = world.home.pk
    purpose = ConsentPurpose.SHARE_WITH_ORGANISATION
    assert may_share(person=person, recipient_organisation_id=home, purpose=purpose)
    reader = world.user(Role.CASEWORKER)  # of home, reading the record through the consent
    assert scoped(reader, Person).filter(pk=person.pk).exists()
    client = login(world.outsider)  # a caseworker of the organisation holding the record
    response = client.post(
        reverse("web:data_request_add", args=[person.pk]),
        {"kind": "restriction", "received_on": DAY.isoformat(), "details": "asked at the desk"},
    )
    assert response.status_code == 302
    decision = may_share(person=person, recipient_organisation_id=home, purpose=purpose)
    assert not decision
    assert "restricted" in str(decision.reason)
    # Reads through consent stop with it, not only new sharing.
    assert not scoped(reader, Person).filter(pk=person.pk).exists()
    page = client.get(reverse("web:person_detail", args=[person.pk])).content.decode()
    assert "shared with nobody" in page
    held = DataRequest.objects.get(person=person)
    assert held.decided_by == world.outsider
    assert held.outcome == "granted"
    client.post(reverse("web:data_request_decide", args=[held.pk]))
    assert may_share(person=person, recipient_organisation_id=home, purpose=purpose)
    assert scoped(reader, Person).filter(pk=person.pk).exists()
    held.refresh_from_db()
    assert held.lifted_at is not None  # the request stays, with when it was lifted
    changes = LogEntry.objects.filter(content_type__model="datarequest", object_id=held.pk)
    assert changes.count() >= 3  # received, granted, lifted


def test_a_request_is_kept_with_its_decision(world: Any, login: Any) -> None:
    person = world.at_agadez
    client = login(world.user(Role.REGISTRATION_OFFICER))
    client.post(
        reverse("web:data_request_add", args=[person.pk]),
        {"kind": "erasure", "received_on": "2026-09-20"},
    )
    request = DataRequest.objects.get(person=person)
    assert request.outcome == "pending"
    assert request.received_on == datetime.date(2026, 9, 20)
    client.post(
        reverse("web:data_request_decide", args=[request.pk]),
        {"granted": "no", "reason": "an open protection case needs the record"},
    )
    request.refresh_from_db()
    assert request.outcome == "refused"
    assert request.reason == "an open protection case needs the record"
    with pytest.raises(PermissionDenied):
        data_rights_actions.decide_request(
            actor=world.user(Role.REGISTRATION_OFFICER), request=request, granted=True
        )


def test_the_access_report_holds_everything_in_the_persons_language(world: Any, login: Any) -> None:
    person = world.at_agadez
    client = login(world.user(Role.CASEWORKER))
    response = client.get(reverse("web:access_report", args=[person.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Cache-Control"] == "no-store"
    report = response.json()
    assert report["person"]["given name"] == "Tesfaye"
    titles = {section["title"] for section in report["sections"]}
    assert {"Encounters", "Sensitive details"} <= titles
    sensitive = next(s for s in report["sections"] if s["title"] == "Sensitive details")
    assert sensitive["rows"][0]["trafficking indicators"] == ["debt_bondage"]
    assert report["sensitive_details_left_out"] is False
    french = client.get(reverse("web:access_report", args=[person.pk]), {"lang": "fr"}).json()
    assert french["person"]["prénom"] == "Tesfaye"
    assert "Contacts" in {section["title"] for section in french["sections"]}
    entries = LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS, additional_data__report="access"
    )
    assert [e.additional_data["language"] for e in entries.order_by("pk")] == ["en", "fr"]
    assert {e.actor for e in entries} == {world.user(Role.CASEWORKER)}


def test_sensitive_details_stay_out_for_a_reader_who_may_not_see_them(
    world: Any, login: Any
) -> None:
    client = login(world.user(Role.REGISTRATION_OFFICER))
    report = client.get(reverse("web:access_report", args=[world.at_agadez.pk])).json()
    assert report["sensitive_details_left_out"] is True
    assert "debt_bondage" not in str(report)


def test_refused_to_those_who_may_not_handle_requests(world: Any, login: Any) -> None:
    person = world.at_agadez
    for role in (Role.ANALYST, Role.ORG_ADMIN, Role.ENUMERATOR):
        client = login(world.user(role))
        assert client.get(reverse("web:access_report", args=[person.pk])).status_code == 403
    # Out of scope: another site, another organisation.
    limited = login(world.limited)
    url = reverse("web:access_report", args=[world.at_tripoli.pk])
    assert limited.get(url).status_code == 404
    outsider = login(world.outsider)
    response = outsider.post(
        reverse("web:data_request_add", args=[person.pk]), {"kind": "restriction"}
    )
    assert response.status_code == 404
    assert not DataRequest.objects.exists()
    # Read through consent is not enough to act on another organisation's record.
    with pytest.raises(PermissionDenied):
        data_rights_actions.restrict(
            actor=world.user(Role.CASEWORKER), person=world.shared, received_on=DAY
        )


def test_a_legal_hold_is_placed_shown_and_lifted_from_the_persons_page(
    world: Any, login: Any
) -> None:
    from mixflow.protection.data_rights_models import LegalHold
    from mixflow.protection.erasure_actions import blockers_of

    person = world.at_agadez
    client = login(world.user(Role.REGISTRATION_OFFICER))
    page = reverse("web:person_detail", args=[person.pk])
    assert "No legal hold on this record." in client.get(page).content.decode()
    # No ground, no hold: the law's reason is what keeps the record.
    client.post(reverse("web:legal_hold_add", args=[person.pk]), {"reason": "  "})
    assert not LegalHold.objects.exists()
    response = client.post(
        reverse("web:legal_hold_add", args=[person.pk]), {"reason": "Court order 2026/117"}
    )
    assert response.status_code == 302
    hold = LegalHold.objects.get(person=person)
    assert hold.placed_by == world.user(Role.REGISTRATION_OFFICER)
    shown = client.get(page).content.decode()
    assert "Court order 2026/117" in shown
    assert "in force" in shown
    assert any("Court order 2026/117" in str(r) for r in blockers_of(person))
    # Another organisation can neither see nor lift it.
    outsider = login(world.outsider)
    assert outsider.post(reverse("web:legal_hold_lift", args=[hold.pk])).status_code == 404
    hold.refresh_from_db()
    assert hold.lifted_on is None
    login(world.user(Role.REGISTRATION_OFFICER)).post(
        reverse("web:legal_hold_lift", args=[hold.pk])
    )
    hold.refresh_from_db()
    assert hold.lifted_on is not None
    assert not any("Court order" in str(r) for r in blockers_of(person))
    assert LogEntry.objects.filter(content_type__model="legalhold", object_id=hold.pk).count() >= 2


def test_the_access_report_in_json_has_an_encrypted_download(world: Any, login: Any) -> None:
    import io
    import json

    import pyzipper

    person = world.at_agadez
    client = login(world.user(Role.CASEWORKER))
    page = client.get(reverse("web:person_detail", args=[person.pk])).content.decode()
    url = reverse("web:access_report_encrypted", args=[person.pk])
    assert url in page
    assert "Password of the archive" in client.get(url).content.decode()
    differ = client.post(
        url, {"format": "json", "password": "correct horse battery", "again": "other horse"}
    )
    assert "The two passwords differ." in differ.content.decode()

    password = "correct horse battery"
    response = client.post(
        url, {"format": "json", "password": password, "again": password, "lang": "fr"}
    )
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith("attachment")
    assert b"Tesfaye" not in response.content
    archive = pyzipper.AESZipFile(io.BytesIO(response.content))
    assert archive.namelist() == [f"person-{person.pk}-data.json"]
    with pytest.raises(RuntimeError):
        archive.read(archive.namelist()[0])  # no password
    archive.setpassword(password.encode())
    report = json.loads(archive.read(archive.namelist()[0]))
    assert report["person"]["prénom"] == "Tesfaye"  # the person's language, as asked
    plain = client.get(reverse("web:access_report", args=[person.pk]), {"lang": "fr"}).json()
    assert {**report, "generated_at": ""} == {**plain, "generated_at": ""}
    entry = LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS, additional_data__encrypted=True
    ).get()
    assert entry.additional_data["format"] == "json"
    pdf = client.post(url, {"format": "pdf", "password": password, "again": password})
    archive = pyzipper.AESZipFile(io.BytesIO(pdf.content))
    archive.setpassword(password.encode())
    assert archive.read(f"person-{person.pk}-data.pdf").startswith(b"%PDF")
    # The same refusals as the report itself.
    for role in (Role.ANALYST, Role.ORG_ADMIN, Role.ENUMERATOR):
        assert login(world.user(role)).get(url).status_code == 403
    assert (
        login(world.limited)
        .get(reverse("web:access_report_encrypted", args=[world.at_tripoli.pk]))
        .status_code
        == 404
    )

"""The directory and referrals through the API, with the permissions of the pages: propose →
send → accept → complete; the provider's inbox shows the shared fields only; consent refusals
are 400 with the reason; another organisation is refused."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from mixflow.core.roles import Role
from tests.conftest import World
from tests.protection.conftest import Directory, consent_to_services

pytestmark = pytest.mark.django_db


def test_the_whole_referral_flow_through_the_api(
    world: World, directory: Directory, login: Any
) -> None:
    caseworker = login(world.user(Role.CASEWORKER))
    suggested = caseworker.get(
        reverse("api:person_suggestions", args=[world.at_agadez.pk]), {"needs": ["SM"]}
    ).json()
    assert [s["service"]["name"] for s in suggested] == ["Agadez clinic"]
    assert "Serves this site" in suggested[0]["reasons"]
    created = caseworker.post(
        reverse("api:referrals"),
        {
            "person": world.at_agadez.pk,
            "service": directory.health.pk,
            "needs": ["SM"],
            "contact": "+227 90 00 00 01",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    referral_id = created.json()["id"]
    refused = caseworker.post(reverse("api:referral_send", args=[referral_id]))
    assert refused.status_code == 400
    assert "has not agreed to this purpose" in refused.content.decode()
    consent_to_services(world, world.at_agadez, share_with=directory.clinic)
    sent = caseworker.post(reverse("api:referral_send", args=[referral_id]))
    assert sent.status_code == 200
    assert sent.json()["status"] == "sent"

    provider = login(directory.clinic_staff)
    inbox = provider.get(reverse("api:inbox")).json()
    rows = inbox["results"] if isinstance(inbox, dict) else inbox
    assert [r["id"] for r in rows] == [referral_id]
    assert "person" not in rows[0]
    shared = {v["code"]: v["value"] for v in rows[0]["shared"][0]}
    assert shared["name"] == "Tesfaye Haile"
    assert set(shared) == {"name", "sex", "age", "languages", "contact"}
    for answer in ("accept", "complete"):
        answered = provider.post(
            reverse("api:inbox_answer", args=[referral_id]),
            {"answer": answer, "text": "Seen on Monday"},
            content_type="application/json",
        )
        assert answered.status_code == 200, answered.content
    assert answered.json()["status"] == "completed"
    # The provider cannot use the referring side's endpoints, nor read the person.
    assert provider.get(reverse("api:referral", args=[referral_id])).status_code == 403
    assert provider.get(reverse("api:person", args=[world.at_agadez.pk])).status_code == 403
    caseworker = login(world.user(Role.CASEWORKER))  # one test client: sign in again
    closed = caseworker.post(
        reverse("api:referral_close", args=[referral_id]),
        {"reason": "Need met"},
        content_type="application/json",
    )
    assert closed.json()["status"] == "closed"


def test_services_are_read_by_all_and_written_by_their_organisation(
    world: World, directory: Directory, login: Any
) -> None:
    enumerator = login(world.user(Role.ENUMERATOR))
    listing = enumerator.get(reverse("api:services")).json()
    rows = listing["results"] if isinstance(listing, dict) else listing
    assert {"Agadez clinic", "Legal counselling Tripoli"} <= {r["name"] for r in rows}
    body = {"name": "Night shelter", "service_type": "shelter", "sites": ["NER-AGZ-BUS"]}
    assert (
        enumerator.post(reverse("api:services"), body, content_type="application/json").status_code
        == 403
    )
    admin = login(directory.clinic_admin)
    made = admin.post(reverse("api:services"), body, content_type="application/json")
    assert made.status_code == 201, made.content
    assert made.json()["organisation"] == "clinic"
    # Home's organisation administrator may not rewrite the clinic's service.
    home_admin = login(world.user(Role.ORG_ADMIN))
    changed = home_admin.put(
        reverse("api:service", args=[made.json()["id"]]),
        {**body, "name": "Hijacked"},
        content_type="application/json",
    )
    assert changed.status_code == 403
    bad = admin.post(
        reverse("api:services"),
        {"name": "X", "service_type": "shelter", "sites": ["NOWHERE"]},
        content_type="application/json",
    )
    assert bad.status_code == 400
    schema = enumerator.get(reverse("api:schema"), {"format": "json"}).json()
    assert {"/api/services/", "/api/referrals/", "/api/inbox/"} <= set(schema["paths"])

"""The route of a person across their registrations: list, map, and per-site people counts."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.urls import reverse

from mixflow.flows.routes import people_counts_by_site, route_of
from mixflow.identity.actions import link_records
from mixflow.identity.models import Person
from mixflow.intake.actions import record_encounter
from mixflow.lib.vocabularies import EncounterKind
from mixflow.web.route_map import route_map
from tests.conftest import DAY
from tests.identity.conftest import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def travelled(world: Any) -> Person:
    """Tesfaye, registered at Agadez (DAY), seen again at Tripoli, and registered a second
    time at Tripoli earlier under another spelling; the two records linked."""
    officer = world.user("registration_officer")
    record_encounter(
        actor=officer,
        person=world.at_agadez,
        site=world.tripoli,
        occurred_on=DAY + datetime.timedelta(days=40),
        kind=EncounterKind.FLOW_SURVEY,
    )
    earlier = register(
        world,
        world.tripoli,
        DAY - datetime.timedelta(days=30),
        given_name="Tesfay",
        family_name="Hailé",
    )
    link_records(actor=officer, a=world.at_agadez, b=earlier, reason="")
    return earlier


def test_route_joins_every_record_of_the_identity_in_date_order(
    world: Any, travelled: Person
) -> None:
    stops = route_of(world.user("caseworker"), Person.objects.get(pk=world.at_agadez.pk))
    assert [s.occurred_on for s in stops] == sorted(s.occurred_on for s in stops)
    assert [s.site_name for s in stops] == [
        "Tripoli transit hub",
        "Agadez bus station",
        "Tripoli transit hub",
    ]
    assert [s.person_id for s in stops] == [travelled.pk, world.at_agadez.pk, world.at_agadez.pk]


def test_route_shows_only_what_the_user_may_see(world: Any, travelled: Person) -> None:
    stops = route_of(world.limited, Person.objects.get(pk=world.at_agadez.pk))
    assert [s.site_name for s in stops] == ["Agadez bus station"]
    assert route_of(world.outsider, Person.objects.get(pk=world.at_agadez.pk)) == []


def test_person_page_shows_other_registrations_route_list_and_map(
    login: Any, world: Any, travelled: Person
) -> None:
    body = (
        login(world.user("caseworker"))
        .get(reverse("web:person_detail", args=[world.at_agadez.pk]))
        .content.decode()
    )
    assert "Other registrations of this person" in body
    assert reverse("web:person_detail", args=[travelled.pk]) in body
    route = body[body.index('id="route-title"') :]
    assert route.index("Tripoli transit hub") < route.index("Agadez bus station")
    assert '<svg class="route-map"' in route
    assert "<polyline" in route
    assert "style=" not in route  # strict CSP: classes only
    # Two sites on the map; Tripoli carries stops 1 and 3.
    assert len(re.findall(r"<circle ", route)) == 2
    assert ">1, 3</text>" in route


def test_limited_officer_sees_no_other_registration_outside_their_sites(
    login: Any, world: Any, travelled: Person
) -> None:
    body = (
        login(world.limited)
        .get(reverse("web:person_detail", args=[world.at_agadez.pk]))
        .content.decode()
    )
    assert reverse("web:person_detail", args=[travelled.pk]) not in body
    assert "Tripoli transit hub" not in body


def test_split_from_the_person_page(login: Any, world: Any, travelled: Person) -> None:
    client = login(world.user("registration_officer"))
    response = client.post(
        reverse("web:person_split", args=[travelled.pk]), {"reason": "other mother"}
    )
    assert response.status_code == 302
    a = Person.objects.get(pk=world.at_agadez.pk)
    b = Person.objects.get(pk=travelled.pk)
    assert a.identity_id != b.identity_id


def test_people_counts_count_identities_not_records(world: Any, travelled: Person) -> None:
    counts = {c.site_id: c for c in people_counts_by_site(world.user("caseworker"))}
    tripoli = counts[world.tripoli.pk]
    # Tripoli: Mohammed's registration, Tesfay's registration, Tesfaye's later visit.
    assert (tripoli.encounters, tripoli.records, tripoli.people) == (3, 3, 2)
    agadez = counts[world.agadez.pk]
    # and Yusuf, whose organisation he allowed to share his record with home.
    assert (agadez.encounters, agadez.records, agadez.people) == (2, 2, 2)


def test_map_is_none_without_coordinates_and_fits_its_frame(world: Any) -> None:
    stops = route_of(world.user("caseworker"), world.at_agadez)
    drawn = route_map(stops)
    assert drawn is not None
    for point in drawn.points:
        assert 0 <= point.x <= drawn.width
        assert 0 <= point.y <= drawn.height
    world.agadez.latitude = world.agadez.longitude = None
    world.agadez.save()
    assert route_map(route_of(world.user("caseworker"), world.at_agadez)) is None

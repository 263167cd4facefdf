"""The flow monitoring registry: listed for those who see counts, corrected with an audit."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from mixflow.core import audit
from mixflow.core.roles import Role
from mixflow.intake.actions import correct_flow_count, record_flow_count
from mixflow.intake.models import FlowCount
from mixflow.lib.vocabularies import Direction
from tests.conftest import World


@pytest.fixture
def counts(world: World) -> list[FlowCount]:
    enumerator = world.user(Role.ENUMERATOR)
    made = []
    for day, site, nationality in (
        (3, world.agadez, "NER"),
        (4, world.agadez, "MLI"),
        (5, world.tripoli, "SDN"),
    ):
        made.append(
            record_flow_count(
                actor=enumerator,
                organisation=world.home,
                site=site,
                values={
                    "observed_at": datetime.datetime(2026, 10, day, 9, tzinfo=datetime.UTC),
                    "direction": Direction.INCOMING,
                    "group_size": 3,
                    "men": 1,
                    "women": 1,
                    "girls": 1,
                    "nationality": nationality,
                },
            )
        )
    return made


def test_the_list_filters_by_site_and_nationality(
    world: World, counts: list[FlowCount], login: Any
) -> None:
    client = login(world.user(Role.ANALYST))
    page = client.get(reverse("web:flow_count_list") + f"?site={world.agadez.pk}")
    assert page.status_code == 200
    assert len(page.context["page"].object_list) == 2
    page = client.get(reverse("web:flow_count_list") + "?nationality=SDN")
    assert [c.nationality for c in page.context["page"].object_list] == ["SDN"]
    # Another organisation's enumerator sees none of home's counts.
    assert login(world.outsider).get(reverse("web:flow_count_list")).status_code != 200


def test_a_correction_changes_the_count_and_is_audited(
    world: World, counts: list[FlowCount], login: Any
) -> None:
    count = counts[0]
    client = login(world.user(Role.ENUMERATOR))
    form = {
        "direction": "outgoing",
        "men": 2,
        "women": 1,
        "boys": 0,
        "girls": 1,
        "nationality": "ner",
        "intended_destination": "ita",
        "transport": "bus",
        "reason": "",
        "unaccompanied_children": 0,
        "pregnant_women": 0,
        "older_persons": 0,
        "persons_with_disability": 0,
    }
    response = client.post(reverse("web:flow_count_correct", args=[count.pk]), form)
    assert response.status_code == 302
    count.refresh_from_db()
    assert (count.group_size, count.men, count.direction) == (4, 2, "outgoing")
    assert count.intended_destination == "ITA"
    entry = audit.history(count).first()
    assert entry is not None
    assert entry.changes_dict["men"] == ["1", "2"]


def test_corrections_are_refused_outside_the_scope(world: World, counts: list[FlowCount]) -> None:
    with pytest.raises(PermissionDenied):
        correct_flow_count(actor=world.outsider, flow_count=counts[0], values={"men": 3})
    with pytest.raises(PermissionDenied):  # a registration officer sees counts, corrects none
        correct_flow_count(
            actor=world.user(Role.REGISTRATION_OFFICER), flow_count=counts[0], values={"men": 3}
        )
    with pytest.raises(ValidationError):
        correct_flow_count(
            actor=world.user(Role.ANALYST),
            flow_count=counts[0],
            values={"men": 0, "women": 0, "girls": 0},
        )
    with pytest.raises(ValidationError):
        correct_flow_count(actor=world.user(Role.ANALYST), flow_count=counts[0], values={"site": 1})

"""A flow count's previous transit point is found by its site code, also for a site added after
the code was first asked for (no stale answer is kept)."""

from __future__ import annotations

from typing import Any

import pytest

from mixflow.geo.models import Location
from mixflow.intake.encounter_actions import flow_count_from
from mixflow.lib.vocabularies import SiteKind

pytestmark = pytest.mark.django_db


def test_a_transit_point_added_later_is_found_and_a_renamed_code_is_not(world: Any) -> None:
    officer = world.user("enumerator")
    values = {"previous_transit_point": "NER-NEW-POINT"}
    assert flow_count_from(world.home, world.agadez, values, officer).previous_transit_point is None
    new = Location(
        code="NER-NEW-POINT",
        level="site",
        parent=world.agadez.parent,
        country_code="NER",
        name="New point",
        site_kind=SiteKind.BUS_STATION,
    )
    new.save()
    found = flow_count_from(world.home, world.agadez, values, officer).previous_transit_point
    assert found is not None
    assert found.pk == new.pk
    new.code = "NER-RENAMED"
    new.save()
    gone = flow_count_from(world.home, world.agadez, values, officer).previous_transit_point
    assert gone is None

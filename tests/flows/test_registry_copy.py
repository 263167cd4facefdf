"""The flow monitoring registry's DuckDB copy: the same answers as the ORM, kept fresh by the
version token intake's flow-count actions bump."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test import override_settings

from mixflow.accounts.actions import create_or_update_user
from mixflow.core.roles import Role
from mixflow.flows import dashboard_queries as dq
from mixflow.flows import engine, registry_orm
from mixflow.flows.actions import flow_counts_reloaded
from mixflow.flows.corridors import ROUTES
from mixflow.flows.dashboard_filters import Filters
from mixflow.flows.models import FlowCountsVersion
from mixflow.intake.actions import correct_flow_count, record_flow_count
from mixflow.intake.models import FlowCount
from tests.conftest import PASSWORD, SETUP, World
from tests.flows.conftest import Flows

QUERIES = (
    "movements_over_time",
    "movement_breakdown",
    "movements_by_site",
    "movement_nationalities",
    "route_segments",
)


def _both(name: str, user: Any, audience: dq.Audience, filters: Filters) -> tuple[Any, Any]:
    copy = getattr(dq, name)(user, audience, filters)
    orm = getattr(registry_orm, name)(user, audience, filters)
    if name == "route_segments":  # the ORM leaves ties in no particular order
        key = lambda row: (-row["count"], row["from_site_id"], row["to_site_id"])  # noqa: E731
        return sorted(copy, key=key), sorted(orm, key=key)
    return copy, orm


@pytest.fixture
def registry(flows: Flows) -> Flows:
    """The flows fixture's counts, plus groups on other days, directions and hours (one just
    before midnight UTC, one just after), some from a previous transit point."""
    world = flows.world
    for when, direction, site, previous, nationality in (
        (
            datetime.datetime(2026, 7, 31, 23, 30, tzinfo=datetime.UTC),
            "outgoing",
            None,
            None,
            "NER",
        ),
        (
            datetime.datetime(2026, 8, 1, 0, 30, tzinfo=datetime.UTC),
            "transit",
            None,
            "LBY-TIP-HUB",
            "SDN",
        ),
        (
            datetime.datetime(2026, 9, 28, 12, tzinfo=datetime.UTC),
            "incoming",
            world.tripoli,
            "NER-AGZ-BUS",
            "ERI",
        ),
        (
            datetime.datetime(2026, 10, 5, 6, tzinfo=datetime.UTC),
            "outgoing",
            world.tripoli,
            "NER-AGZ-BUS",
            "ERI",
        ),
    ):
        record_flow_count(
            actor=SETUP,
            organisation=world.home,
            site=site or world.agadez,
            values={
                "observed_at": when,
                "direction": direction,
                "group_size": 4,
                "men": 2,
                "girls": 2,
                "unaccompanied_children": 1,
                "older_persons": 1,
                "nationality": nationality,
                **({"previous_transit_point": previous} if previous else {}),
            },
        )
    record_flow_count(
        actor=SETUP,
        organisation=world.other,
        site=world.agadez,
        values={"observed_at": datetime.date(2026, 8, 10), "direction": "incoming",
                "group_size": 7, "women": 7, "nationality": "NER"},
    )  # fmt: skip
    return flows


def _filter_sets(world: World) -> list[Filters]:
    sets = [
        Filters(),
        Filters(grain="day"),
        Filters(grain="week"),
        Filters(site_ids=(world.agadez.pk,)),
        Filters(country="LBY"),
        Filters(nationality="NER"),
        Filters(start=datetime.date(2026, 8, 1), end=datetime.date(2026, 9, 30), grain="week"),
        Filters(start=datetime.date(2026, 7, 31), end=datetime.date(2026, 7, 31), grain="day"),
    ]
    sets += [Filters(route=route) for route in ROUTES]
    return sets


def _readers(world: World) -> list[tuple[Any, dq.Audience]]:
    limited = create_or_update_user(
        actor=SETUP,
        username="tripoli_analyst",
        organisation=world.home,
        password=PASSWORD,
        roles=[Role.ANALYST],
        limited_to=[world.tripoli],
    )
    analyst = world.user(Role.ANALYST)
    return [
        (analyst, dq.audience_of(analyst)),
        (limited, dq.audience_of(limited)),
        (world.outsider, dq.audience_of(world.outsider)),
        (SETUP, dq.audience_of(SETUP)),
        (analyst, dq.Audience(None, None, country="NER")),  # a national view
        (analyst, dq.NOBODY),
    ]


def test_the_copy_answers_as_the_orm_for_every_reader_and_filter(registry: Flows) -> None:
    world = registry.world
    compared = 0
    for user, audience in _readers(world):
        for filters in _filter_sets(world):
            for name in QUERIES:
                copy, orm = _both(name, user, audience, filters)
                assert copy == orm, (name, user, audience, filters)
                compared += bool(orm) and any(row["count"] for row in orm)
    assert compared > 100  # most comparisons had figures to compare


def test_a_site_limited_reader_counts_their_sites_only(registry: Flows) -> None:
    reader, audience = _readers(registry.world)[1]
    sites = dq.movements_by_site(reader, audience, Filters())
    assert [row["site_id"] for row in sites] == [registry.world.tripoli.pk]


@override_settings(TIME_ZONE="Pacific/Kiritimati")  # UTC+14: late evening UTC is tomorrow
def test_days_are_the_server_time_zone_s(registry: Flows) -> None:
    engine.FACTS.forget()  # days are computed as the copy is read
    try:
        user, audience = _readers(registry.world)[0]
        for filters in (
            Filters(grain="day"),
            Filters(start=datetime.date(2026, 8, 1), end=datetime.date(2026, 8, 1), grain="day"),
        ):
            copy, orm = _both("movements_over_time", user, audience, filters)
            assert copy == orm
        days = dq.movements_over_time(user, audience, Filters(grain="day"))
        assert {"period": "2026-08-01", "direction": "outgoing", "count": 4} in days
    finally:
        engine.FACTS.forget()


def test_recording_correcting_and_deleting_are_seen_at_once(registry: Flows) -> None:
    world = registry.world
    user, audience = _readers(world)[0]

    def by_nationality() -> dict[str, int]:
        return _nationalities(user, audience)

    before = by_nationality()
    assert "AFG" not in before
    count = record_flow_count(
        actor=SETUP,
        organisation=world.home,
        site=world.tripoli,
        values={"observed_at": datetime.date(2026, 8, 12), "direction": "incoming",
                "group_size": 2, "men": 2, "nationality": "AFG"},
    )  # fmt: skip
    assert by_nationality()["AFG"] == 2
    correct_flow_count(
        actor=world.user(Role.ANALYST), flow_count=count, values={"men": 3, "nationality": "SOM"}
    )
    after = by_nationality()
    assert "AFG" not in after
    assert after["SOM"] == 3
    FlowCount.objects.get(pk=count.pk).delete()
    assert by_nationality() == before
    assert dq.movement_nationalities(user, audience, Filters()) == (
        registry_orm.movement_nationalities(user, audience, Filters())
    )


def test_a_bulk_load_past_the_hook_is_read_again_after_a_new_epoch(registry: Flows) -> None:
    world = registry.world
    user, audience = _readers(world)[0]
    before = dq.movement_breakdown(user, audience, Filters())
    template = FlowCount.objects.filter(organisation=world.home).first()
    assert template is not None
    template.pk = None
    FlowCount.objects.bulk_create([template])  # past the hook, as a bulk loader writes
    flow_counts_reloaded()
    after = dq.movement_breakdown(user, audience, Filters())
    assert after == registry_orm.movement_breakdown(user, audience, Filters())
    assert sum(r["count"] for r in after) > sum(r["count"] for r in before)


def test_a_rolled_back_change_is_not_taken_for_a_later_one(registry: Flows) -> None:
    """A write rolled back after the copy read it inside the transaction, then another write
    that takes the same change id: the copy sees the divergence and reads the registry
    again."""
    from django.db import transaction

    world = registry.world
    user, audience = _readers(world)[0]
    values = {"observed_at": datetime.date(2026, 8, 12), "direction": "incoming"}
    try:
        with transaction.atomic():
            record_flow_count(
                actor=SETUP, organisation=world.home, site=world.tripoli,
                values={**values, "group_size": 2, "men": 2, "nationality": "AFG"},
            )  # fmt: skip
            assert "AFG" in _nationalities(user, audience)
            raise _Undo
    except _Undo:
        pass
    record_flow_count(
        actor=SETUP, organisation=world.home, site=world.tripoli,
        values={**values, "group_size": 1, "women": 1, "nationality": "TCD"},
    )  # fmt: skip
    found = _nationalities(user, audience)
    assert "AFG" not in found
    assert found["TCD"] == 1


class _Undo(Exception):
    pass


def _nationalities(user: Any, audience: dq.Audience) -> dict[str, int]:
    return {
        row["nationality"]: row["count"]
        for row in dq.movement_nationalities(user, audience, Filters())
    }


def test_a_flushed_registry_without_a_version_is_empty(registry: Flows) -> None:
    user, audience = _readers(registry.world)[0]
    FlowCountsVersion.objects.all().delete()
    assert dq.movements_by_site(user, audience, Filters()) == []
    assert connection.vendor in ("sqlite", "postgresql")

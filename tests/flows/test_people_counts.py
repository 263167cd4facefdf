"""People counted by the DuckDB copy's bitmaps of dense person numbers: exactly what
``count(DISTINCT who)`` counts, after catching up, and after reopening a saved copy."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from mixflow.core.roles import Role
from mixflow.flows import dashboard_queries as dq
from mixflow.flows import engine
from mixflow.flows.dashboard_filters import Filters
from mixflow.identity.actions import PersonDetails, register_person
from mixflow.intake.actions import Journey, record_encounter
from mixflow.lib.vocabularies import EncounterKind
from tests.conftest import World
from tests.flows.conftest import LATER

GROUPINGS = ("()", "nationality", "site_id", "organisation_id, sex", "occurred_on")


def _exact_and_bitmap(grouping: str) -> list[tuple[Any, ...]]:
    _names, rows = engine.FACTS.answer(
        f"SELECT {grouping if grouping != '()' else '1'}, count(DISTINCT who), "  # noqa: S608
        f"{engine.PEOPLE} FROM facts GROUP BY {grouping} ORDER BY ALL",
        [],
    )
    return rows


def _assert_same() -> None:
    for grouping in GROUPINGS:
        for row in _exact_and_bitmap(grouping):
            assert row[-2] == row[-1], (grouping, row)


def test_bitmaps_count_the_people_count_distinct_counts(known: World) -> None:
    _assert_same()
    audience = dq.audience_of(known.user(Role.ANALYST))
    assert dq.totals(audience, Filters()) == {"encounters": 4, "people": 3}
    # A new person met: numbered as the copy catches up, counted at once.
    officer = known.user(Role.REGISTRATION_OFFICER)
    person = register_person(
        actor=officer,
        organisation=known.home,
        site=known.tripoli,
        registered_on=LATER,
        details=PersonDetails(given_name="Hawa", family_name="Ali", sex="female"),
    )
    record_encounter(
        actor=officer,
        person=person,
        site=known.tripoli,
        occurred_on=LATER,
        kind=EncounterKind.REGISTRATION,
        journey=Journey(country_of_origin="ERI"),
    )
    _assert_same()
    assert dq.totals(audience, Filters()) == {"encounters": 5, "people": 4}
    sites = {row["site_id"]: row["people"] for row in dq.sites(audience, Filters())}
    assert sites[known.tripoli.pk] == 3


def test_no_rows_count_no_people(known: World) -> None:
    audience = dq.audience_of(known.user(Role.ANALYST))
    assert dq.totals(audience, Filters(nationality="XXX")) == {"encounters": 0, "people": 0}


@pytest.mark.parametrize("without_numbers", [False, True])
def test_a_saved_copy_reopens_with_the_same_people(
    known: World, tmp_path: Path, monkeypatch: Any, without_numbers: bool
) -> None:
    """A copy saved and reopened by a restarted server — also one saved before person
    numbers existed — counts the same people."""
    saved = tmp_path / "facts.parquet"
    monkeypatch.setattr(engine, "_snapshot_path", lambda: saved)
    monkeypatch.setattr(engine, "SAVE_AT_LEAST", 0)
    engine.FACTS.forget()
    try:
        before = {g: _exact_and_bitmap(g) for g in GROUPINGS}
        assert saved.exists()
        if without_numbers:
            table = pq.read_table(saved)
            pq.write_table(table.drop_columns(["pid"]), saved)
        engine.FACTS.forget()  # a restarted server opens the saved file
        assert {g: _exact_and_bitmap(g) for g in GROUPINGS} == before
        _assert_same()
    finally:
        engine.FACTS.forget()

"""Publications: prepared and frozen by one analyst, approved by another, never deleted; and
differencing attacks through two publications."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from mixflow.core.roles import Role
from mixflow.flows.actions import approve_publication, prepare_publication, withdraw_publication
from mixflow.flows.queries import public_publications, tables_of
from tests.flows.conftest import Flows, observed

ALL = ["movements_by_nationality", "movements_by_site", "movements_by_sex_and_age"]


def _prepare(
    flows: Flows, kinds: list[str] | None = None, period: str = "2026-Q3", title: str = "Niger Q3"
) -> object:
    return prepare_publication(
        actor=flows.analyst,
        organisation=flows.world.home,
        title=title,
        country="NER",
        period=period,
        table_kinds=kinds or ALL,
    )


def test_prepared_tables_are_frozen_and_protected(flows: Flows) -> None:
    publication = _prepare(flows)
    tables = {t.name: t for t in tables_of(publication)}
    by_nationality = tables["movements_by_nationality"]
    assert by_nationality.cell(("NER",)).value == 46
    assert by_nationality.cell(("SEN",)).suppressed  # 3 people
    assert by_nationality.cell(("NGA",)).suppressed  # its complement (smallest other)
    # Tripoli is in Libya: not counted in a Niger publication
    assert all(cell.key != ("SDN",) for cell in by_nationality.cells)
    # recorded later: the frozen tables do not move
    observed(flows, "SEN", 10, day=datetime.date(2026, 8, 11))
    assert tables_of(publication)[0] == by_nationality


def test_the_preparer_cannot_approve(flows: Flows) -> None:
    publication = _prepare(flows)
    with pytest.raises(PermissionDenied):
        approve_publication(actor=flows.analyst, publication=publication)
    assert not public_publications().exists()
    approve_publication(actor=flows.second_analyst, publication=publication)
    assert list(public_publications()) == [publication]


def test_roles_without_publish_statistics_cannot_prepare_or_approve(flows: Flows) -> None:
    publication = _prepare(flows)
    for role in (Role.GOVERNMENT_OFFICIAL, Role.CASEWORKER, Role.ORG_ADMIN, Role.ENUMERATOR):
        with pytest.raises(PermissionDenied):
            approve_publication(actor=flows.world.user(role), publication=publication)
        with pytest.raises(PermissionDenied):
            prepare_publication(
                actor=flows.world.user(role),
                organisation=flows.world.home,
                title="x",
                country="NER",
                period="2026-Q3",
                table_kinds=ALL,
            )


def test_withdrawal_keeps_the_record_and_its_cells_in_the_ledger(flows: Flows) -> None:
    from mixflow.flows import gate

    publication = _prepare(flows)
    approve_publication(actor=flows.second_analyst, publication=publication)
    withdraw_publication(actor=flows.analyst, publication=publication, reason="typo in the title")
    publication.refresh_from_db()
    assert publication.status == "withdrawn"
    assert not public_publications().exists()
    assert len(gate.ledger()) > 0


def test_sensitive_table_refused_by_month(flows: Flows) -> None:
    with pytest.raises(ValidationError):
        _prepare(flows, ["unaccompanied_children_observed"], period="2026-08")
    quarter = _prepare(flows, ["unaccompanied_children_observed"])
    assert tables_of(quarter)[0].cell(("NER",)).suppressed  # one child


def test_two_publications_differing_by_one_person(flows: Flows) -> None:
    first = _prepare(flows, ["movements_by_nationality"])
    approve_publication(actor=flows.second_analyst, publication=first)
    # One more Malian is recorded; the same table is prepared again.
    flows.count(day=datetime.date(2026, 8, 12), nationality="MLI", group_size=1, men=1)
    second = _prepare(flows, ["movements_by_nationality"])
    assert second.version == 2
    table = tables_of(second)[0]
    assert table.cell(("MLI",)).status == "differencing"
    first_table = tables_of(first)[0]
    for cell in table.cells:
        earlier = first_table.cell(cell.key)
        if cell.value is not None and earlier.value is not None:
            assert not 0 < abs(cell.value - earlier.value) < 5


def test_filters_narrowed_step_by_step(flows: Flows) -> None:
    quarter = _prepare(flows, ["movements_by_nationality"])
    approve_publication(actor=flows.second_analyst, publication=quarter)
    # Narrow to August: September's 12 Nigerians drop out, the rest stays.
    august = _prepare(flows, ["movements_by_nationality"], period="2026-08", title="August")
    approve_publication(actor=flows.second_analyst, publication=august)
    # Narrow to September only: NGA is 12, and the quarter minus August gives 12 as well.
    september = _prepare(flows, ["movements_by_nationality"], period="2026-09", title="September")
    for table in tables_of(september):
        for cell in table.cells:
            for earlier_pub in (quarter, august):
                for earlier in tables_of(earlier_pub):
                    try:
                        other = earlier.cell(cell.key)
                    except KeyError:
                        continue
                    if cell.value is not None and other.value is not None:
                        assert not 0 < abs(cell.value - other.value) < 5


def test_approval_refused_when_a_later_publication_would_difference(flows: Flows) -> None:
    a = _prepare(flows, ["movements_by_nationality"])
    flows.count(day=datetime.date(2026, 8, 12), nationality="MLI", group_size=1, men=1)
    b = _prepare(flows, ["movements_by_nationality"])  # prepared before a is out
    approve_publication(actor=flows.second_analyst, publication=a)
    with pytest.raises(ValidationError):
        approve_publication(actor=flows.second_analyst, publication=b)


def test_threshold_and_rounding_come_from_settings(flows: Flows, settings: Any) -> None:
    settings.DISCLOSURE_CONTROL = {"THRESHOLD": 15, "ROUNDING_BASE": 5}
    table = tables_of(_prepare(flows, ["movements_by_nationality"]))[0]
    assert table.cell(("NGA",)).status == "primary"  # 12 < 15
    assert table.cell(("NER",)).value == 45  # 46 rounded to base 5
    assert "threshold 15" in table.policy

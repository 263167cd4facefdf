"""Identity's queries only read: a read leaves the database, audit log included, unchanged."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mixflow.core.roles import Role
from mixflow.identity.queries import PersonSearch, candidate_for, person_for, search_persons
from tests.identity.conftest import register, suggest

pytestmark = pytest.mark.django_db


def _statements(queries: CaptureQueriesContext) -> list[str]:
    return [query["sql"].lstrip().split(None, 1)[0].upper() for query in queries.captured_queries]


def test_person_for_writes_nothing(world: Any) -> None:
    entries = LogEntry.objects.count()
    with CaptureQueriesContext(connection) as queries:
        person = person_for(world.user(Role.CASEWORKER), world.at_agadez.pk)
    assert person == world.at_agadez
    assert set(_statements(queries)) == {"SELECT"}
    assert LogEntry.objects.count() == entries


def test_a_person_out_of_scope_is_none(world: Any) -> None:
    assert person_for(world.user(Role.CASEWORKER), world.of_other.pk) is None
    assert person_for(world.limited, world.at_tripoli.pk) is None


def test_candidate_for_writes_nothing(world: Any) -> None:
    candidate = suggest(world.at_agadez, world.at_tripoli)
    entries = LogEntry.objects.count()
    with CaptureQueriesContext(connection) as queries:
        assert candidate_for(world.user(Role.CASEWORKER), candidate.pk) == candidate
    assert set(_statements(queries)) == {"SELECT"}
    assert LogEntry.objects.count() == entries


def test_a_compound_name_is_found_written_joined_or_apart(world: Any) -> None:
    joined = register(
        world,
        world.agadez,
        datetime.date(2026, 11, 2),
        given_name="Mohammadreza",
        family_name="Karimi",
    )
    apart = register(
        world,
        world.agadez,
        datetime.date(2026, 11, 3),
        given_name="Mohammad Reza",
        family_name="Karimi",
    )
    officer = world.user(Role.REGISTRATION_OFFICER)
    for typed in ("Mohammad Reza Karimi", "Mohammadreza Karimi", "Reza Karimi"):
        found = set(search_persons(officer, PersonSearch(name=typed)))
        assert found == {joined, apart}, typed
    assert not search_persons(officer, PersonSearch(name="Gholamreza Karimi")).exists()

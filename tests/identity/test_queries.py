"""Identity's queries only read: a read leaves the database, audit log included, unchanged."""

from __future__ import annotations

import datetime
import importlib
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mixflow.core.roles import Role
from mixflow.identity.models import NameKey
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


def _registered(world: Any, given: str, day: int, family: str = "Karimi") -> Any:
    on = datetime.date(2026, 11, day)
    return register(world, world.agadez, on, given_name=given, family_name=family)


def test_a_compound_name_is_found_written_joined_or_apart(world: Any) -> None:
    joined = _registered(world, "Mohammadreza", 2)
    apart = _registered(world, "Mohammad Reza", 3)
    officer = world.user(Role.REGISTRATION_OFFICER)
    for typed in ("Mohammad Reza Karimi", "Mohammadreza Karimi", "Reza Karimi"):
        found = set(search_persons(officer, PersonSearch(name=typed)))
        assert found == {joined, apart}, typed
    assert not search_persons(officer, PersonSearch(name="Gholamreza Karimi")).exists()


def _as_stored_before(person: Any, *keys: str) -> None:
    """Leave the person exactly the search keys an earlier reading of their names gave."""
    NameKey.objects.filter(person=person).exclude(key__in=keys).delete()
    held = set(NameKey.objects.filter(person=person).values_list("key", flat=True))
    NameKey.objects.bulk_create(NameKey(person=person, key=k) for k in keys if k not in held)


def test_persons_indexed_before_compounds_were_split_are_indexed_again(world: Any) -> None:
    from django.apps import apps

    migration = importlib.import_module("mixflow.identity.migrations.0005_index_compound_names")
    person = _registered(world, "Gholamhossein", 2, family="Rahimi")
    # As stored before: only the joined form's keys.
    _as_stored_before(person, "gholamhossein", "GLMHSIN", "rahimi", "RHMI")
    officer = world.user(Role.REGISTRATION_OFFICER)
    assert not search_persons(officer, PersonSearch(name="Gholam Hossein Rahimi")).exists()
    migration.index_compounds(apps, None)
    assert list(search_persons(officer, PersonSearch(name="Gholam Hossein Rahimi"))) == [person]
    assert list(search_persons(officer, PersonSearch(name="Gholamhossein"))) == [person]


def test_persons_indexed_before_names_were_respelled_are_indexed_again(world: Any) -> None:
    """A Syrian registered in Türkiye as "Cemal Halil" is found as Jamal Khalil in Greece."""
    from django.apps import apps

    migration = importlib.import_module("mixflow.identity.migrations.0006_index_respelled_names")
    turkish = _registered(world, "Cemal", 2, family="Halil")
    european = _registered(world, "Alexander", 3, family="Popov")
    unchanged = _registered(world, "Omar", 4, family="Haddad")
    # As stored before: the keys the old reading gave.
    _as_stored_before(turkish, "cemal", "SML", "halil", "HLL")
    _as_stored_before(european, "alexander", "ALHNDR", "popov", "PPW")
    officer = world.user(Role.REGISTRATION_OFFICER)
    assert not search_persons(officer, PersonSearch(name="Jamal Khalil")).exists()
    assert not search_persons(officer, PersonSearch(name="Aleksandr Popov")).exists()
    before = NameKey.objects.filter(person=unchanged).count()
    migration.index_respelled(apps, None)
    assert list(search_persons(officer, PersonSearch(name="Jamal Khalil"))) == [turkish]
    assert list(search_persons(officer, PersonSearch(name="Cemal Halil"))) == [turkish]
    assert list(search_persons(officer, PersonSearch(name="Aleksandr Popov"))) == [european]
    assert NameKey.objects.filter(person=unchanged).count() == before


def test_maghreb_persian_and_joined_article_spellings_are_indexed_again(world: Any) -> None:
    from django.apps import apps

    migration = importlib.import_module("mixflow.identity.migrations.0006_index_respelled_names")
    person = _registered(world, "Jaouad", 2, family="Alaoui")
    joined = _registered(world, "Alhassan", 3, family="Ibrahim")
    iranian = _registered(world, "Fatemeh", 4, family="Hosseini")
    _as_stored_before(iranian, "fatemeh", "FDM", "hosseini", "HSINI")
    _as_stored_before(person, "jaouad", "JD", "alaoui", "ALI")
    _as_stored_before(joined, "alhassan", "ALHSN", "ibrahim", "EBRQM")
    officer = world.user(Role.REGISTRATION_OFFICER)
    assert not search_persons(officer, PersonSearch(name="Jawad Alawi")).exists()
    assert not search_persons(officer, PersonSearch(name="Al Hassan Ibrahim")).exists()
    assert not search_persons(officer, PersonSearch(name="Fatima Hosseini")).exists()
    migration.index_respelled(apps, None)
    assert list(search_persons(officer, PersonSearch(name="Jawad Alawi"))) == [person]
    assert list(search_persons(officer, PersonSearch(name="Al Hassan Ibrahim"))) == [joined]
    assert list(search_persons(officer, PersonSearch(name="Fatima Hosseini"))) == [iranian]
    assert list(search_persons(officer, PersonSearch(name="Alhassan"))) == [joined]
    # The old reading's keys are gone: Alaoui no longer answers a search for Ali.
    assert person not in search_persons(officer, PersonSearch(name="Ali"))


def test_ukrainian_passport_and_maghreb_spellings_are_indexed_again(world: Any) -> None:
    """A Ukrainian registered from her passport as "Olha Hnatiuk" is found as Ольга."""
    from django.apps import apps

    migration = importlib.import_module(
        "mixflow.identity.migrations.0007_index_ukrainian_and_maghreb_names"
    )
    ukrainian = _registered(world, "Olha Mariia", 2, family="Kovalenko")
    iraqi = _registered(world, "Kadhim", 5, family="رياض")
    algerian = _registered(world, "Hocine", 3, family="Benali")
    unchanged = _registered(world, "Omar", 4, family="Haddad")
    # As stored before: the keys the old reading gave (Hocine was keyed as Hassan, HSN).
    _as_stored_before(ukrainian, "olha", "OLHA", "mariia", "MRA", "kovalenko", "KWLNKU")
    _as_stored_before(algerian, "hocine", "HSN", "benali", "BNLI")
    _as_stored_before(iraqi, "kadhim", "KDM", "ryad", "RYD")
    officer = world.user(Role.REGISTRATION_OFFICER)
    assert not search_persons(officer, PersonSearch(name="Ольга Kovalenko")).exists()
    assert not search_persons(officer, PersonSearch(name="Maria Kovalenko")).exists()
    assert not search_persons(officer, PersonSearch(name="Hussein Benali")).exists()
    assert not search_persons(officer, PersonSearch(name="Kazim Riaz")).exists()
    before = NameKey.objects.filter(person=unchanged).count()
    assert algerian in search_persons(officer, PersonSearch(name="Hassan Benali"))
    migration.index_respelled(apps, None)
    assert list(search_persons(officer, PersonSearch(name="Ольга Kovalenko"))) == [ukrainian]
    assert list(search_persons(officer, PersonSearch(name="Maria Kovalenko"))) == [ukrainian]
    assert list(search_persons(officer, PersonSearch(name="Hussein Benali"))) == [algerian]
    assert list(search_persons(officer, PersonSearch(name="Kazim Riaz"))) == [iraqi]
    assert algerian not in search_persons(officer, PersonSearch(name="Hassan Benali"))
    assert NameKey.objects.filter(person=unchanged).count() == before


def test_persons_who_gave_a_short_form_are_indexed_again(world: Any) -> None:
    """A Mexican registered as "Paco Rodríguez" is found when his papers say Francisco."""
    from django.apps import apps

    migration = importlib.import_module(
        "mixflow.identity.migrations.0008_index_short_forms_of_names"
    )
    mexican = _registered(world, "Paco", 2, family="Rodriguez")
    ukrainian = _registered(world, "Nastya", 3, family="Ivanova")
    unchanged = _registered(world, "Omar", 4, family="Haddad")
    # As stored before: the keys the old reading gave.
    _as_stored_before(mexican, "paco", "PKU", "rodriguez", "RDRGZ")
    _as_stored_before(ukrainian, "nastya", "NSDYA", "ivanova", "EWNWA")
    officer = world.user(Role.REGISTRATION_OFFICER)
    assert not search_persons(officer, PersonSearch(name="Francisco Rodríguez")).exists()
    assert not search_persons(officer, PersonSearch(name="Анастасия Иванова")).exists()
    before = NameKey.objects.filter(person=unchanged).count()
    migration.index_short_forms(apps, None)
    assert list(search_persons(officer, PersonSearch(name="Francisco Rodríguez"))) == [mexican]
    assert list(search_persons(officer, PersonSearch(name="Paco Rodriguez"))) == [mexican]
    assert list(search_persons(officer, PersonSearch(name="Анастасия Иванова"))) == [ukrainian]
    assert NameKey.objects.filter(person=unchanged).count() == before

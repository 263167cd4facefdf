"""Loading generated data: counts add up, a second load changes nothing, ids keep working."""

from __future__ import annotations

import csv
import datetime
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import SETUP

from mixflow.identity.models import GroupMember, NameKey, Person
from mixflow.intake.models import Encounter, FlowCount, SensitiveDetails
from mixflow.protection.models import Consent
from mixflow.testing.load import load_dataset
from mixflow.testing.synthetic import generate

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture(autouse=True)
def _countries(db: Any) -> None:
    """The loader hangs sites under the migration's countries; a transactional test run
    earlier on the same worker ends with a flush that takes them away (as ``world`` notes)."""
    from mixflow.geo.actions import add_missing_countries

    add_missing_countries(actor=SETUP)


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: Any) -> Path:
    out = tmp_path_factory.mktemp("synth")
    generate(out, people=400, seed=7)
    return Path(out)


def _count(path: Path) -> int:
    with path.open(encoding="utf-8", newline="") as handle:
        return sum(1 for _ in csv.DictReader(handle))


def test_everything_in_the_files_is_loaded_once(dataset: Path) -> None:
    result = load_dataset(dataset, actor=SETUP)
    assert not result.skipped
    assert Person.objects.count() == _count(dataset / "records.csv") == result.counts["persons"]
    assert Encounter.objects.count() == _count(dataset / "encounters.csv")
    assert FlowCount.objects.count() == _count(dataset / "flow_counts.csv")
    assert Consent.objects.count() == _count(dataset / "consents.csv")
    assert NameKey.objects.count() > Person.objects.count()
    assert GroupMember.objects.exists()
    assert SensitiveDetails.objects.exists()
    again = load_dataset(dataset, actor=SETUP)
    assert again.skipped
    assert Person.objects.count() == result.counts["persons"]


def test_records_keep_their_names_dates_and_journeys(dataset: Path) -> None:
    load_dataset(dataset, actor=SETUP)
    with (dataset / "records.csv").open(encoding="utf-8", newline="") as handle:
        first = next(csv.DictReader(handle))
    person = Person.objects.get(source_ref=first["record_id"])
    assert person.given_name == first["given_name"]
    assert person.family_name == first["family_name"]
    assert person.latin_name
    assert person.nationalities.filter(country=first["nationality"]).exists()
    if first["date_of_birth"]:
        assert person.birth_year == int(first["date_of_birth"][:4])


def test_new_rows_after_a_load_get_fresh_ids(dataset: Path, world: Any) -> None:
    from mixflow.identity.actions import PersonDetails, register_person

    load_dataset(dataset, actor=SETUP)
    person = register_person(
        actor=world.user("registration_officer"),
        organisation=world.home,
        site=world.agadez,
        registered_on=datetime.date(2026, 11, 1),
        details=PersonDetails(given_name="New"),
    )
    assert person.pk > Person.objects.exclude(pk=person.pk).order_by("-pk").first().pk


def test_constraints_hold_after_a_load(dataset: Path) -> None:
    """The SQLite load drops indexes while it writes; they (and uniqueness) must be back."""
    from django.db import IntegrityError, connection, transaction

    def index_names() -> set[str]:
        with connection.cursor() as cursor:
            return {
                name
                for table in ("identity_namekey", "identity_person", "intake_encounter")
                for name in connection.introspection.get_constraints(cursor, table)
            }

    before = index_names()
    load_dataset(dataset, actor=SETUP)
    assert index_names() == before
    key = NameKey.objects.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        NameKey.objects.create(person_id=key.person_id, key=key.key)

"""Helpers of the identity tests, on top of the shared ``world`` (tests/conftest.py)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from typing import Any

import pytest

from mixflow.geo.models import Location
from mixflow.identity.actions import PersonDetails, register_person
from mixflow.identity.linking import forget_indexes
from mixflow.identity.models import MatchCandidate, Person
from mixflow.intake.actions import Journey, record_encounter
from mixflow.lib.vocabularies import EncounterKind


@pytest.fixture(autouse=True)
def _fresh_online_index() -> Iterator[None]:
    # The online index lives as long as the process; each test's database is rolled back.
    forget_indexes()
    yield
    forget_indexes()


def register(world: Any, site: Location, on: datetime.date, **details: Any) -> Person:
    """A registration of the home organisation, with its registration encounter."""
    officer = world.user("registration_officer")
    person = register_person(
        actor=officer,
        organisation=world.home,
        site=site,
        registered_on=on,
        details=PersonDetails(**details),
    )
    record_encounter(
        actor=officer,
        person=person,
        site=site,
        occurred_on=on,
        kind=EncounterKind.REGISTRATION,
        journey=Journey(country_of_origin="ERI"),
    )
    return person


def shown_ids(client: Any, candidate: MatchCandidate) -> dict[str, str]:
    """The record ids of both identities as the comparison page shows them (hidden inputs)."""
    page = client.get(f"/identity/review/{candidate.pk}/").content.decode()
    return dict(re.findall(r'name="(shown_[ab])" value="([0-9,]+)"', page))


def suggest(a: Person, b: Person, score: float = 3.5) -> MatchCandidate:
    """A review-queue entry as the matcher leaves one, with an explanation."""
    first, second = sorted((a, b), key=lambda p: p.pk)
    # Registering may already have queued the pair: this known entry replaces the matcher's.
    candidate, _created = MatchCandidate.objects.update_or_create(
        record_a=first,
        record_b=second,
        defaults={"organisation": a.organisation, "score": score, "suggested": "review"},
    )
    candidate.settings_version = "test"
    candidate.explanation = [
        {
            "field": "name",
            "level": "one token shared",
            "weight": 2.5,
            "left": first.display_name,
            "right": second.display_name,
            "note": "",
        },
        {
            "field": "date_of_birth",
            "level": "years 2 to 4 apart",
            "weight": -4.0,
            "left": "1999",
            "right": "2001",
            "note": "",
        },
    ]
    candidate.save()
    return candidate

"""Automatic links at registration at national scale (issue 11): a registration joins an
earlier one with no human only at odds of 19 to 1, corrected for the registry's size against
the one the settings were measured on; what falls short goes to the review queue."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from mixflow.identity.linkage import LinkSettings, SettingsError, load_settings
from mixflow.identity.linkage.autolink import auto_link_at
from mixflow.identity.linking import (
    candidates_for_record,
    load_default_settings,
    matcher_available,
    records_of,
)
from mixflow.identity.models import LinkSettingsVersion, MatchCandidate, Person
from tests.identity.conftest import register

pytestmark = pytest.mark.skipif(not matcher_available(), reason="the matcher is not importable")

ON = datetime.date(2026, 10, 2)
#: A common name with only a year of birth: thousands of people share it in a big registry.
COMMON = {
    "given_name": "Mohamed",
    "family_name": "Ali",
    "sex": "male",
    "date_of_birth": "1990",
    "nationalities": ["SDN"],
}
#: Three names and a month of birth: a link at the shipped settings' registry size.
MONTH = {
    "given_name": "Amanuel",
    "family_name": "Tesfamariam",
    "father_name": "Kidane",
    "sex": "male",
    "date_of_birth": "1995-05",
    "nationalities": ["ERI"],
}
#: Every answer given, a full date of birth among them.
FULL = {
    "given_name": "Abdelrahman",
    "family_name": "Ismail",
    "father_name": "Suleiman",
    "sex": "male",
    "date_of_birth": "1987-06-14",
    "nationalities": ["ERI"],
}
OTHERS = [
    (given, family, str(1980 + i % 20))
    for i, (given, family) in enumerate(
        (g, f)
        for g in ("Ahmed", "Omar", "Yusuf", "Ibrahim", "Hassan", "Adam")
        for f in ("Osman", "Musa", "Idris", "Bakri")
    )
]


def _registry(world: Any) -> None:
    """Two dozen other people, so that names have a population to be common or rare in."""
    for given, family, year in OTHERS:
        register(
            world,
            world.agadez,
            ON,
            given_name=given,
            family_name=family,
            sex="male",
            date_of_birth=year,
            nationalities=["SDN"],
        )


def _outgrown(world: Any, measured_on: int) -> None:
    """The organisation's settings say they were measured on ``measured_on`` records: its
    registry has grown far past that, as a national registry past a sample of 20,000."""
    data = load_default_settings().to_dict() | {"version": "2+small", "measured_on": measured_on}
    LinkSettingsVersion.objects.create(organisation=world.home, version="2+small", settings=data)


def _top_decision(person: Person) -> tuple[int, str]:
    """The best earlier candidate of a saved registration and its decision on the scores."""
    (record,) = records_of([person.pk], person.organisation_id)
    scored, _version = candidates_for_record(person.organisation_id, record)
    return scored[0].person_id, scored[0].match.decision


def _queued(one: Person, other: Person) -> MatchCandidate:
    a, b = sorted((one.pk, other.pk))
    return MatchCandidate.objects.get(record_a_id=a, record_b_id=b)


@pytest.mark.django_db
def test_a_namesake_sharing_only_a_common_name_and_year_goes_to_review(world: Any) -> None:
    _registry(world)
    earlier = register(world, world.tripoli, ON, **COMMON)
    namesake = register(world, world.agadez, ON, **COMMON)
    # The pair passes the link threshold (more likely one person than two) ...
    assert _top_decision(namesake) == (earlier.pk, "link")
    # ... but not the odds an automatic link needs: a human decides.
    namesake.refresh_from_db()
    earlier.refresh_from_db()
    assert namesake.identity_id != earlier.identity_id
    candidate = _queued(earlier, namesake)
    assert candidate.status == MatchCandidate.Status.OPEN
    assert candidate.suggested == "review"


@pytest.mark.django_db
def test_a_confident_match_is_linked_in_a_registry_the_size_the_settings_were_measured_on(
    world: Any,
) -> None:
    _registry(world)
    earlier = register(world, world.tripoli, ON, **MONTH)
    again = register(world, world.agadez, ON, **MONTH)
    again.refresh_from_db()
    earlier.refresh_from_db()
    assert again.identity_id == earlier.identity_id
    assert not MatchCandidate.objects.filter(record_b=again).exists()


@pytest.mark.django_db
def test_the_same_match_goes_to_review_once_the_registry_outgrew_its_settings(
    world: Any,
) -> None:
    _outgrown(world, measured_on=2)
    _registry(world)
    earlier = register(world, world.tripoli, ON, **MONTH)
    again = register(world, world.agadez, ON, **MONTH)
    assert _top_decision(again) == (earlier.pk, "link")
    again.refresh_from_db()
    earlier.refresh_from_db()
    assert again.identity_id != earlier.identity_id
    assert _queued(earlier, again).suggested == "review"


@pytest.mark.django_db
def test_an_identical_full_registration_is_linked_even_in_an_outgrown_registry(
    world: Any,
) -> None:
    _outgrown(world, measured_on=2)
    _registry(world)
    earlier = register(world, world.tripoli, ON, **FULL)
    again = register(world, world.agadez, ON, **FULL)
    again.refresh_from_db()
    earlier.refresh_from_db()
    assert again.identity_id == earlier.identity_id


def test_the_automatic_threshold_grows_a_bit_each_time_the_registry_doubles() -> None:
    settings = load_settings()
    assert settings.measured_on == 20_000
    target = 4.2479  # log2(0.95 / 0.05): 19 to 1
    assert auto_link_at(settings, 20_000) == pytest.approx(target, abs=1e-3)
    assert auto_link_at(settings, 40_000) == pytest.approx(target + 1, abs=1e-3)
    assert auto_link_at(settings, 1_280_000) == pytest.approx(target + 6, abs=1e-3)
    # A registry smaller than the sample gets no bolder than the sample's own odds.
    assert settings.size_bits(50) == 0.0
    assert auto_link_at(settings, 50) == pytest.approx(target, abs=1e-3)
    # Never below the settings' own link threshold.
    assert auto_link_at(LinkSettings.from_dict(settings.to_dict()), 1) >= settings.upper


def test_settings_keep_the_size_they_were_measured_on() -> None:
    data = load_settings().to_dict() | {"measured_on": 3_000}
    assert LinkSettings.from_dict(data).measured_on == 3_000
    assert LinkSettings.from_dict(data).to_dict()["measured_on"] == 3_000
    for wrong in (0, -5, 2.5, "many", True):
        with pytest.raises(SettingsError, match="measured_on"):
            LinkSettings.from_dict(data | {"measured_on": wrong})

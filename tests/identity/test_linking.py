"""Linking registrations with the matcher: at registration (online) and in batch."""

from __future__ import annotations

import argparse
import datetime
from typing import Any

import pytest
from auditlog.models import LogEntry

from mixflow.cli.identity import EXIT_BAD_INPUT, cmd_identity
from mixflow.core.actors import SystemActor
from mixflow.identity.actions import (
    LEARN_AFTER,
    decide_candidate,
    register_group,
    run_batch_linking,
)
from mixflow.identity.linking import (
    candidates_for_record,
    matcher_available,
    records_of,
    settings_for,
    to_record,
)
from mixflow.identity.models import LinkSettingsVersion, MatchCandidate, Person
from mixflow.lib.vocabularies import GroupKind, Relationship
from tests.identity.conftest import register

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not matcher_available(), reason="the matcher is not importable yet"),
]

LATER = datetime.date(2026, 10, 2)


def _identity(person: Person) -> int | None:
    return Person.objects.get(pk=person.pk).identity_id


def test_persons_become_link_records(world: Any) -> None:
    month = register(
        world,
        world.agadez,
        LATER,
        given_name="Amina",
        family_name="Yusuf",
        sex="female",
        date_of_birth="2003-07",
        nationalities=["SOM", "ETH"],
    )
    register_group(
        actor=world.user("registration_officer"),
        organisation=world.home,
        site=world.agadez,
        kind=GroupKind.FAMILY,
        formed_on=LATER,
        members=[(month, Relationship.HEAD)],
    )
    records = {r.record_id: r for r in records_of(None, world.home.pk)}
    assert set(records) == {str(p.pk) for p in (world.at_agadez, world.at_tripoli, month)}
    amina = records[str(month.pk)]
    assert amina.date_of_birth == "2003-07"
    assert (amina.nationality, amina.other_nationalities) == ("SOM", ("ETH",))
    assert amina.site == "NER-AGZ-BUS"
    assert amina.registered_on == LATER.isoformat()
    assert amina.group_id
    assert records[str(world.at_tripoli.pk)].date_of_birth == "2001-03-04"
    assert records[str(world.at_agadez.pk)].date_of_birth == "1999"


def test_the_desk_ranks_with_the_site_and_date_it_passes(world: Any) -> None:
    ali = {
        "given_name": "Ali",
        "family_name": "Hassan",
        "sex": "male",
        "date_of_birth": "1990",
        "nationalities": ["SDN"],
    }
    long_ago = register(world, world.agadez, LATER - datetime.timedelta(days=700), **ali)
    recent = register(world, world.tripoli, LATER - datetime.timedelta(days=9), **ali)
    asked = to_record(
        "desk",
        given="Ali",
        family="Hassan",
        father="",
        native="",
        latin="",
        sex="male",
        born=datetime.date(1990, 1, 1),
        precision="year",
        site_code="NER-AGZ-BUS",
        nationalities=["SDN"],
        registered_on=LATER,
    )
    plain, _version = candidates_for_record(world.home.pk, asked)
    ranked = [s.person_id for s in plain if s.person_id in (long_ago.pk, recent.pk)]
    assert ranked == [long_ago.pk, recent.pk]  # a tie: the earlier registration first
    told, _version = candidates_for_record(world.home.pk, asked, where="NER-AGZ-BUS", when=LATER)
    ranked = [s.person_id for s in told if s.person_id in (long_ago.pk, recent.pk)]
    assert ranked == [recent.pk, long_ago.pk]
    first = next(s for s in told if s.person_id == recent.pk)
    assert any(f.field == "seen_when" and f.weight > 0 for f in first.match.fields)


def test_a_transliterated_registration_joins_the_right_identity(world: Any) -> None:
    again = register(
        world,
        world.agadez,
        LATER,
        given_name="Muhammad",
        family_name="Abdel Rahman",
        sex="male",
        date_of_birth="2001-03-04",
        nationalities=["SDN"],
    )
    assert _identity(again) == _identity(world.at_tripoli)
    assert _identity(again) != _identity(world.at_agadez)


def test_a_registration_in_arabic_script_joins_the_right_identity(world: Any) -> None:
    again = register(
        world,
        world.agadez,
        LATER,
        native_name="محمد عبد الرحمن",
        script="Arab",
        sex="male",
        date_of_birth="2001-03-04",
        nationalities=["SDN"],
    )
    assert _identity(again) == _identity(world.at_tripoli)


def test_someone_new_gets_a_new_identity_and_no_suggestion(world: Any) -> None:
    new = register(
        world,
        world.agadez,
        LATER,
        given_name="Fatima",
        family_name="Diallo",
        sex="female",
        date_of_birth="1988",
        nationalities=["GIN"],
    )
    others = {_identity(world.at_agadez), _identity(world.at_tripoli)}
    assert _identity(new) not in others
    assert not MatchCandidate.objects.filter(record_b=new).exists()


def test_another_organisation_never_links_to_home(world: Any) -> None:
    # The same details as home's Mohammed, registered by the other organisation.
    from mixflow.identity.actions import PersonDetails, register_person

    theirs = register_person(
        actor=world.outsider,
        organisation=world.other,
        site=world.agadez,
        registered_on=LATER,
        details=PersonDetails(
            given_name="Mohammed",
            family_name="Abdelrahman",
            sex="male",
            date_of_birth="2001-03-04",
            nationalities=["SDN"],
        ),
    )
    assert _identity(theirs) != _identity(world.at_tripoli)
    assert not MatchCandidate.objects.filter(record_b=theirs).exists()


def test_batch_links_records_without_identity_and_keeps_decided_ones(world: Any) -> None:
    twin = register(
        world,
        world.agadez,
        LATER,
        given_name="Muhammad",
        family_name="Abdel Rahman",
        sex="male",
        date_of_birth="2001-03-04",
        nationalities=["SDN"],
    )
    # As after a bulk load: nobody has an identity yet.
    Person.objects.filter(organisation=world.home).update(identity=None)
    result = run_batch_linking(actor=SystemActor("tests"), organisation=world.home)
    assert result.records == 3
    assert Person.objects.filter(organisation=world.home, identity=None).count() == 0
    assert _identity(twin) == _identity(world.at_tripoli)
    assert _identity(world.at_agadez) != _identity(world.at_tripoli)
    # Run again: nothing moves, nothing is suggested twice.
    before = dict(Person.objects.values_list("pk", "identity_id"))
    again = run_batch_linking(actor=SystemActor("tests"), organisation=world.home)
    assert again.identities_created == 0
    assert again.candidates_created == 0
    assert dict(Person.objects.values_list("pk", "identity_id")) == before


def test_reviewers_verdicts_become_new_settings(world: Any) -> None:
    people = [
        register(world, world.agadez, LATER, given_name=name, family_name="Tesfaldet", sex="male")
        for name in ("Abel", "Biniam", "Dawit", "Elias", "Filmon", "Goitom", "Henok")
    ]
    everyone = [world.at_agadez, world.at_tripoli, *people]
    pairs = [(a, b) for i, a in enumerate(everyone) for b in everyone[i + 1 :]][:LEARN_AFTER]
    reviewer = world.user("caseworker")
    default_version = settings_for(world.home.pk).version
    for a, b in pairs:
        first, second = sorted((a, b), key=lambda p: p.pk)
        candidate, _ = MatchCandidate.objects.get_or_create(
            record_a=first,
            record_b=second,
            defaults={"organisation": world.home, "score": -1.0, "suggested": "review"},
        )
        if candidate.status == MatchCandidate.Status.OPEN:
            decide_candidate(actor=reviewer, candidate=candidate, verdict="different", reason="")
    learned = LinkSettingsVersion.objects.get(organisation=world.home)
    assert learned.decisions_used == LEARN_AFTER
    assert settings_for(world.home.pk).version == learned.version != default_version


def test_a_doubtful_registration_goes_to_the_review_queue(world: Any) -> None:
    # Same names, but only the year of birth known and another nationality declared: not
    # enough to link on its own, so a reviewer must look.
    doubtful = register(
        world,
        world.tripoli,
        LATER,
        native_name="محمد عبد الرحمن",
        script="Arab",
        sex="male",
        date_of_birth="2001",
        nationalities=["EGY"],
    )
    candidate = MatchCandidate.objects.get()
    assert (candidate.record_a_id, candidate.record_b_id) == (world.at_tripoli.pk, doubtful.pk)
    assert candidate.status == MatchCandidate.Status.OPEN
    assert candidate.suggested == "review"
    names = next(row for row in candidate.explanation if row["field"] == "name")
    # Left is record_a's side: the explanation follows the pair's order.
    assert "Abdelrahman" in names["left"]
    assert "Abd al Rahman" in names["right"]
    assert _identity(doubtful) != _identity(world.at_tripoli)


def test_cli_links_every_organisation(world: Any, capsys: Any) -> None:
    from mixflow.cli.main import main

    Person.objects.update(identity=None)
    assert main(["identity", "link"]) == 0
    out = capsys.readouterr().out
    assert "home: 2 records" in out
    assert "other: 2 records" in out
    assert not Person.objects.filter(identity=None).exists()
    assert main(["identity", "link", "--organisation", "nowhere"]) == 2


def test_the_link_command_acts_as_itself_or_as_its_user(world: Any, capsys: Any) -> None:
    def run(user: str | None) -> int:
        return cmd_identity(argparse.Namespace(organisation="home", user=user))

    assert run(None) == 0
    (entry,) = LogEntry.objects.filter(additional_data__has_key="bulk")
    assert entry.actor_email == "system:mixflow identity link"
    # A user who may not review the organisation's matches is refused, and nothing is run.
    assert run("analyst") == EXIT_BAD_INPUT
    assert "may not link" in capsys.readouterr().err
    assert run("caseworker") == 0
    assert LogEntry.objects.filter(additional_data__has_key="bulk").count() == 2

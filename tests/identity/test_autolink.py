"""Automatic linking at registration with what the desk knows: the site, the date and the
people registering together (issue 11, item 5). Context ranks the earlier registrations and
may hold an automatic link back to review; it never makes a link the records alone do not."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from mixflow.identity.actions import (
    DeskContext,
    PersonDetails,
    _details_record,
    correct_person,
    link_new_registration,
    register_group,
    register_person,
    split_record,
)
from mixflow.identity.group_actions import add_member, remove_member, start_group
from mixflow.identity.linkage.index import context_bits
from mixflow.identity.linking import candidates_for_record, forget_indexes, matcher_available
from mixflow.identity.models import MatchCandidate, Person
from mixflow.intake.actions import receive_submission, upload_questionnaire
from mixflow.lib.vocabularies import GroupKind, Relationship
from tests.identity.conftest import register
from tests.intake.builders import registration_form

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not matcher_available(), reason="the matcher is not importable yet"),
]

MAXAMED = {
    "given_name": "Maxamed",
    "family_name": "Cabdi",
    "sex": "male",
    "date_of_birth": "1998-02-03",
    "nationalities": ["SOM"],
}
FAMILY = [
    PersonDetails(given_name="Hodan", sex="female"),
    PersonDetails(given_name="Ayaan"),
    PersonDetails(given_name="Sahra", sex="female"),
]


@dataclass(frozen=True)
class Namesakes:
    """Two earlier registrations named as the person registering today: ``long_ago`` alone
    at Tripoli four years ago, ``recent`` ten days ago at Agadez with the same family."""

    long_ago: Person
    recent: Person


def _namesakes(world: Any, **recent: Any) -> Namesakes:
    today = timezone.localdate()
    long_ago = register(world, world.tripoli, today - datetime.timedelta(days=1400), **MAXAMED)
    on = today - datetime.timedelta(days=10)
    head = register(world, world.agadez, on, **{**MAXAMED, **recent})
    family = [register(world, world.agadez, on, **vars(d)) for d in FAMILY]
    register_group(
        actor=world.user("registration_officer"),
        organisation=world.home,
        site=world.agadez,
        kind=GroupKind.FAMILY,
        formed_on=on,
        members=[(head, Relationship.HEAD), *((m, Relationship.OTHER_RELATIVE) for m in family)],
    )
    head.refresh_from_db()
    if head.identity_id == long_ago.identity_id:
        # Same answers, two people: a reviewer has told them apart.
        split_record(actor=world.user("caseworker"), person=head, reason="another man")
        head.refresh_from_db()
    assert head.identity_id != long_ago.identity_id
    return Namesakes(long_ago, head)


def _register(world: Any, context: DeskContext | None) -> Person:
    return register_person(
        actor=world.user("registration_officer"),
        organisation=world.home,
        site=world.agadez,
        registered_on=timezone.localdate(),
        details=PersonDetails(**MAXAMED),
        context=context,
    )


def _queued(person: Person) -> dict[int, str]:
    """The records the registration was queued for review with, and what was suggested."""
    pairs = MatchCandidate.objects.filter(record_a=person) | MatchCandidate.objects.filter(
        record_b=person
    )
    return {
        (c.record_b_id if c.record_a_id == person.pk else c.record_a_id): c.suggested for c in pairs
    }


def test_on_the_record_alone_the_identical_namesakes_tie_and_the_first_is_joined(
    world: Any,
) -> None:
    found = _namesakes(world)
    person = _register(world, None)
    assert person.identity_id == found.long_ago.identity_id
    assert _queued(person) == {}  # as before: a second confident namesake is not queued


def test_registered_with_its_family_at_the_site_it_joins_the_recent_namesake(world: Any) -> None:
    found = _namesakes(world)
    person = _register(world, DeskContext(companions=FAMILY))
    assert person.identity_id == found.recent.identity_id
    assert _queued(person) == {}


def test_a_submission_with_its_members_joins_the_recent_namesake(world: Any) -> None:
    # The one path of the web form, the API, OpenRosa and imports.
    found = _namesakes(world)
    version = upload_questionnaire(
        actor=world.user("org_admin"),
        organisation=world.home,
        content=registration_form(),
        file_name="registration.xlsx",
    )
    outcome = receive_submission(
        actor=world.user("registration_officer"),
        questionnaire=version.questionnaire,
        version=version.version,
        answers={
            "given": "Maxamed",
            "family": "Cabdi",
            "sex": "male",
            "born": "1998-02-03",
            "nationality": "SOM",
            "members": [
                {"m_given": "Hodan", "m_rel": "spouse"},
                {"m_given": "Ayaan", "m_rel": "child"},
                {"m_given": "Sahra", "m_rel": "child"},
            ],
        },
        channel="api",
        site=world.agadez,
        instance_id="",
        lang="en",
    )
    assert outcome.created, outcome.errors
    person = Person.objects.get(pk=outcome.submission.person_id)
    assert person.identity_id == found.recent.identity_id


def test_context_holds_a_link_to_a_namesake_back_for_review(world: Any) -> None:
    # The recent record (another date of birth) is only a review-band match on the record
    # alone; the one of four years ago is a link. With the family at the site, the recent one
    # ranks first: the registration is linked to neither and both go to a human.
    found = _namesakes(world, date_of_birth="1998-09-12")
    alone = _register(world, None)
    assert alone.identity_id == found.long_ago.identity_id
    forget_indexes()
    alone.delete()
    told = _register(world, DeskContext(companions=FAMILY))
    assert told.identity_id not in (found.long_ago.identity_id, found.recent.identity_id)
    assert _queued(told) == {found.recent.pk: "review", found.long_ago.pk: "review"}


def test_a_saved_registration_linked_with_its_group_is_held_back_for_review(
    world: Any,
) -> None:
    found = _namesakes(world, date_of_birth="1998-09-12")
    today = timezone.localdate()
    identities = []
    for context in (None, DeskContext()):
        forget_indexes()
        person = Person.objects.create(
            organisation=world.home,
            registration_site=world.agadez,
            registered_on=today,
            given_name="Maxamed",
            family_name="Cabdi",
            sex="male",
            date_of_birth=datetime.date(1998, 2, 3),
            dob_precision="exact",
            birth_year=1998,
        )
        person.nationalities.create(country="SOM")
        # Its family, saved and grouped with it: link_new_registration finds them itself.
        family = [register(world, world.agadez, today, **vars(d)) for d in FAMILY]
        register_group(
            actor=world.user("registration_officer"),
            organisation=world.home,
            site=world.agadez,
            kind=GroupKind.FAMILY,
            formed_on=today,
            members=[
                (person, Relationship.HEAD),
                *((m, Relationship.OTHER_RELATIVE) for m in family),
            ],
        )
        link_new_registration(
            actor=world.user("registration_officer"), person=person, context=context
        )
        person.refresh_from_db()
        identities.append(person.identity_id)
        queued = _queued(person)
        person.delete()
    assert identities[0] == found.long_ago.identity_id
    assert identities[1] not in (found.long_ago.identity_id, found.recent.identity_id)
    assert queued == {found.recent.pk: "review", found.long_ago.pk: "review"}


def test_the_desk_scores_an_edited_candidate_with_the_same_context(world: Any) -> None:
    # A candidate whose indexed copy is out of date is scored again: with the same context,
    # so that its score is the one an index built afresh gives.
    found = _namesakes(world)
    record = _details_record("desk", PersonDetails(**MAXAMED), world.agadez.code, None)
    asked: dict[str, Any] = {
        "companions": [
            _details_record(f"m{i}", d, world.agadez.code, None) for i, d in enumerate(FAMILY)
        ],
        "where": world.agadez.code,
        "when": timezone.localdate(),
    }
    before, _v = candidates_for_record(world.home.pk, record, **asked)  # builds the index
    assert before[0].person_id == found.recent.pk
    correct_person(
        actor=world.user("registration_officer"),
        person=Person.objects.get(pk=found.recent.pk),
        changes={"father_name": "Cali"},
        reason="the father's name was missing",
    )
    stale, _v = candidates_for_record(world.home.pk, record, **asked)
    forget_indexes()
    afresh, _v = candidates_for_record(world.home.pk, record, **asked)
    top = stale[0]
    assert top.person_id == found.recent.pk
    assert {"co_travellers", "seen_when"} <= {f.field for f in top.match.fields}
    # The records' part is the one a fresh index gives (the context's part may differ a
    # little: the where-and-when rates are measured again only as the index grows).
    own = top.match.score - context_bits(top.match)
    assert own == pytest.approx(afresh[0].match.score - context_bits(afresh[0].match))


def test_the_index_follows_a_group_formed_after_its_members_were_indexed(world: Any) -> None:
    # Each registration of _namesakes queried the index, so the family was indexed before its
    # group existed: the desk must still find the recent namesake's companions.
    found = _namesakes(world)
    record = _details_record("desk", PersonDetails(**MAXAMED), world.agadez.code, None)
    mates = [_details_record(f"m{i}", d, world.agadez.code, None) for i, d in enumerate(FAMILY)]
    scored, _v = candidates_for_record(world.home.pk, record, companions=mates)
    recent = next(s for s in scored if s.person_id == found.recent.pk)
    lines = {f.field: f.weight for f in recent.match.fields}
    assert lines["co_travellers"] == pytest.approx(12.0)  # three companions, 4 bits each


def test_members_added_and_removed_at_the_desk_are_followed(world: Any) -> None:
    today = timezone.localdate()
    officer = world.user("registration_officer")
    head = register(world, world.agadez, today, **MAXAMED)
    hodan = register(world, world.agadez, today, given_name="Hodan", sex="female")
    record = _details_record("desk", PersonDetails(**MAXAMED), world.agadez.code, None)
    mates = [_details_record("m0", FAMILY[0], world.agadez.code, None)]

    def companions_bits() -> float:
        scored, _v = candidates_for_record(world.home.pk, record, companions=mates)
        match = next(s for s in scored if s.person_id == head.pk).match
        return sum(f.weight for f in match.fields if f.field == "co_travellers")

    assert companions_bits() == 0.0
    group = start_group(actor=officer, person=head)
    member = add_member(actor=officer, group=group, person=hodan, relationship="spouse")
    assert companions_bits() == pytest.approx(4.0)
    remove_member(actor=officer, member=member)
    assert companions_bits() == 0.0

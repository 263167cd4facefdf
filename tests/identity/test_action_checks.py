"""Every identity and protection action checks its actor first: the capability, the
organisation and the sites. A refusal writes nothing; a system actor's change is attributed to
``system:<name>`` in the audit log."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied

from mixflow.core.actors import SystemActor
from mixflow.core.roles import Role
from mixflow.identity.actions import (
    PersonDetails,
    decide_candidate,
    link_new_registration,
    link_records,
    register_group,
    register_person,
    run_batch_linking,
    split_record,
    undo_decision,
)
from mixflow.identity.models import Group, LinkDecision, MatchCandidate, Person
from mixflow.lib.vocabularies import ConsentMethod, ConsentPurpose, GroupKind, Relationship
from mixflow.protection.actions import record_consent, withdraw_consent
from mixflow.protection.models import Consent
from tests.identity.conftest import suggest

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 10, 2)
DETAILS = PersonDetails(given_name="Selam", family_name="Tekle", nationalities=["ERI"])


def _refused(action: Callable[..., Any], **kwargs: Any) -> None:
    """``action`` raises PermissionDenied with a message and leaves no audit entry."""
    entries = LogEntry.objects.count()
    with pytest.raises(PermissionDenied) as refusal:
        action(**kwargs)
    assert str(refusal.value)
    assert LogEntry.objects.count() == entries


def _fresh(person: Person) -> Person:
    return Person.objects.get(pk=person.pk)


def test_register_person_needs_register_persons_at_the_site(world: Any) -> None:
    before = Person.objects.count()
    where = {"organisation": world.home, "registered_on": DAY, "details": DETAILS}
    _refused(register_person, actor=world.user(Role.ANALYST), site=world.agadez, **where)
    _refused(register_person, actor=world.limited, site=world.tripoli, **where)
    _refused(register_person, actor=world.outsider, site=world.agadez, **where)
    _refused(register_person, actor=None, site=world.agadez, **where)
    assert Person.objects.count() == before
    assert register_person(actor=world.limited, site=world.agadez, **where).pk


def test_register_group_needs_register_persons_at_the_site(world: Any) -> None:
    members = [(world.at_agadez, Relationship.HEAD)]
    where = {"organisation": world.home, "kind": GroupKind.FAMILY, "formed_on": DAY}
    _refused(
        register_group,
        actor=world.user(Role.ENUMERATOR),
        site=world.agadez,
        members=members,
        **where,
    )
    _refused(register_group, actor=world.limited, site=world.tripoli, members=members, **where)
    _refused(register_group, actor=world.outsider, site=world.agadez, members=members, **where)
    assert not Group.objects.exists()


def test_link_records_needs_review_matches_at_both_sites(world: Any) -> None:
    pair = {"a": world.at_agadez, "b": world.at_tripoli, "reason": ""}
    _refused(link_records, actor=world.user(Role.ANALYST), **pair)
    _refused(link_records, actor=world.limited, **pair)  # Tripoli is not among its sites
    _refused(link_records, actor=world.outsider, **pair)
    assert not LinkDecision.objects.exists()
    assert _fresh(world.at_agadez).identity_id != _fresh(world.at_tripoli).identity_id


def test_split_record_needs_review_matches_at_the_records_site(world: Any) -> None:
    link_records(
        actor=world.user(Role.CASEWORKER), a=world.at_agadez, b=world.at_tripoli, reason=""
    )
    person = _fresh(world.at_tripoli)
    _refused(split_record, actor=world.user(Role.ORG_ADMIN), person=person, reason="")
    _refused(split_record, actor=world.limited, person=person, reason="")
    _refused(split_record, actor=world.outsider, person=person, reason="")
    assert _fresh(world.at_agadez).identity_id == _fresh(world.at_tripoli).identity_id


def test_undo_decision_needs_review_matches_at_every_records_site(world: Any) -> None:
    merge = link_records(
        actor=world.user(Role.CASEWORKER), a=world.at_agadez, b=world.at_tripoli, reason=""
    )
    _refused(undo_decision, actor=world.user(Role.ANALYST), decision=merge)
    _refused(undo_decision, actor=world.limited, decision=merge)
    _refused(undo_decision, actor=world.outsider, decision=merge)
    assert LinkDecision.objects.count() == 1


def test_decide_candidate_needs_review_matches_at_both_sites(world: Any) -> None:
    candidate = suggest(world.at_agadez, world.at_tripoli)
    verdict = {"candidate": candidate, "verdict": "same", "reason": ""}
    _refused(decide_candidate, actor=world.user(Role.GOVERNMENT_OFFICIAL), **verdict)
    _refused(decide_candidate, actor=world.limited, **verdict)
    _refused(decide_candidate, actor=world.outsider, **verdict)
    candidate.refresh_from_db()
    assert candidate.status == MatchCandidate.Status.OPEN


def test_batch_linking_needs_review_matches_over_the_whole_organisation(world: Any) -> None:
    _refused(run_batch_linking, actor=world.user(Role.ANALYST), organisation=world.home)
    _refused(run_batch_linking, actor=world.limited, organisation=world.home)  # one site only
    _refused(run_batch_linking, actor=world.outsider, organisation=world.home)
    _refused(run_batch_linking, actor=SystemActor("tests", world.other.pk), organisation=world.home)


def test_link_new_registration_needs_register_persons_at_the_site(world: Any) -> None:
    person = world.at_tripoli
    _refused(link_new_registration, actor=world.user(Role.ANALYST), person=person)
    _refused(link_new_registration, actor=world.limited, person=person)
    _refused(link_new_registration, actor=world.outsider, person=person)


def test_record_consent_needs_view_and_register_persons_at_the_persons_site(
    world: Any,
) -> None:
    consent = {
        "purpose": ConsentPurpose.SHARE_WITH_ORGANISATION,
        "given": True,
        "method": ConsentMethod.VERBAL,
        "recorded_on": DAY,
        "target_organisation": world.other,
    }
    before = Consent.objects.count()
    # An enumerator neither sees nor registers persons; the limited officer does, at Agadez.
    _refused(record_consent, actor=world.user(Role.ENUMERATOR), person=world.at_agadez, **consent)
    _refused(record_consent, actor=world.limited, person=world.at_tripoli, **consent)
    # Another organisation's caseworker may not write into our record, even a shared one.
    _refused(record_consent, actor=world.user(Role.CASEWORKER), person=world.shared, **consent)
    assert Consent.objects.count() == before
    assert record_consent(actor=world.limited, person=world.at_agadez, **consent).pk


def test_withdraw_consent_needs_view_and_register_persons_at_the_persons_site(
    world: Any,
) -> None:
    consent = Consent.objects.get(person=world.shared)
    _refused(withdraw_consent, actor=world.user(Role.CASEWORKER), consent=consent, on=DAY)
    _refused(withdraw_consent, actor=world.user(Role.ANALYST), consent=consent, on=DAY)
    consent.refresh_from_db()
    assert consent.withdrawn_on is None


def test_a_system_actors_changes_are_attributed_to_it(world: Any) -> None:
    actor = SystemActor("tests")
    merge = link_records(actor=actor, a=world.at_agadez, b=world.at_tripoli, reason="batch")
    assert merge.decided_by is None
    entry = LogEntry.objects.get_for_object(merge).get()
    assert entry.actor is None
    assert entry.actor_email == "system:tests"
    moved = LogEntry.objects.filter(
        content_type__model="person", action=LogEntry.Action.UPDATE, actor_email="system:tests"
    )
    assert moved.exists()

    consent = record_consent(
        actor=actor,
        person=world.at_agadez,
        purpose=ConsentPurpose.SHARE_WITH_ORGANISATION,
        given=True,
        method=ConsentMethod.SIGNED,
        recorded_on=DAY,
        target_organisation=world.other,
    )
    assert consent.recorded_by is None
    assert LogEntry.objects.get_for_object(consent).get().actor_email == "system:tests"


def test_a_system_actor_for_one_organisation_acts_for_it_only(world: Any) -> None:
    ours = SystemActor("tests", world.home.pk)
    where = {"registered_on": DAY, "details": DETAILS, "site": world.agadez}
    person = register_person(actor=ours, organisation=world.home, **where)
    assert LogEntry.objects.get_for_object(person).get().actor_email == "system:tests"
    _refused(register_person, actor=ours, organisation=world.other, **where)

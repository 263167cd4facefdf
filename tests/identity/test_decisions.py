"""Linking, splitting, reviewing and undoing: each decision is reversible, exactly."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from mixflow.identity.actions import (
    LinkError,
    decide_candidate,
    link_records,
    split_record,
    undo_decision,
)
from mixflow.identity.models import Identity, LinkDecision, MatchCandidate, Person
from tests.identity.conftest import register, suggest

pytestmark = pytest.mark.django_db

LATER = datetime.date(2026, 10, 2)


def _membership(*persons: Person) -> dict[int, int | None]:
    return dict(
        Person.objects.filter(pk__in=[p.pk for p in persons]).values_list("pk", "identity_id")
    )


def _fresh(person: Person) -> Person:
    return Person.objects.get(pk=person.pk)


def test_every_registration_gets_an_identity(world: Any) -> None:
    for person in (world.at_agadez, world.at_tripoli, world.of_other, world.shared):
        identity = _fresh(person).identity
        assert identity is not None
        assert identity.organisation_id == person.organisation_id


def test_merge_then_undo_restores_membership_exactly(world: Any) -> None:
    officer = world.user("registration_officer")
    third = register(world, world.agadez, LATER, given_name="Tesfay", family_name="Haile")
    # Two records already one identity, the third apart: the merge joins all three.
    link_records(actor=officer, a=world.at_agadez, b=third, reason="same photo")
    before = _membership(world.at_agadez, world.at_tripoli, third)
    merge = link_records(
        actor=officer, a=_fresh(world.at_tripoli), b=_fresh(third), reason="same phone number"
    )
    after = _membership(world.at_agadez, world.at_tripoli, third)
    assert len(set(after.values())) == 1
    assert merge.kind == LinkDecision.Kind.MERGE
    assert merge.decided_by == officer
    assert set(merge.records.values_list("pk", flat=True)) == set(before)

    undo = undo_decision(actor=officer, decision=merge, reason="wrong phone number")
    assert _membership(world.at_agadez, world.at_tripoli, third) == before
    assert undo.reverses == merge
    assert undo.before == merge.after
    assert undo.after == merge.before
    # No record was destroyed, and the emptied identity came back under its own id.
    assert Person.objects.filter(organisation=world.home).count() == 3
    assert (
        Identity.objects.filter(pk__in=[i for i in before.values() if i is not None]).count() == 2
    )


def test_split_then_undo(world: Any) -> None:
    officer = world.user("caseworker")
    link_records(actor=officer, a=world.at_agadez, b=world.at_tripoli, reason="")
    linked = _membership(world.at_agadez, world.at_tripoli)
    split = split_record(
        actor=officer, person=_fresh(world.at_tripoli), reason="different father's name"
    )
    apart = _membership(world.at_agadez, world.at_tripoli)
    assert apart[world.at_agadez.pk] == linked[world.at_agadez.pk]
    assert apart[world.at_tripoli.pk] not in set(linked.values())
    undo_decision(actor=officer, decision=split)
    assert _membership(world.at_agadez, world.at_tripoli) == linked


def test_a_record_alone_cannot_be_split(world: Any) -> None:
    with pytest.raises(LinkError, match="nothing to split"):
        split_record(actor=world.user("caseworker"), person=_fresh(world.at_agadez), reason="")
    assert not LinkDecision.objects.exists()


def test_undo_is_refused_while_a_later_decision_depends_on_it(world: Any) -> None:
    officer = world.user("registration_officer")
    third = register(world, world.tripoli, LATER, given_name="Abebe", family_name="Kebede")
    first = link_records(actor=officer, a=world.at_agadez, b=world.at_tripoli, reason="")
    second = link_records(actor=officer, a=_fresh(world.at_tripoli), b=third, reason="")
    with pytest.raises(LinkError, match=f"#{second.pk}"):
        undo_decision(actor=officer, decision=first)
    undo_decision(actor=officer, decision=second)
    undo_decision(actor=officer, decision=first)  # now nothing stands in the way
    assert len(set(_membership(world.at_agadez, world.at_tripoli, third).values())) == 3


def test_undo_twice_and_undo_of_an_undo_are_refused(world: Any) -> None:
    officer = world.user("registration_officer")
    merge = link_records(actor=officer, a=world.at_agadez, b=world.at_tripoli, reason="")
    undo = undo_decision(actor=officer, decision=merge)
    with pytest.raises(LinkError, match="already been undone"):
        undo_decision(actor=officer, decision=merge)
    with pytest.raises(LinkError, match="cannot itself be undone"):
        undo_decision(actor=officer, decision=undo)


def test_records_of_two_organisations_are_never_linked(world: Any) -> None:
    with pytest.raises(LinkError):
        link_records(actor=world.user("caseworker"), a=world.at_agadez, b=world.shared, reason="")
    assert _fresh(world.at_agadez).identity_id != _fresh(world.shared).identity_id


def test_same_links_and_undo_reopens_the_pair(world: Any) -> None:
    candidate = suggest(world.at_agadez, world.at_tripoli)
    reviewer = world.user("caseworker")
    decision = decide_candidate(
        actor=reviewer, candidate=candidate, verdict="same", reason="same scar"
    )
    candidate.refresh_from_db()
    assert candidate.status == MatchCandidate.Status.DECIDED
    assert candidate.verdict == "same"
    assert decision.kind == LinkDecision.Kind.SAME
    assert decision.candidate == candidate
    assert _fresh(world.at_agadez).identity_id == _fresh(world.at_tripoli).identity_id
    undo_decision(actor=reviewer, decision=decision)
    candidate.refresh_from_db()
    assert candidate.status == MatchCandidate.Status.OPEN
    assert candidate.verdict == ""
    assert _fresh(world.at_agadez).identity_id != _fresh(world.at_tripoli).identity_id


def test_different_keeps_apart_and_splits_a_wrong_link(world: Any) -> None:
    reviewer = world.user("caseworker")
    candidate = suggest(world.at_agadez, world.at_tripoli)
    decide_candidate(actor=reviewer, candidate=candidate, verdict="different", reason="")
    assert _fresh(world.at_agadez).identity_id != _fresh(world.at_tripoli).identity_id

    # A pair the matcher had linked on its own: "different" separates it, reversibly.
    third = register(world, world.agadez, LATER, given_name="Tesfaye", family_name="Hailu")
    link_records(actor=reviewer, a=world.at_agadez, b=third, reason="")
    wrong = suggest(world.at_agadez, third)
    decision = decide_candidate(
        actor=reviewer, candidate=wrong, verdict="different", reason="other mother"
    )
    assert _fresh(world.at_agadez).identity_id != _fresh(third).identity_id
    undo_decision(actor=reviewer, decision=decision)
    assert _fresh(world.at_agadez).identity_id == _fresh(third).identity_id


def test_not_sure_stays_in_the_queue_marked(world: Any) -> None:
    candidate = suggest(world.at_agadez, world.at_tripoli)
    decision = decide_candidate(
        actor=world.user("caseworker"), candidate=candidate, verdict="not_sure", reason="ask again"
    )
    candidate.refresh_from_db()
    assert candidate.status == MatchCandidate.Status.NOT_SURE
    assert decision.before == decision.after
    assert _fresh(world.at_agadez).identity_id != _fresh(world.at_tripoli).identity_id

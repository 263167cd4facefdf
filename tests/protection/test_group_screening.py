"""Members of a registered group are screened from the group's make-up (issue 9): a child
without a parent in the group is flagged separated or unaccompanied, an older member as such,
each flag on the member's own record; the head's personal answers stay the head's."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mixflow.protection.models import ProfileFlag
from mixflow.protection.profiling.members import Companion, child_care


def _member(name: str, relationship: str, sex: str = "female", **birth: str) -> dict[str, Any]:
    return {
        "m_given_name": name,
        "m_sex": sex,
        "m_relationship": relationship,
        **{f"m_{k}": v for k, v in (birth or {"dob_precision": "unknown"}).items()},
    }


def _codes(person: Any, submission: Any) -> set[str]:
    return set(
        ProfileFlag.objects.filter(person=person, encounter=submission.encounter).values_list(
            "code", flat=True
        )
    )


def _members(submission: Any) -> dict[str, Any]:
    return {m.person.given_name: m.person for m in submission.group.memberships.all()}


def test_child_care_follows_the_group_make_up() -> None:
    mother = Companion("head", adult=True)
    uncle = Companion("other_relative", adult=True)
    stranger = Companion("non_relative", adult=True)
    brother = Companion("head", adult=False)
    assert child_care("child", [mother]) == "accompanied"
    assert child_care("child", [brother]) == "unaccompanied"
    assert child_care("sibling", [brother, Companion("parent", adult=True)]) == "accompanied"
    assert child_care("sibling", [Companion("head", adult=True)]) == "separated"
    assert child_care("other_relative", [uncle]) == "separated"
    # Grandparents are relatives, not parents: the benefit of the doubt goes to the child.
    assert child_care("grandchild", [mother, Companion("child", adult=True)]) == "separated"
    assert child_care("non_relative", [stranger, mother]) == "unaccompanied"
    # A parent whose age is not known to be 18 or more is not counted as the adult caring.
    assert child_care("child", [Companion("head", adult=False)]) == "unaccompanied"


def test_each_member_of_a_registered_family_is_screened(
    world: Any, screen: Callable[..., Any]
) -> None:
    submission = screen(
        given_name="Amina",
        sex="female",
        date_of_birth="1985-03-01",
        with_others="yes",
        group_kind="family",
        reasons_for_leaving="conflict",
        fear_of_return="yes",
        members=[
            _member("Yusuf", "child", "male", dob_precision="exact", date_of_birth="2015-06-01"),
            _member("Idris", "other_relative", "male", dob_precision="estimated", age_years="14"),
            _member("Hawa", "parent", dob_precision="year", date_of_birth="1950-01-01"),
        ],
    )
    people = _members(submission)
    assert set(people) == {"Amina", "Yusuf", "Idris", "Hawa"}
    head = _codes(people["Amina"], submission)
    assert {"international_protection", "LP"} <= head
    # Her son travels with her: a child, not separated; the family's flight is his too.
    son = _codes(people["Yusuf"], submission)
    assert "international_protection" in son
    assert not son & {"SC-SC", "SC-UC", "unaccompanied_separated_child"}
    # Her nephew has no parent here: separated, with tracing; her fear is not his answer.
    nephew = _codes(people["Idris"], submission)
    assert {"SC-SC", "unaccompanied_separated_child", "FU"} <= nephew
    assert "LP" not in nephew
    flag = ProfileFlag.objects.get(person=people["Idris"], code="SC-SC")
    assert flag.evidence["child_care"] == "separated"
    assert flag.child_indicator
    # Her mother, born in 1950, is an older person.
    assert {"ER", "specific_needs"} <= _codes(people["Hawa"], submission)


def test_children_travelling_together_without_an_adult_are_unaccompanied(
    world: Any, screen: Callable[..., Any]
) -> None:
    submission = screen(
        given_name="Samuel",
        date_of_birth="2010-01-10",
        under_18="yes",
        child_care="unaccompanied",
        with_others="yes",
        group_kind="family",
        members=[
            _member("Ruth", "sibling", dob_precision="exact", date_of_birth="2013-04-04"),
        ],
    )
    people = _members(submission)
    assert "SC-UC" in _codes(people["Samuel"], submission)
    assert {"SC-UC", "unaccompanied_separated_child"} <= _codes(people["Ruth"], submission)


def test_bulk_loaded_groups_are_screened_as_the_desk_screens_them(
    world: Any, screen: Callable[..., Any]
) -> None:
    """The demo's bulk load and the rule editor's dry run read stored encounters, not a form:
    they must flag the members of a group as the desk did."""
    from mixflow.core.actors import SystemActor
    from mixflow.intake.screening import dry_run, profile_stored_screenings
    from mixflow.protection.profiling_rules import rule_set_in_force

    submission = screen(
        given_name="Amina",
        sex="female",
        date_of_birth="1985-03-01",
        with_others="yes",
        group_kind="family",
        members=[
            _member("Idris", "other_relative", "male", dob_precision="estimated", age_years="14"),
            _member("Hawa", "parent", dob_precision="year", date_of_birth="1950-01-01"),
        ],
    )
    flags = ProfileFlag.objects.filter(encounter=submission.encounter)
    at_the_desk = set(flags.values_list("person_id", "code"))
    members = {p for p, _ in at_the_desk} - {submission.encounter.person_id}
    assert len(members) == 2  # the nephew and the grandmother
    flags.delete()
    # The demo's actor: a system actor, as the bulk load runs it.
    # (The world's other stored encounters, not flagged yet, are flagged too.)
    assert profile_stored_screenings(actor=SystemActor("profiling rules")) >= len(at_the_desk)
    assert set(flags.values_list("person_id", "code")) == at_the_desk
    # The dry run counts the members too: the same rules change nothing, on all of them.
    rules = rule_set_in_force()
    preview = dry_run(rules, rules)
    assert preview.people >= 3
    assert not preview.changed

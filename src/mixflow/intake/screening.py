"""A screening as the profiling rules read it: the registration questionnaire's answers,
rebuilt from what an encounter stored (the journey, its sensitive details, the person).

Rebuilding from the stored records rather than from one form's answers means that every path
that creates an encounter — the desk form, the API, OpenRosa, an import, the synthetic loader —
is profiled the same way, and a questionnaire of one's own that maps its questions to the same
fields is read by the same rules. ``profile_encounter`` hands the answers to protection, which
raises the flags (protection never reads intake's tables itself).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from mixflow.accounts.actors import Actor
from mixflow.identity.models import GroupMember, Person
from mixflow.intake.models import Encounter, SensitiveDetails
from mixflow.lib.vocabularies import DatePrecision
from mixflow.protection.actions import profiling_actor, raise_flags, raise_flags_in_bulk
from mixflow.protection.models import ProfileFlag
from mixflow.protection.profiling.answers import AGE_SOURCES, age_range
from mixflow.protection.profiling.members import HEAD, Companion, child_care
from mixflow.protection.profiling.rules import RuleSet
from mixflow.protection.profiling_actions import Screening


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def _birth(person: Person, encounter: Encounter) -> dict[str, Any]:
    born = person.date_of_birth
    precision = person.dob_precision
    if born is None or precision == DatePrecision.UNKNOWN:
        return {"dob_precision": DatePrecision.UNKNOWN.value}
    if precision == DatePrecision.ESTIMATED:
        return {
            "dob_precision": precision,
            "age_years": encounter.occurred_on.year - born.year,
        }
    if precision == DatePrecision.YEAR:
        return {"dob_precision": precision, "date_of_birth": f"{born.year:04d}"}
    if precision == DatePrecision.MONTH:
        return {"dob_precision": precision, "date_of_birth": f"{born.year:04d}-{born.month:02d}"}
    return {"dob_precision": precision, "date_of_birth": born.isoformat()}


def screening_answers(
    encounter: Encounter, sensitive: SensitiveDetails | None, person: Person
) -> dict[str, Any]:
    """The answers of one screening, keyed by the registration questionnaire's field names."""
    answers: dict[str, Any] = {
        "today": encounter.occurred_on.isoformat(),
        "sex": person.sex,
        **_birth(person, encounter),
        "country_of_origin": encounter.country_of_origin,
        "reasons_for_leaving": list(encounter.reasons_for_leaving),
        "used_smuggler": _yes_no(encounter.used_smuggler),
        "smuggler_cost_usd": encounter.smuggler_cost_usd,
        "wishes_return": _yes_no(encounter.wishes_return),
    }
    if encounter.group_id is not None:
        answers["with_others"] = "yes"
    if sensitive is not None:
        answers.update(
            {
                "fear_of_return": sensitive.fear_of_return,
                "wishes_asylum": _yes_no(sensitive.wishes_asylum),
                "refugee_elsewhere": sensitive.refugee_elsewhere,
                "refugee_country": sensitive.refugee_country,
                "under_18": sensitive.under_18,
                "child_care": sensitive.child_care,
                "trafficking_indicators": list(sensitive.trafficking_indicators),
                "violence_incidents": list(sensitive.violence_incidents),
                "health_conditions": list(sensitive.health_conditions),
                "single_caregiver": _yes_no(sensitive.single_caregiver),
            }
        )
        if sensitive.travelling_with_others is not None:
            answers["with_others"] = _yes_no(sensitive.travelling_with_others)
        for gate, listed in (
            ("any_exploitation", "trafficking_indicators"),
            ("any_violence", "violence_incidents"),
            ("any_health_need", "health_conditions"),
        ):
            if answers[listed]:
                answers[gate] = "yes"
    return {k: v for k, v in answers.items() if v not in (None, "", [])}


def _sensitive_of(encounter: Encounter) -> SensitiveDetails | None:
    try:
        return encounter.sensitive
    except SensitiveDetails.DoesNotExist:
        return None


def _surely_adult(answers: dict[str, Any], on: Any) -> bool:
    known = age_range(answers, on)
    return known is not None and known.youngest >= 18


def member_answers(
    encounter: Encounter, member: GroupMember, others: list[GroupMember], head_adult: bool
) -> dict[str, Any]:
    """The answers the rules read for ``member``, a person registered in the group of the
    encounter's person (the head) without a screening of their own: their sex and age, the
    group's journey (they travelled it together), and, for a possible child, who cares for
    them as the group's make-up shows (``protection.profiling.members``). The head's personal
    answers (fear, exploitation, health) are theirs alone and are not carried over."""
    on = encounter.occurred_on
    answers: dict[str, Any] = {
        "today": on.isoformat(),
        "sex": member.person.sex,
        **_birth(member.person, encounter),
        "with_others": "yes",
        "country_of_origin": encounter.country_of_origin,
        "reasons_for_leaving": list(encounter.reasons_for_leaving),
        "used_smuggler": _yes_no(encounter.used_smuggler),
    }
    known = age_range(answers, on)
    if known is None or known.youngest < 18:
        companions = [Companion(HEAD, head_adult)] + [
            Companion(m.relationship, _surely_adult(_birth(m.person, encounter), on))
            for m in others
            if m.pk != member.pk
        ]
        answers["child_care"] = child_care(member.relationship, companions)
    return {k: v for k, v in answers.items() if v not in (None, "", [])}


def profile_encounter(
    encounter: Encounter, *, rule_set: RuleSet | None = None
) -> list[ProfileFlag]:
    """Run the profiling rules over one encounter (a step of every submission that creates
    one, and of the demo): the flags are raised by the ``profiling rules`` system actor of the
    encounter's organisation. The other members of the encounter's group are screened too,
    each flag attached to the member it is about (``member_answers``)."""
    person = encounter.person
    sensitive = _sensitive_of(encounter)
    answers = screening_answers(encounter, sensitive, person)
    actor = profiling_actor(encounter.organisation_id)
    flags = raise_flags(
        actor=actor, person=person, encounter=encounter, answers=answers, rule_set=rule_set
    )
    if encounter.group_id is None:
        return flags
    group = GroupMember.objects.filter(group_id=encounter.group_id).select_related("person")
    for member, member_says in _members_screened(encounter, sensitive, answers, list(group)):
        flags += raise_flags(
            actor=actor,
            person=member.person,
            encounter=encounter,
            answers=member_says,
            rule_set=rule_set,
        )
    return flags


def _members_screened(
    encounter: Encounter,
    sensitive: SensitiveDetails | None,
    answers: dict[str, Any],
    group: list[GroupMember],
) -> Iterator[tuple[GroupMember, dict[str, Any]]]:
    """The other members of the encounter's group with the answers the rules read for each
    (one rule for the desk, the API, imports, the demo's bulk load and the dry run)."""
    members = sorted((m for m in group if m.person_id != encounter.person_id), key=lambda m: m.pk)
    head_adult = _surely_adult(answers, encounter.occurred_on) or (
        sensitive is not None and sensitive.under_18 == "no"
    )
    for member in members:
        yield member, member_answers(encounter, member, members, head_adult)


@dataclass(frozen=True)
class CodeChange:
    """How many people a proposed rule set would flag with one code, against the one in force."""

    code: str
    now: int
    proposed: int
    more: int
    """people the proposed rules flag with this code and the rules in force do not"""
    fewer: int
    """people the rules in force flag with this code and the proposed rules do not"""


@dataclass(frozen=True)
class DryRun:
    screenings: int
    people: int
    changes: list[CodeChange]

    @property
    def changed(self) -> list[CodeChange]:
        return [c for c in self.changes if c.more or c.fewer]


def _screenings(chunk_size: int = 2000) -> Iterator[Screening]:
    """Every stored encounter as a screening, read in chunks, followed by the screenings of the
    other members of its group (as ``profile_encounter`` screens them). Only counts leave the
    dry run, so it reads across organisations without showing anyone a record."""
    encounters = Encounter.objects.select_related("sensitive", "person").order_by("pk")
    chunk: list[Encounter] = []
    for encounter in encounters.iterator(chunk_size=chunk_size):
        chunk.append(encounter)
        if len(chunk) >= chunk_size:
            yield from _screenings_of(chunk)
            chunk = []
    yield from _screenings_of(chunk)


def _screenings_of(encounters: list[Encounter]) -> Iterator[Screening]:
    groups: dict[int, list[GroupMember]] = defaultdict(list)
    group_ids = {e.group_id for e in encounters if e.group_id is not None}
    if group_ids:
        for member in (
            GroupMember.objects.filter(group_id__in=group_ids)
            .select_related("person")
            .order_by("pk")
        ):
            groups[member.group_id].append(member)
    for encounter in encounters:
        sensitive = _sensitive_of(encounter)
        answers = screening_answers(encounter, sensitive, encounter.person)
        yield Screening(
            person_id=encounter.person_id,
            encounter_id=encounter.pk,
            organisation_id=encounter.organisation_id,
            site_id=encounter.site_id,
            on=encounter.occurred_on,
            answers=answers,
        )
        if encounter.group_id is None:
            continue
        group = groups[encounter.group_id]
        for member, member_says in _members_screened(encounter, sensitive, answers, group):
            yield Screening(
                person_id=member.person_id,
                encounter_id=encounter.pk,
                organisation_id=encounter.organisation_id,
                site_id=encounter.site_id,
                on=encounter.occurred_on,
                answers=member_says,
            )


def profile_stored_screenings(*, actor: Actor, rule_set: RuleSet | None = None) -> int:
    """Flag every stored encounter not flagged yet (bulk-loaded data: the demo, a migration
    from another system), through ``protection.actions.raise_flags_in_bulk``."""
    return raise_flags_in_bulk(actor=actor, screenings=_screenings(), rule_set=rule_set)


def _frozen(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def dry_run(current: RuleSet, proposed: RuleSet) -> DryRun:
    """What publishing ``proposed`` would change on the screenings already stored: per code, how
    many more and how many fewer people it would flag. Nothing is written."""
    before: dict[str, set[int]] = defaultdict(set)
    after: dict[str, set[int]] = defaultdict(set)
    people: set[int] = set()
    count = 0
    # Many screenings read the same to the rules (same age range, same answers): each such
    # shape is screened once.
    read = sorted({name for rules in (current, proposed) for r in rules.rules for name in r.reads})
    read = [name for name in read if name not in AGE_SOURCES]
    seen: dict[Any, tuple[list[str], list[str]]] = {}
    for screening in _screenings():
        count += 1
        person_id = screening.person_id
        people.add(person_id)
        answers = screening.answers
        shape = (
            age_range(answers, screening.on),
            tuple((name, _frozen(answers.get(name))) for name in read),
        )
        if shape not in seen:
            seen[shape] = (
                [f.code for f in current.screen(answers, screening.on)],
                [f.code for f in proposed.screen(answers, screening.on)],
            )
        codes_now, codes_proposed = seen[shape]
        for code in codes_now:
            before[code].add(person_id)
        for code in codes_proposed:
            after[code].add(person_id)
    changes = [
        CodeChange(
            code=code,
            now=len(before[code]),
            proposed=len(after[code]),
            more=len(after[code] - before[code]),
            fewer=len(before[code] - after[code]),
        )
        for code in sorted(set(before) | set(after))
    ]
    return DryRun(screenings=count, people=len(people), changes=changes)

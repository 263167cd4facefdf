"""A screening as the profiling rules read it: the registration questionnaire's answers,
rebuilt from what an encounter stored (the journey, its sensitive details, the person).

Rebuilding from the stored records rather than from one form's answers means that every path
that creates an encounter — the desk form, the API, OpenRosa, an import, the synthetic loader —
is profiled the same way, and a questionnaire of one's own that maps its questions to the same
fields is read by the same rules. ``profile_encounter`` hands the answers to protection, which
raises the flags (protection never reads intake's tables itself).
"""

from __future__ import annotations

from typing import Any

from mixflow.identity.models import Person
from mixflow.intake.models import Encounter, SensitiveDetails
from mixflow.lib.vocabularies import DatePrecision
from mixflow.protection.actions import profiling_actor, raise_flags
from mixflow.protection.models import ProfileFlag
from mixflow.protection.profiling.rules import RuleSet


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


def profile_encounter(
    encounter: Encounter, *, rule_set: RuleSet | None = None
) -> list[ProfileFlag]:
    """Run the profiling rules over one encounter (a step of every submission that creates
    one, and of the demo): the flags are raised by the ``profiling rules`` system actor of the
    encounter's organisation."""
    person = encounter.person
    answers = screening_answers(encounter, _sensitive_of(encounter), person)
    return raise_flags(
        actor=profiling_actor(encounter.organisation_id),
        person=person,
        encounter=encounter,
        answers=answers,
        rule_set=rule_set,
    )

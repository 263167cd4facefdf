"""What a profiling rule may read: the registration questionnaire's screening answers.

The names are the shipped registration questionnaire's field names (``intake`` checks in its
tests that they still exist there), so a JSON line, a desk screening and a rule speak the same
words. ``age`` is computed from the date of birth, its precision and the screening date.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from mixflow.lib.dates import (
    ESTIMATED,
    UNKNOWN,
    PartialDate,
    age_on,
    effective_precision,
    parse_partial_date,
)

YES_NO = ("yes", "no")
YES_NO_DK = ("yes", "no", "dont_know")
YES_NO_DK_REFUSED = ("yes", "no", "dont_know", "refused")


@dataclass(frozen=True)
class AnswerSpec:
    kind: str
    """``one`` (a single code), ``many`` (several codes), ``number``, ``date`` or ``text``."""
    values: tuple[str, ...] = ()
    """The codes a ``one`` or ``many`` answer may take (empty: any)."""


ANSWERS: Mapping[str, AnswerSpec] = {
    "sex": AnswerSpec("one", ("female", "male", "other", "unknown")),
    "dob_precision": AnswerSpec("one", ("exact", "month", "year", "estimated", "unknown")),
    "date_of_birth": AnswerSpec("date"),
    "age_years": AnswerSpec("number"),
    "today": AnswerSpec("date"),
    "nationality": AnswerSpec("one"),
    "country_of_origin": AnswerSpec("one"),
    "with_others": AnswerSpec("one", YES_NO),
    "group_kind": AnswerSpec("one", ("family", "household", "friends", "other")),
    "reasons_for_leaving": AnswerSpec(
        "many",
        (
            "economic",
            "conflict",
            "persecution",
            "targeted_violence",
            "natural_disaster",
            "environmental_degradation",
            "family_reunification",
            "education",
            "lack_of_services",
            "other",
        ),
    ),
    "used_smuggler": AnswerSpec("one", YES_NO_DK_REFUSED),
    "smuggler_cost_usd": AnswerSpec("number"),
    "wishes_return": AnswerSpec("one", YES_NO_DK),
    "fear_of_return": AnswerSpec("one", YES_NO_DK_REFUSED),
    "wishes_asylum": AnswerSpec("one", YES_NO_DK_REFUSED),
    "refugee_elsewhere": AnswerSpec("one", YES_NO_DK),
    "refugee_country": AnswerSpec("one"),
    "under_18": AnswerSpec("one", ("yes", "no", "possibly")),
    "child_care": AnswerSpec("one", ("accompanied", "separated", "unaccompanied")),
    "any_exploitation": AnswerSpec("one", YES_NO_DK_REFUSED),
    "trafficking_indicators": AnswerSpec(
        "many",
        (
            "deceived",
            "forced_work",
            "forced_sex",
            "documents_confiscated",
            "debt_bondage",
            "movement_restricted",
            "threats",
            "unpaid",
        ),
    ),
    "any_violence": AnswerSpec("one", YES_NO_DK_REFUSED),
    "violence_incidents": AnswerSpec(
        "many", ("physical", "sexual", "robbery", "kidnapping", "detention", "torture")
    ),
    "any_health_need": AnswerSpec("one", YES_NO_DK_REFUSED),
    "health_conditions": AnswerSpec(
        "many", ("serious_medical", "disability", "pregnancy", "acute_distress")
    ),
    "single_caregiver": AnswerSpec("one", YES_NO),
}
"""Every answer a rule may name, with what it holds."""

AGE = "age"
"""The computed answer the age conditions read (shown as evidence with the answers behind it)."""
AGE_SOURCES = ("date_of_birth", "dob_precision", "age_years", "today")


def codes(value: Any) -> list[str]:
    """A multiple-choice answer as a list of codes ("a b", ["a", "b"] or None)."""
    if value is None or value == "":
        return []
    if isinstance(value, list | tuple | set | frozenset):
        return [str(v) for v in value if str(v)]
    return [v for v in str(value).split() if v]


def text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value).strip()


def _date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    raw = text(value)
    if not raw:
        return None
    try:
        return datetime.date.fromisoformat(raw[:10])
    except ValueError:
        # A year alone ("2009") is a year-precision date of birth.
        return datetime.date(int(raw), 1, 1) if raw.isdigit() and len(raw) == 4 else None


def _number(value: Any) -> float | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True)
class AgeRange:
    """The youngest and oldest the person can be on the screening day, from what is known."""

    youngest: int
    oldest: int
    uncertain: bool


def age_range(answers: Mapping[str, Any], on: datetime.date) -> AgeRange | None:
    """From an exact date, a month, a year only (or a 1 January placeholder) or an estimate,
    with ``lib.dates``' ranges (an estimate is give or take two years); ``None`` when nothing
    is known. The rules give the benefit of the doubt: the youngest age for "under", the
    oldest for "at least"."""
    return _age_range(
        text(answers.get("date_of_birth")),
        text(answers.get("dob_precision")).lower() or None,
        _number(answers.get("age_years")),
        _date(answers.get("today")) or on,
    )


@lru_cache(maxsize=4096)
def _age_range(
    born: str, precision: str | None, estimate: float | None, on: datetime.date
) -> AgeRange | None:
    # Cached: a rule set asks the age of one screening several times, and dates repeat.
    try:
        if precision == ESTIMATED or (not born and estimate is not None):
            if estimate is None:
                return None
            partial = PartialDate(on.year - int(estimate), None, None, ESTIMATED)
        elif not born or precision == UNKNOWN:
            return None
        else:
            partial = parse_partial_date(born[:10], precision)
        if effective_precision(partial) == UNKNOWN:
            return None
        youngest, oldest = age_on(partial, on)
    except ValueError:
        return None
    return AgeRange(youngest, oldest, uncertain=effective_precision(partial) == ESTIMATED)

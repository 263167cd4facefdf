"""The profiling rule language and the shipped rule set, without a database."""

from __future__ import annotations

import copy
import datetime
from typing import Any

import pytest

from mixflow.protection.profiling.conditions import evaluate, problems
from mixflow.protection.profiling.rules import (
    EXAMPLE_DAY,
    LANGUAGES,
    PROFILES,
    RuleSetError,
    parse,
    shipped,
)

DAY = datetime.date(2026, 6, 1)
RULES = shipped()


def _cases() -> list[tuple[str, str, int, dict[str, Any]]]:
    out = []
    for rule in RULES.rules:
        out += [(rule.id, "fire", i, dict(e)) for i, e in enumerate(rule.examples_fire)]
        out += [(rule.id, "quiet", i, dict(e)) for i, e in enumerate(rule.examples_quiet)]
    return out


@pytest.mark.parametrize(("rule_id", "expect", "index", "answers"), _cases())
def test_every_example_of_every_rule(
    rule_id: str, expect: str, index: int, answers: dict[str, Any]
) -> None:
    rule = RULES.rule(rule_id)
    assert rule is not None
    holds = evaluate(rule.when, answers, EXAMPLE_DAY).holds
    assert holds is (expect == "fire"), (rule_id, expect, index)
    if expect == "fire":
        # The rule set raises the rule's code, with the rule among those that raised it.
        raised = {f.code: f.rule_ids for f in RULES.screen(answers, EXAMPLE_DAY)}
        assert rule_id in raised[rule.code]


def test_the_shipped_rules_cover_the_nine_profiles_and_the_need_codes() -> None:
    profiles = {r.code for r in RULES.rules if r.kind == "profile"}
    assert profiles == set(PROFILES)
    needs = {r.code.split("-")[0] for r in RULES.rules if r.kind == "need"}
    assert {"CR", "SC", "DS", "SM", "FU", "LP", "TR", "SV"} <= needs
    for rule in RULES.rules:
        assert all(rule.description[lang].strip() for lang in LANGUAGES), rule.id
        assert rule.description["fr"] != rule.description["en"], rule.id
        assert rule.examples_fire, rule.id
        assert rule.examples_quiet, rule.id


def test_flags_show_the_answers_that_raised_them_and_the_version() -> None:
    (flag,) = RULES.screen({"trafficking_indicators": "documents_confiscated"}, DAY)
    assert (flag.code, flag.kind, flag.rule_id, flag.version) == (
        "trafficking",
        "profile",
        "trafficking.indicators",
        RULES.version,
    )
    assert flag.evidence == {"trafficking_indicators": "documents_confiscated"}
    assert "documents" in flag.explain("en")
    assert "papiers" in flag.explain("fr")
    assert "documentos" in flag.explain("es")


def test_child_indicators_come_first() -> None:
    flags = RULES.screen(
        {
            "reasons_for_leaving": "economic",
            "dob_precision": "exact",
            "date_of_birth": "2011-04-02",
            "with_others": "no",
        },
        DAY,
    )
    assert flags[0].code == "unaccompanied_separated_child"
    assert [f.child for f in flags] == sorted((f.child for f in flags), reverse=True)
    assert "economic" in {f.code for f in flags}


@pytest.mark.parametrize(
    ("answers", "child"),
    [
        ({"dob_precision": "estimated", "age_years": 19}, True),  # could be 17: benefit of doubt
        ({"dob_precision": "estimated", "age_years": 19, "under_18": "no"}, False),
        ({"dob_precision": "estimated", "age_years": 25}, False),
        ({"dob_precision": "year", "date_of_birth": "2008"}, True),  # 17 or 18 on the day
        ({"dob_precision": "exact", "date_of_birth": "2008-01-01"}, True),  # a placeholder
        ({"dob_precision": "exact", "date_of_birth": "2008-03-01"}, False),  # 18 exactly
        ({"dob_precision": "unknown", "under_18": "possibly"}, True),
        ({"dob_precision": "unknown"}, False),
        # An exact date under 18 is a child whatever the "under 18" answer says.
        ({"dob_precision": "exact", "date_of_birth": "2012-05-05", "under_18": "no"}, True),
    ],
)
def test_age_uncertain_gives_the_benefit_of_the_doubt_to_the_child(
    answers: dict[str, Any], child: bool
) -> None:
    codes = {f.code for f in RULES.screen({**answers, "with_others": "no"}, DAY)}
    assert ("unaccompanied_separated_child" in codes) is child, codes


def test_the_screening_day_in_the_answers_decides_the_age() -> None:
    answers = {"dob_precision": "exact", "date_of_birth": "2008-09-01", "with_others": "no"}
    assert RULES.screen({**answers, "today": "2026-08-31"}, DAY)
    assert not RULES.screen({**answers, "today": "2026-09-01"}, DAY)


def test_an_empty_screening_raises_nothing() -> None:
    assert RULES.screen({}, DAY) == []


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ({"answer": "fear_of_returnx", "is": "yes"}, "unknown answer"),
        ({"answer": "fear_of_return", "equals": "yes"}, "exactly one of"),
        ({"answer": "fear_of_return", "is": "perhaps"}, "has no code perhaps"),
        ({"answer": "reasons_for_leaving", "is": "economic"}, "use “any_of”"),
        ({"answer": "under_18", "any_of": ["yes"]}, "multiple-choice"),
        ({"answer": "sex", "at_least": 3}, "number"),
        ({"age_under": "eighteen"}, "bad value"),
        ({"all": []}, "non-empty list"),
        ({"whatever": 1}, "unknown operator"),
        ([1, 2], "must be an object"),
    ],
)
def test_bad_conditions_are_refused_with_the_reason(condition: Any, expected: str) -> None:
    found = problems(condition)
    assert found
    assert expected in str(found[0]), found


def test_a_rule_set_whose_examples_fail_is_refused() -> None:
    data = RULES.as_data()
    broken = copy.deepcopy(data)
    broken["rules"][0]["examples"]["quiet"].append(broken["rules"][0]["examples"]["fire"][0])
    with pytest.raises(RuleSetError) as refused:
        parse(broken)
    assert any("fires" in str(p) for p in refused.value.problems)
    assert parse(data).version == RULES.version


def test_a_rule_set_with_unknown_codes_or_wrong_reads_is_refused() -> None:
    data = RULES.as_data()
    data["rules"][0]["code"] = "vagrant"
    data["rules"][1]["reads"] = ["sex"]
    data["rules"][2]["description"].pop("es")
    data["rules"].append(copy.deepcopy(data["rules"][3]))
    with pytest.raises(RuleSetError) as refused:
        parse(data)
    text = " ".join(str(p) for p in refused.value.problems)
    assert "unknown profile “vagrant”" in text
    assert "“reads” must list" in text
    assert "description is needed" in text
    assert "used twice" in text


def test_answers_typed_by_hand_in_capitals_or_as_booleans_are_read() -> None:
    flags = RULES.screen(
        {"used_smuggler": True, "fear_of_return": "Yes", "trafficking_indicators": "Unpaid"}, DAY
    )
    assert {f.code for f in flags} >= {"smuggled", "international_protection", "trafficking"}

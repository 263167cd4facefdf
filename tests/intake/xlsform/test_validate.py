from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from mixflow.intake.xlsform.model import Form
from mixflow.intake.xlsform.validate import available_choices, validate_answers
from tests.intake.xlsform.forms import EN, ES, FR, form

DAY = datetime.date(2026, 3, 15)


@pytest.fixture(scope="module")
def typed() -> Form:
    return form(
        [
            ("type", "name", "label"),
            ("text", "t", "T"),
            ("integer", "i", "I"),
            ("decimal", "d", "D"),
            ("date", "born", "Born"),
            ("select_one yn", "one", "One"),
            ("select_multiple colours", "many", "Many"),
            ("geopoint", "where", "Where"),
            ("note", "hello", "Hello"),
            ("start", "started", ""),
            ("today", "day", ""),
            ("username", "user", ""),
        ],
        [
            ("list_name", "name", "label"),
            ("yn", "yes", "Yes"),
            ("yn", "no", "No"),
            ("colours", "red", "Red"),
            ("colours", "blue", "Blue"),
        ],
    )


def test_strings_are_typed(typed: Form) -> None:
    checked = validate_answers(
        typed,
        {
            "t": " hi ",
            "i": "42",
            "d": "1.50",
            "born": "2001-02-03",
            "one": "yes",
            "many": "red blue",
            "where": "13.5 2.1 200 5",
            "user": "amina",
        },
        today=DAY,
    )
    assert checked.errors == {}
    answers = checked.answers
    assert answers["t"] == "hi"
    assert answers["i"] == 42
    assert answers["d"] == Decimal("1.50")
    assert answers["born"] == datetime.date(2001, 2, 3)
    assert answers["one"] == "yes"
    assert answers["many"] == ["red", "blue"]
    assert answers["where"] == "13.5 2.1 200 5"
    assert answers["day"] == DAY
    assert isinstance(answers["started"], datetime.datetime)
    assert answers["user"] == "amina"
    assert "hello" not in answers


def test_typed_json_values_are_accepted(typed: Form) -> None:
    checked = validate_answers(
        typed,
        {"i": 7, "d": 2.5, "born": datetime.date(2000, 1, 1), "many": ["blue"], "one": ["no"]},
        today=DAY,
    )
    assert checked.errors == {}
    assert checked.answers["i"] == 7
    assert checked.answers["d"] == Decimal("2.5")
    assert checked.answers["many"] == ["blue"]
    assert checked.answers["one"] == "no"


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("i", "4.5", "whole number"),
        ("i", "four", "whole number"),
        ("i", True, "whole number"),
        ("d", "1,5", "number"),
        ("born", "03/02/2001", "YYYY-MM-DD"),
        ("born", "2001-02-30", "YYYY-MM-DD"),
        ("one", "maybe", "“maybe” is not one of the choices"),
        ("one", ["yes", "no"], "only one"),
        ("many", "red green", "“green” is not one of the choices"),
        ("where", "95 10", "latitude longitude"),
        ("where", "north", "latitude longitude"),
    ],
)
def test_bad_values_are_errors(typed: Form, name: str, value: object, message: str) -> None:
    checked = validate_answers(typed, {name: value}, today=DAY)
    assert list(checked.errors) == [name]
    assert message in checked.errors[name]


def test_unknown_keys_are_kept_aside(typed: Form) -> None:
    checked = validate_answers(typed, {"t": "x", "colour": "red"}, today=DAY)
    assert checked.errors == {}
    assert checked.unknown == {"colour": "red"}
    assert "colour" not in checked.answers


@pytest.fixture(scope="module")
def rules() -> Form:
    return form(
        [
            (
                "type",
                "name",
                "label",
                "required",
                f"required_message::{EN}",
                f"required_message::{FR}",
                "relevant",
                "constraint",
                f"constraint_message::{EN}",
                f"constraint_message::{FR}",
                f"constraint_message::{ES}",
                "default",
            ),
            (
                "integer",
                "age",
                "Age",
                "yes",
                "Age please",
                "L'âge SVP",
                "",
                ". >= 0 and . < 120",
                "0 to 119",
                "De 0 à 119",
                "",
                "",
            ),
            ("select_one yn", "smuggler", "Smuggler", "", "", "", "", "", "", "", "", "no"),
            (
                "integer",
                "cost",
                "Cost",
                "yes",
                "",
                "",
                "${smuggler} = 'yes'",
                ". > 0",
                "",
                "",
                "",
                "",
            ),
            ("begin_group", "adult", "Adult", "", "", "", "${age} >= 18", "", "", "", "", ""),
            ("text", "job", "Job", "", "", "", "", "", "", "", "", ""),
            ("end_group", "", "", "", "", "", "", "", "", "", "", ""),
            ("text", "code", "Code", "", "", "", "", "regex(., '^[A-Z]{3}$')", "", "", "", ""),
        ],
        [("list_name", "name", "label"), ("yn", "yes", "Yes"), ("yn", "no", "No")],
    )


def test_required_message_in_the_users_language(rules: Form) -> None:
    assert validate_answers(rules, {}, "fr").errors == {"age": "L'âge SVP"}
    assert validate_answers(rules, {}, "en").errors == {"age": "Age please"}
    assert validate_answers(rules, {}, "es").errors == {"age": "Age please"}  # default language


def test_constraint_message_per_language(rules: Form) -> None:
    assert validate_answers(rules, {"age": "130"}, "fr").errors == {"age": "De 0 à 119"}
    assert validate_answers(rules, {"age": "-1"}, "en").errors == {"age": "0 to 119"}
    assert validate_answers(rules, {"age": "30"}, "en").errors == {}


def test_generic_messages_when_the_form_gives_none(rules: Form) -> None:
    checked = validate_answers(rules, {"age": "30", "smuggler": "yes", "code": "ab"}, "en")
    assert checked.errors == {
        "cost": "This answer is required.",
        "code": "This answer is not accepted.",
    }
    checked = validate_answers(rules, {"age": "30", "smuggler": "yes", "cost": "0"}, "en")
    assert checked.errors == {"cost": "This answer is not accepted."}


def test_relevance_removes_answers_and_skips_checks(rules: Form) -> None:
    checked = validate_answers(rules, {"age": "10", "smuggler": "no", "cost": "-5", "job": "x"})
    assert checked.errors == {}
    assert "cost" not in checked.answers
    assert "job" not in checked.answers  # its group is not relevant for a child
    assert "cost" not in checked.relevant
    assert {"age", "smuggler", "code"} <= checked.relevant
    assert "adult" not in checked.relevant
    assert "job" not in checked.relevant
    adult = validate_answers(rules, {"age": "30", "job": "baker"})
    assert {"adult", "job"} <= adult.relevant
    assert adult.answers["job"] == "baker"


def test_defaults_apply_to_unanswered_questions(rules: Form) -> None:
    checked = validate_answers(rules, {"age": "30"})
    assert checked.answers["smuggler"] == "no"
    assert checked.value_at("smuggler") == "no"
    assert (
        validate_answers(rules, {"age": "30", "smuggler": "yes", "cost": "5"}).answers["smuggler"]
        == "yes"
    )


def test_calculations_and_dynamic_defaults() -> None:
    calc = form(
        [
            ("type", "name", "label", "calculation", "default", "relevant"),
            ("date", "born", "Born", "", "", ""),
            ("calculate", "age", "", "int((today() - ${born}) div 365.25)", "", ""),
            ("integer", "age_again", "Age", "${age}", "", ""),
            ("text", "adult", "Adult", "", "", "${age} >= 18"),
            ("date", "seen", "Seen", "", "today()", ""),
            ("calculate", "later", "", "${seen2} + 1", "", ""),
            ("integer", "seen2", "S2", "", "", ""),
        ]
    )
    checked = validate_answers(calc, {"born": "2000-03-16", "seen2": "4", "adult": "y"}, today=DAY)
    assert checked.errors == {}
    assert checked.answers["age"] == "25"
    assert checked.answers["age_again"] == 25
    assert checked.answers["adult"] == "y"
    assert checked.answers["seen"] == DAY
    assert checked.answers["later"] == "5"  # refers to a question further down
    young = validate_answers(calc, {"born": "2020-01-01", "adult": "y"}, today=DAY)
    assert "adult" not in young.answers
    assert young.answers["later"] == "NaN"


def test_choice_filter() -> None:
    cascade = form(
        [
            ("type", "name", "label", "choice_filter"),
            ("select_one country", "country", "Country", ""),
            ("select_one city", "city", "City", "country = ${country}"),
        ],
        [
            ("list_name", "name", "label", "country"),
            ("country", "ner", "Niger", ""),
            ("country", "lby", "Libya", ""),
            ("city", "agadez", "Agadez", "ner"),
            ("city", "sebha", "Sebha", "lby"),
        ],
    )
    ok = validate_answers(cascade, {"country": "ner", "city": "agadez"})
    assert ok.errors == {}
    city = cascade.question("city")
    assert [c.name for c in available_choices(cascade, city, ok, "city")] == ["agadez"]
    wrong = validate_answers(cascade, {"country": "ner", "city": "sebha"})
    assert wrong.errors == {"city": "“sebha” is not one of the choices."}
    nothing = validate_answers(cascade, {})
    assert available_choices(cascade, city, nothing, "city") == ()


@pytest.fixture(scope="module")
def household() -> Form:
    return form(
        [
            ("type", "name", "label", "calculation", "constraint", "required", "relevant"),
            ("integer", "size", "Size", "", "", "", ""),
            ("begin_repeat", "members", "Member", "", "", "", ""),
            ("text", "name", "Name", "", "", "yes", ""),
            ("integer", "age", "Age", "", ". < 120", "", ""),
            ("calculate", "pos", "", "position(..)", "", "", ""),
            ("text", "school", "School", "", "", "", "${age} < 18"),
            ("calculate", "same", "", "${size}", "", "", ""),
            ("end_repeat", "", "", "", "", "", ""),
            ("calculate", "count", "", "count(${members})", "", "", ""),
            ("calculate", "total_age", "", "sum(${age})", "", "", ""),
            ("integer", "check", "Check", "", ". = count(${members})", "", ""),
        ]
    )


def test_repeats_position_count_sum_and_sibling_references(household: Form) -> None:
    checked = validate_answers(
        household,
        {
            "size": "2",
            "check": "2",
            "members": [
                {"name": "Amina", "age": "34", "school": "x"},
                {"name": "Idris", "age": "9", "school": "primary"},
            ],
        },
    )
    assert checked.errors == {}
    members = checked.answers["members"]
    assert members[0] == {"name": "Amina", "age": 34, "pos": "1", "same": "2"}
    assert members[1] == {"name": "Idris", "age": 9, "pos": "2", "school": "primary", "same": "2"}
    assert checked.answers["count"] == "2"
    assert checked.answers["total_age"] == "43"
    assert "members[1].school" in checked.relevant
    assert "members[0].school" not in checked.relevant
    assert checked.value_at("members[1].pos") == "2"


def test_errors_inside_repeats_have_paths(household: Form) -> None:
    checked = validate_answers(
        household, {"check": "3", "members": [{"name": "A"}, {"age": "200"}]}
    )
    assert checked.errors == {
        "members[1].name": "This answer is required.",
        "members[1].age": "This answer is not accepted.",
        "check": "This answer is not accepted.",
    }
    assert validate_answers(household, {"members": "x"}).errors == {
        "members": "This repeat expects a list of entries."
    }
    assert validate_answers(household, {"members": [{"name": "A", "hair": "x"}]}).unknown == {
        "members[0].hair": "x"
    }


def test_repeat_count_adds_instances_and_refuses_extra() -> None:
    counted = form(
        [
            ("type", "name", "label", "repeat_count", "calculation"),
            ("integer", "n", "N", "", ""),
            ("begin_repeat", "kids", "Kid", "${n}", ""),
            ("calculate", "pos", "", "", "position(..)"),
            ("end_repeat", "", "", "", ""),
        ]
    )
    checked = validate_answers(counted, {"n": "3"})
    assert checked.answers["kids"] == [{"pos": "1"}, {"pos": "2"}, {"pos": "3"}]
    too_many = validate_answers(counted, {"n": "1", "kids": [{}, {}]})
    assert too_many.errors == {"kids": "There should be 1 entries here, not 2."}


def test_choice_name_uses_the_users_language() -> None:
    labelled = form(
        [
            ("type", "name", f"label::{EN}", "calculation"),
            ("select_one sex", "sex", "Sex", ""),
            ("calculate", "said", "", "jr:choice-name(${sex}, '${sex}')"),
        ],
        [("list_name", "name", f"label::{EN}", f"label::{FR}"), ("sex", "f", "Female", "Femme")],
    )
    assert validate_answers(labelled, {"sex": "f"}, "fr").answers["said"] == "Femme"
    assert validate_answers(labelled, {"sex": "f"}, "en").answers["said"] == "Female"


def test_required_can_be_a_condition() -> None:
    conditional = form(
        [
            ("type", "name", "label", "required"),
            ("integer", "age", "Age", "no"),
            ("text", "guardian", "Guardian", "${age} < 18"),
        ]
    )
    assert conditional.question("age").required == ""
    assert validate_answers(conditional, {"age": "12"}).errors == {
        "guardian": "This answer is required."
    }
    assert validate_answers(conditional, {"age": "30"}).errors == {}
    assert validate_answers(conditional, {}).errors == {}


def test_labels_show_the_answers_they_refer_to(household: Form) -> None:
    from mixflow.intake.xlsform.validate import fill_references

    checked = validate_answers(household, {"size": "2", "members": [{"name": "A"}, {"name": "B"}]})
    assert fill_references("Size ${size}, member ${name}", checked, "members[1].pos") == (
        "Size 2, member B"
    )
    assert fill_references("${nope} stays", checked) == "${nope} stays"


def test_nothing_inside_an_irrelevant_repeat_is_checked_or_kept() -> None:
    travelling = form(
        [
            ("type", "name", "label", "relevant", "required"),
            ("select_one yn", "alone", "Alone", "", ""),
            ("begin_repeat", "members", "Member", "${alone} = 'no'", ""),
            ("text", "name", "Name", "", "yes"),
            ("end_repeat", "", "", "", ""),
        ],
        [("list_name", "name", "label"), ("yn", "yes", "Yes"), ("yn", "no", "No")],
    )
    alone = validate_answers(travelling, {"alone": "yes", "members": [{}, {"name": "B"}]})
    assert alone.errors == {}
    assert "members" not in alone.answers
    assert not any(path.startswith("members") for path in alone.relevant)
    together = validate_answers(travelling, {"alone": "no", "members": [{}, {"name": "B"}]})
    assert together.errors == {"members[0].name": "This answer is required."}
    assert together.answers["members"] == [{}, {"name": "B"}]

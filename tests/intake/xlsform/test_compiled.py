"""The compiled evaluator and the per-form plan give the results the tree walk gave.

``xpath.compile_expression`` and ``form_plan`` exist for speed only: every value here was
worked out by hand from XPath 1.0 / JavaRosa rules, so a shortcut that changes a result fails.
"""

from __future__ import annotations

import datetime
import math
from typing import Any

import pytest

from mixflow.intake.xlsform import xpath
from mixflow.intake.xlsform.form_plan import plan_of
from mixflow.intake.xlsform.model import Form
from mixflow.intake.xlsform.validate import validate_answers
from tests.intake.xlsform.forms import form

DAY = datetime.date(2026, 3, 15)
VALUES: dict[str, Any] = {
    "n": 3.0,
    "zero": 0.0,
    "empty": "",
    "s": "abc",
    "num_text": "12",
    "born": datetime.date(2026, 3, 5),
    "many": "red blue",
    "yes": True,
    "list": [1.0, 2.0, 5.0],
    "none": [],
}


def compiled(expr: str, value: Any = "") -> Any:
    context = xpath.SimpleContext(values=dict(VALUES), value=value, today=DAY, index=2)
    return xpath.compile_expression(expr)(context)


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("${n} + 2 * 3", 9.0),
        ("(${n} + 2) * 3", 15.0),
        ("${n} - -1", 4.0),
        ("7 div 2", 3.5),
        ("7 mod 4", 3.0),
        ("${n} div 0", math.inf),
        ("${empty} + 1", "nan"),
        ("${num_text} + 1", 13.0),
        ("${n} = 3", True),
        ("${n} != 3", False),
        ("${n} = '3'", True),
        ("${s} = 'abc'", True),
        ("${s} != 'abc'", False),
        ("${empty} = ''", True),
        ("${empty} > 3", False),
        ("${empty} < 3", False),
        ("${empty} != 3", True),
        ("${zero} = ${empty}", False),
        ("${num_text} > 9", True),
        ("${n} >= 3 and ${n} <= 3", True),
        ("${n} < 3 or ${s} = 'abc'", True),
        ("${yes} = 'x'", True),
        ("${yes} = 0", False),
        ("${born} < today()", True),
        ("${born} = '2026-03-05'", True),
        ("today() - ${born}", 10.0),
        ("${list} = 5", True),
        ("${list} > 4", True),
        ("${list} < 1", False),
        ("${none} = ''", False),
        ("count(${list})", 3.0),
        ("sum(${list})", 8.0),
        (". >= 1 and . <= 500", True),
        ("regex(${s}, '^a.c$')", True),
        ("regex(${n}, '^[0-9]+$')", True),
        ("regex(${empty}, '^x')", False),
        ("selected(${many}, 'blue')", True),
        ("count-selected(${many})", 2.0),
        ("if(${n} > 2, 'big', 'small')", "big"),
        ("if(${empty} != '', int(today() - ${born}), '')", ""),
        ("concat(${s}, '-', ${n})", "abc-3"),
        ("coalesce(${empty}, ${s})", "abc"),
        ("string-length(${s}) + 1", 4.0),
        ("not(${empty})", True),
        ("position(..) * 10", 20.0),
        ("-${n}", -3.0),
        ("round(2.5)", 3.0),
        ("int(-2.7)", -2.0),
        ("true() and not(false())", True),
        ("${born} > 20000", True),
        ("${yes} > 0", True),
        ("${s} > 0", False),
        ("${s} and ${empty}", False),
        ("${n} or ${missing}", True),
        ("${zero} or ${s}", True),
        ("selected(${many}, 'red') and regex(${s}, 'b')", True),
    ],
)
def test_compiled_expressions(expr: str, expected: Any) -> None:
    got = compiled(expr, value=250.0)
    if expected == "nan":
        assert isinstance(got, float)
        assert math.isnan(got)
    else:
        assert got == expected
        assert type(got) is type(expected)
    # The public entry point goes through the same compiled form.
    assert xpath.to_string(got) == xpath.to_string(
        xpath.evaluate(expr, xpath.SimpleContext(dict(VALUES), 250.0, today=DAY, index=2))
    )


@pytest.mark.parametrize(
    ("expr", "message"),
    [
        ("${missing} = 1", "no question named"),
        ("position(..)", "only meaningful inside a repeat"),
        ("regex(${s}, '(')", "Bad regular expression"),
        ("count(${n})", r"count\(\) needs"),
        ("..", "only supported as position"),
    ],
)
def test_compiled_errors_are_raised_when_evaluated(expr: str, message: str) -> None:
    function = xpath.compile_expression(expr)  # compiling does not raise
    with pytest.raises(xpath.XPathError, match=message):
        function(xpath.SimpleContext(values=dict(VALUES), today=DAY))


def test_short_circuit_skips_the_failing_side() -> None:
    assert compiled("${n} = 3 or ${missing} = 1") is True
    assert compiled("${n} = 4 and ${missing} = 1") is False


@pytest.fixture(scope="module")
def chained() -> Form:
    """Relevance chains and calculations depending on calculations, all backward references."""
    return form(
        [
            ("type", "name", "label", "relevant", "calculation", "constraint", "required"),
            ("integer", "a", "A", "", "", "", ""),
            ("calculate", "double", "", "", "${a} * 2", "", ""),
            ("calculate", "plus", "", "", "${double} + 1", "", ""),
            ("text", "b", "B", "${plus} > 5", "", "", "yes"),
            ("text", "c", "C", "${b} != ''", "", "", ""),
            ("begin_group", "g", "G", "${c} = 'go'", "", "", ""),
            ("integer", "d", "D", "", "", ". < ${a}", ""),
            ("end_group", "", "", "", "", "", ""),
            ("calculate", "label", "", "", "concat(${plus}, ':', ${d})", "", ""),
        ]
    )


def test_forms_with_backward_references_only_take_one_pass(chained: Form) -> None:
    assert plan_of(chained).forward_only
    assert plan_of(chained) is plan_of(chained)


def test_relevance_chain_and_calculations_of_calculations(chained: Form) -> None:
    checked = validate_answers(chained, {"a": "3", "b": "x", "c": "go", "d": "1"}, today=DAY)
    assert checked.errors == {}
    assert checked.answers == {
        "a": 3,
        "double": "6",
        "plus": "7",
        "b": "x",
        "c": "go",
        "d": 1,
        "label": "7:1",
    }
    checked = validate_answers(chained, {"a": "2", "b": "x", "c": "go", "d": "5"}, today=DAY)
    # plus = 5: b is not relevant, so neither is c, nor the group; its answers are dropped
    assert checked.errors == {}
    assert checked.answers == {"a": 2, "double": "4", "plus": "5", "label": "5:"}
    assert "d" not in checked.relevant
    assert "g" not in checked.relevant
    checked = validate_answers(chained, {"a": "3", "c": "go", "d": "5"}, today=DAY)
    assert set(checked.errors) == {"b"}  # required; c is empty so the group is hidden
    checked = validate_answers(chained, {"a": "3", "b": "x", "c": "go", "d": "5"}, today=DAY)
    assert set(checked.errors) == {"d"}  # constraint . < ${a}
    checked = validate_answers(chained, {}, today=DAY)
    assert checked.answers == {"double": "NaN", "plus": "NaN", "label": "NaN:"}
    assert checked.relevant == {"a", "double", "plus", "label"}


@pytest.fixture(scope="module")
def forward() -> Form:
    """Expressions that read later answers: the plan must keep iterating to the fixed point."""
    return form(
        [
            ("type", "name", "label", "relevant", "calculation"),
            ("calculate", "first", "", "", "${third} + 1"),
            ("text", "shown", "Shown", "${second} = 'on'", ""),
            ("text", "second", "Second", "", ""),
            ("calculate", "third", "", "", "${fourth} * 10"),
            ("integer", "fourth", "Fourth", "", ""),
        ]
    )


def test_forward_references_still_reach_the_fixed_point(forward: Form) -> None:
    assert not plan_of(forward).forward_only
    checked = validate_answers(forward, {"shown": "x", "second": "on", "fourth": "2"})
    assert checked.errors == {}
    assert checked.answers == {
        "first": "21",
        "shown": "x",
        "second": "on",
        "third": "20",
        "fourth": 2,
    }
    checked = validate_answers(forward, {"shown": "x", "second": "off", "fourth": "2"})
    assert "shown" not in checked.answers
    assert "shown" not in checked.relevant


@pytest.fixture(scope="module")
def repeated() -> Form:
    return form(
        [
            ("type", "name", "label", "relevant", "calculation", "constraint", "repeat_count"),
            ("integer", "n", "N", "", "", "", ""),
            ("begin_repeat", "kids", "Kid", "${n} > 0", "", "", "${n}"),
            ("calculate", "pos", "", "", "position(..)", "", ""),
            ("integer", "age", "Age", "", "", ". < 18", ""),
            ("calculate", "older", "", "", "${age} + ${pos}", "", ""),
            ("text", "school", "School", "${older} > 6", "", "", ""),
            ("end_repeat", "", "", "", "", "", ""),
            ("calculate", "total", "", "", "sum(${older})", "", ""),
            ("calculate", "many", "", "", "count(${kids})", "", ""),
        ]
    )


def test_repeats_with_position_sums_and_empty_values(repeated: Form) -> None:
    # total sums a value computed inside the repeat, which the top is evaluated before
    assert not plan_of(repeated).forward_only
    checked = validate_answers(
        repeated,
        {"n": "3", "kids": [{"age": "4", "school": "x"}, {"age": "9", "school": "y"}, {}]},
    )
    assert checked.errors == {}
    kids = checked.answers["kids"]
    assert kids[0] == {"pos": "1", "age": 4, "older": "5"}  # school not relevant: dropped
    assert kids[1] == {"pos": "2", "age": 9, "older": "11", "school": "y"}
    assert kids[2] == {"pos": "3", "older": "NaN"}
    assert checked.answers["total"] == "NaN"
    assert checked.answers["many"] == "3"
    assert checked.values["kids[2].older"] == "NaN"
    checked = validate_answers(repeated, {"n": "2", "kids": [{"age": "4"}, {"age": "30"}]})
    assert checked.errors.keys() == {"kids[1].age"}
    assert checked.answers["total"] == "37"
    checked = validate_answers(repeated, {"n": "0", "kids": [{"age": "4"}]})
    assert "kids" not in checked.answers
    assert "kids" not in checked.relevant
    assert checked.answers["many"] == "0"

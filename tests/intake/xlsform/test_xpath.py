from __future__ import annotations

import datetime
import math

import pytest

from mixflow.intake.xlsform.xpath import (
    Binary,
    SimpleContext,
    XPathError,
    evaluate,
    evaluate_bool,
    parse,
    references,
)

DAY = datetime.date(2026, 3, 15)


def ev(expr: str, **values: object) -> object:
    return evaluate(expr, SimpleContext(values=dict(values), today=DAY))


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("1 + 2 * 3", 7.0),
        ("(1 + 2) * 3", 9.0),
        ("10 - 4 - 3", 3.0),
        ("7 mod 3", 1.0),
        ("7 div 2", 3.5),
        ("-2 * 3", -6.0),
        ("- - 2", 2.0),
        ("1 + 2 = 3", True),
        ("1 < 2 and 2 < 1", False),
        ("1 < 2 or 2 < 1 and false()", True),
        ("not(1 = 1) or 3 >= 3", True),
        ("2 != 2", False),
    ],
)
def test_precedence_and_arithmetic(expr: str, expected: object) -> None:
    assert ev(expr) == expected


def test_or_binds_looser_than_and() -> None:
    tree = parse("true() or false() and false()")
    assert isinstance(tree, Binary)
    assert tree.op == "or"


def test_references_and_names_with_dashes() -> None:
    assert ev("${a-b} - ${c}", **{"a-b": 5.0, "c": 2.0}) == 3.0
    assert references(parse("${x} + jr:choice-name(${y}, '${y}')")) == {"x", "y"}


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("${e} = ''", True),
        ("${e} > 3", False),
        ("${e} < 3", False),
        ("${e} + 1", math.nan),
        ("string-length(${e})", 0.0),
        ("count-selected(${e})", 0.0),
        ("selected(${e}, 'a')", False),
        ("coalesce(${e}, 'x')", "x"),
        ("concat(${e}, 'a', 1)", "a1"),
    ],
)
def test_empty_values_are_not_errors(expr: str, expected: object) -> None:
    result = ev(expr, e="")
    if isinstance(expected, float) and math.isnan(expected):
        assert isinstance(result, float)
        assert math.isnan(result)
    else:
        assert result == expected


def test_strings_and_numbers_compare_as_xpath() -> None:
    assert ev("${s} = 'yes'", s="yes") is True
    assert ev("${n} = 3", n="3") is True  # a number on one side: numeric comparison
    assert ev("${n} = '3.0'", n="3") is False  # two strings: string comparison
    assert ev("${n} > 10", n="9") is False
    assert ev("'abc' < 'abd'") is False  # relational operators compare numbers: NaN


def test_select_functions() -> None:
    assert ev("selected(${s}, 'b')", s="a b c") is True
    assert ev("selected(${s}, 'd')", s="a b c") is False
    assert ev("count-selected(${s})", s="a b c") == 3.0
    assert ev("selected-at(${s}, 1)", s="a b c") == "b"
    assert ev("selected-at(${s}, 9)", s="a b c") == ""
    ctx = SimpleContext(values={"q": "f"}, labels={"q": {"f": "Female"}})
    assert evaluate("jr:choice-name(${q}, '${q}')", ctx) == "Female"


def test_string_functions() -> None:
    assert ev("string-length('héllo')") == 5.0
    assert ev("regex('ABC123', '^[A-Z]{3}[0-9]+$')") is True
    assert ev("regex('AB', '^[A-Z]{3}$')") is False
    assert ev("contains('abcdef', 'cd')") is True
    assert ev("starts-with('abc', 'ab')") is True
    assert ev("ends-with('abc', 'bc')") is True
    assert ev("substr('abcdef', 1, 3)") == "bc"
    assert ev("substr('abcdef', 2)") == "cdef"
    assert ev("string(3)") == "3"
    assert ev("string(2.5)") == "2.5"
    assert ev("number('4.5') + 1") == 5.5
    assert ev("int(-3.7)") == -3.0
    assert ev("round(2.456, 2)") == 2.46
    assert ev("round(2.5)") == 3.0
    assert ev("boolean('')") is False
    assert ev("boolean('x')") is True
    assert ev("if(1 > 2, 'a', 'b')") == "b"
    assert str(ev("uuid()")).startswith("uuid:")
    assert ev("once(3)") == 3.0


def test_dates() -> None:
    born = datetime.date(2000, 3, 16)
    assert ev("today()") == DAY
    assert ev("${d} <= today()", d=born) is True
    assert ev("${d} <= today()", d="2030-01-01") is False  # an ISO string against a date
    assert ev("${d} = date('2000-03-16')", d=born) is True
    assert ev("int((today() - ${d}) div 365.25)", d=born) == 25.0
    assert ev("format-date(${d}, '%d %b %Y')", d=born) == "16 Mar 2000"
    assert ev("format-date(${d}, '%Y-%m')", d="2000-03-16") == "2000-03"
    assert ev("decimal-date-time(date('1970-01-03'))") == 2.0
    assert ev("date(2)") == datetime.date(1970, 1, 3)
    assert ev("${d} < today()", d="") is False
    assert isinstance(ev("now()"), datetime.datetime)


def test_node_sets_count_sum_position() -> None:
    ctx = SimpleContext(values={"ages": ["3", "40", ""]}, index=2)
    assert evaluate("count(${ages})", ctx) == 3.0
    assert evaluate("sum(${ages})", ctx) != evaluate("sum(${ages})", ctx)  # "" is NaN
    ctx = SimpleContext(values={"ages": ["3", "40"]}, index=2)
    assert evaluate("sum(${ages})", ctx) == 43.0
    assert evaluate("position(..)", ctx) == 2.0
    assert evaluate_bool("${ages} = 40", ctx) is True  # existential comparison
    with pytest.raises(XPathError, match="repeat"):
        evaluate("count(${n})", SimpleContext(values={"n": "3"}))


def test_current_value_and_choice_columns() -> None:
    assert evaluate_bool(". >= 18", SimpleContext(value=20.0)) is True
    assert evaluate_bool(
        "country = ${c}", SimpleContext(values={"c": "ner"}, item={"country": "ner"})
    )


@pytest.mark.parametrize(
    ("expr", "message"),
    [
        ("1 +", "Unexpected"),
        ("(1 + 2", "Expected “\\)”"),
        ("substr('a')", "takes 2 to 3"),
        ("1 # 2", "Unexpected character"),
        ("", "empty"),
        ("'unclosed", "Unexpected character"),
    ],
)
def test_bad_syntax_is_refused(expr: str, message: str) -> None:
    with pytest.raises(XPathError, match=message):
        parse(expr)


def test_unknown_reference_is_an_error() -> None:
    with pytest.raises(XPathError, match="no question named"):
        ev("${nope} = 1")


def test_parsed_trees_are_cached() -> None:
    assert parse("${a} + 1") is parse("${a} + 1")


def test_division_by_zero_and_infinity() -> None:
    assert ev("1 div 0") == math.inf
    assert ev("-1 div 0") == -math.inf
    assert math.isnan(float(str(ev("0 div 0"))))
    assert ev("round(1 div 0)") == math.inf
    assert ev("string(1 div 0)") == "Infinity"
    assert math.isnan(float(str(ev("5 mod 0"))))

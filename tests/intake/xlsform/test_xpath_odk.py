"""ODK's XPath function list: the pure functions the server evaluates, and what it leaves to
ODK Collect (``Unknowable``: the form is accepted, the value unknown on the server)."""

from __future__ import annotations

import datetime
import math

import pytest

from mixflow.intake.xlsform.xpath import (
    SimpleContext,
    Unknowable,
    XPathError,
    evaluate,
    parse,
    references,
    unknowns,
)

DAY = datetime.date(2026, 3, 15)


def ev(expr: str, **values: object) -> object:
    return evaluate(expr, SimpleContext(values=dict(values), today=DAY))


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("sqrt(16)", 4.0),
        ("pow(2, 10)", 1024.0),
        ("exp(0)", 1.0),
        ("log(1)", 0.0),
        ("log10(1000)", 3.0),
        ("abs(-2.5)", 2.5),
        ("floor(2.7)", 2.0),
        ("ceiling(2.1)", 3.0),
        ("round(2.345, 2)", 2.35),
        ("int(-2.7)", -2.0),
        ("min(3, 1, 2)", 1.0),
        ("max(3, 1, 2)", 3.0),
        ("string-length('abc')", 3.0),
        ("substr('abcdef', 1, 3)", "bc"),
        ("concat('a', 1, 'b')", "a1b"),
        ("normalize-space('  a   b ')", "a b"),
        ("translate('abc', 'ab', 'AB')", "ABc"),
        ("translate('abc', 'abc', 'A')", "A"),
        ("substring-before('a-b-c', '-')", "a"),
        ("substring-after('a-b-c', '-')", "b-c"),
        ("contains('abc', 'b')", True),
        ("starts-with('abc', 'ab')", True),
        ("ends-with('abc', 'bc')", True),
        ("boolean-from-string('true')", True),
        ("boolean-from-string('1')", True),
        ("boolean-from-string('yes')", False),
        ("coalesce('', 'b')", "b"),
        ("if(1 < 2, 'y', 'n')", "y"),
        ("regex('ab12', '^[a-z]+[0-9]+$')", True),
        ('"it\'s"', "it's"),
        ("'say \"hi\"'", 'say "hi"'),
        ("format-date(date('2026-03-05'), '%d/%m/%Y')", "05/03/2026"),
        ("format-date-time(date-time('2026-03-05T07:08:09'), '%H:%M:%S')", "07:08:09"),
        ("decimal-date-time(date('1970-01-02'))", 1.0),
    ],
)
def test_pure_functions(expr: str, expected: object) -> None:
    assert ev(expr) == expected


def test_math_outside_its_domain_is_nan_not_an_error() -> None:
    assert math.isnan(float(str(ev("sqrt(-1)"))))
    assert math.isnan(float(str(ev("log(0)"))))
    assert math.isnan(float(str(ev("min(1, 'x')"))))


def test_node_set_functions() -> None:
    ages = ["3", "40", "12"]
    assert ev("max(${ages})", ages=ages) == 40.0
    assert ev("min(${ages})", ages=ages) == 3.0
    assert ev("join(', ', ${ages})", ages=ages) == "3, 40, 12"
    assert ev("count-non-empty(${ages})", ages=["a", "", "b"]) == 2.0
    assert ev("count-selected(${s})", s="a b c") == 3.0
    assert ev("selected-at(${s}, 1)", s="a b c") == "b"


def test_uuid_with_and_without_a_length() -> None:
    assert str(ev("uuid()")).startswith("uuid:")
    assert len(str(ev("uuid(10)"))) == 10


@pytest.mark.parametrize(
    ("expr", "what"),
    [
        ("pulldata('prices', 'price', 'item', ${a})", "pulldata()"),
        ("digest(${a}, 'SHA-256')", "digest()"),
        ("base64-decode(${a})", "base64-decode()"),
        ("/data/a > 1", "/data/a"),
        ("../a + 1", "../a"),
        ("instance('list')/root/item[name = ${a}]/label", "instance('list')/root/item["),
        ("current()/../a", "current()/../a"),
    ],
)
def test_what_only_odk_collect_evaluates_parses_and_is_unknowable(expr: str, what: str) -> None:
    tree = parse(expr)
    assert any(found.startswith(what) for found in unknowns(tree))
    with pytest.raises(Unknowable):
        ev(expr, a="1")
    assert isinstance(Unknowable("x"), XPathError)  # every caller of XPathError still catches it


def test_questions_read_inside_unknown_parts_are_still_references() -> None:
    assert references(parse("pulldata('p', 'c', 'k', ${a}) + ${b}")) == {"a", "b"}
    assert references(parse("instance('l')/root/item[name = ${a}]/label")) == {"a"}


def test_pure_expressions_have_no_unknowns() -> None:
    assert unknowns(parse("sqrt(${a}) + if(${b} = 'x', 1, 0)")) == ()

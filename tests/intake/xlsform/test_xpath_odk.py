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
        ("randomize(${a})", "randomize()"),
        ("version()", "version()"),
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


def test_pulldata_reads_the_attached_csv_and_is_unknowable_without_it() -> None:
    tables = {"prices": [{"item": "rice", "price": "12"}, {"item": "oil", "price": "30"}]}
    context = SimpleContext(values={"a": "oil"}, tables=tables)
    assert evaluate("pulldata('prices', 'price', 'item', ${a})", context) == "30"
    assert evaluate("pulldata('prices.csv', 'price', 'item', 'salt')", context) == ""
    with pytest.raises(Unknowable):
        ev("pulldata('prices', 'price', 'item', ${a})", a="oil")


def test_geometry_on_odk_collects_sphere() -> None:
    # One degree of longitude on the equator: 2πR/360 with JavaRosa's R = 6378100 m.
    assert ev("distance(${t})", t="0 0 0 0; 0 1 0 0") == pytest.approx(111_318.8, abs=1)
    assert ev("distance(${a}, ${b})", a="0 0", b="0 1") == pytest.approx(111_318.8, abs=1)
    assert ev("distance(${pts})", pts=["0 0", "0 1", "1 1"]) == pytest.approx(222_637, abs=5)
    square = "0 0 0 0; 0 0.001 0 0; 0.001 0.001 0 0; 0.001 0 0 0; 0 0 0 0"
    assert ev("area(${s})", s=square) == pytest.approx(12_392, rel=0.01)
    assert math.isnan(ev("distance(${t})", t="north"))


def test_digests_encodings_and_signatures() -> None:
    assert ev("digest('abc', 'MD5', 'hex')") == "900150983cd24fb0d6963f7d28e17f72"
    assert ev("digest('abc', 'SHA-256')") == "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="
    assert ev("base64-decode('aGVsbG8=')") == "hello"
    assert ev("base64-decode('not base64!')") == ""
    from base64 import b64encode

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    key = Ed25519PrivateKey.generate()
    public = b64encode(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()
    signed = b64encode(key.sign(b"ok") + b"ok").decode()
    assert ev("extract-signed(${m}, ${k})", m=signed, k=public) == "ok"
    assert ev("extract-signed(${m}, ${k})", m=signed[:-4] + "AAAA", k=public) == ""


def test_checklists_decimal_time_random_and_indexed_repeat() -> None:
    assert ev("checklist(2, -1, true(), false(), 'yes')") is True
    assert ev("checklist(-1, 1, true(), true())") is False
    assert ev("weighted-checklist(3, 5, true(), 2, true(), 2, false(), 9)") is True
    assert ev("decimal-time('12:00:00')") == 0.5
    assert 0 <= float(ev("random()")) < 1  # type: ignore[arg-type]
    assert ev("indexed-repeat(${age}, ${people}, 2)", age=[30, 7], people=[{}, {}]) == 7
    assert ev("indexed-repeat(${age}, ${people}, 5)", age=[30, 7], people=[{}, {}]) == ""
    with pytest.raises(Unknowable):
        ev("indexed-repeat(${a}, ${r}, 1, ${s}, 2)", a=[1], r=[{}], s=[{}])

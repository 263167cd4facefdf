"""The types and expressions issue 14 added: time and datetime checked, media and device types
never blocking a web submission, and what only ODK Collect evaluates treated as unknown."""

from __future__ import annotations

import datetime

import pytest

from mixflow.intake.xlsform.model import Form
from mixflow.intake.xlsform.validate import available_choices, validate_answers
from tests.intake.xlsform.forms import form


@pytest.fixture(scope="module")
def kinds() -> Form:
    return form(
        [
            ("type", "name", "label", "required"),
            ("time", "at", "At", ""),
            ("datetime", "when", "When", ""),
            ("barcode", "code", "Code", ""),
            ("acknowledge", "ok", "OK?", "yes"),
            ("image", "photo", "Photo", ""),
            ("range", "level", "Level", "yes"),
            ("file", "doc", "Document", ""),
            ("deviceid", "device", "", ""),
            ("simserial", "sim", "", ""),
        ]
    )


@pytest.mark.parametrize("value", ["09:30", "23:59:59", "07:05:00.000+02:00", "10:00Z"])
def test_times_are_accepted(kinds: Form, value: str) -> None:
    checked = validate_answers(kinds, {"at": value, "ok": "OK"})
    assert checked.errors == {}
    assert checked.answers["at"] == value


@pytest.mark.parametrize("value", ["9h30", "24:00", "12:60", "noon"])
def test_bad_times_are_refused(kinds: Form, value: str) -> None:
    checked = validate_answers(kinds, {"at": value, "ok": "OK"}, "fr")
    assert checked.errors == {"at": "Saisissez une heure au format HH:MM ou HH:MM:SS."}


def test_datetimes_are_iso_8601(kinds: Form) -> None:
    checked = validate_answers(kinds, {"when": "2026-03-05T07:08", "ok": "OK"})
    assert checked.answers["when"] == datetime.datetime(2026, 3, 5, 7, 8)
    for bad in ("2026-03-05", "05/03/2026 07:08", "yesterday"):
        assert "when" in validate_answers(kinds, {"when": bad, "ok": "OK"}).errors


def test_device_only_types_never_block_a_web_submission(kinds: Form) -> None:
    # "level" (a range) is required: ODK Collect enforces it; the web page cannot take it
    checked = validate_answers(kinds, {"ok": "OK", "code": "4006381333931"})
    assert checked.errors == {}
    assert checked.answers["code"] == "4006381333931"
    assert "photo" not in checked.answers
    assert "device" not in checked.answers
    assert kinds.question("level").device_only
    assert not kinds.question("photo").device_only  # a file input on the web page
    assert not kinds.question("code").device_only


def test_acknowledge_is_required_like_any_question(kinds: Form) -> None:
    assert set(validate_answers(kinds, {}).errors) == {"ok"}


@pytest.fixture(scope="module")
def device_rules() -> Form:
    return form(
        [
            ("type", "name", "label", "relevant", "constraint", "calculation", "choice_filter"),
            ("integer", "a", "A", "", "", "", ""),
            ("integer", "b", "B", "pulldata('p', 'c', 'k', ${a}) = 1", "", "", ""),
            ("integer", "c", "C", "", "/data/a > . ", "", ""),
            ("calculate", "d", "", "", "", "randomize(${a})", ""),
            ("calculate", "e", "", "", "", "sqrt(${a})", ""),
            ("select_one l", "f", "F", "", "", "", "instance('l')/root/item[name = 'x']"),
        ],
        [("list_name", "name", "label"), ("l", "x", "X"), ("l", "y", "Y")],
    )


def test_what_only_odk_collect_evaluates_is_unknown_never_an_error(device_rules: Form) -> None:
    checked = validate_answers(device_rules, {"a": "16", "b": "2", "c": "1", "d": "abc"})
    assert checked.errors == {}
    assert checked.answers["b"] == 2  # relevance unknown: the question is kept
    assert checked.answers["d"] == "abc"  # computed on the device: kept as submitted
    assert checked.answers["e"] == "4"  # sqrt() is evaluated on the server
    question = device_rules.question("f")
    assert [c.name for c in available_choices(device_rules, question, checked, "f")] == ["x", "y"]

"""The web page's inputs for the types issue 14 added, and the answers it posts back."""

from __future__ import annotations

from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils import translation

from mixflow.intake.xlsform.validate import validate_answers
from mixflow.web.questionnaire_form import build, raw_answers
from tests.intake.xlsform.forms import form

ROWS = [
    ("type", "name", "label", "required"),
    ("time", "at", "At", ""),
    ("datetime", "when", "When", ""),
    ("barcode", "code", "Code", ""),
    ("acknowledge", "ok", "Understood", "yes"),
    ("image", "photo", "Photo of the site", ""),
    ("range", "level", "Level", ""),
    ("simserial", "sim", "", ""),
]


def test_native_inputs_and_a_word_for_what_only_odk_collect_answers() -> None:
    parsed = form(ROWS)
    checked = validate_answers(parsed, {})
    with translation.override("en"):
        html = render_to_string(
            "web/questionnaires/_fields.html", {"fields": build(parsed, {}, checked, "en", False)}
        )
    assert 'type="time"' in html
    assert 'type="datetime-local"' in html
    assert 'type="checkbox" id="f-ok" name="ok" value="OK"' in html
    assert 'name="code"' in html  # a barcode is typed as text
    assert 'type="file" id="f-photo" name="photo" accept=".gif,.jpeg,.jpg,.png,.webp"' in html
    assert "Answer this question in ODK Collect" in html  # the range
    assert 'name="level"' not in html
    assert 'name="sim"' not in html


def test_the_posted_page_submits_without_the_media_answer() -> None:
    parsed = form(ROWS)
    data = QueryDict(mutable=True)
    data.update({"at": "09:30", "when": "2026-03-05T07:08", "code": "123", "ok": "OK"})
    data.update({"photo": "forged.jpg", "level": "3", "sim": "forged"})
    raw = raw_answers(parsed, data)
    assert raw == {"at": "09:30", "when": "2026-03-05T07:08", "code": "123", "ok": "OK"}
    checked = validate_answers(parsed, raw)
    assert checked.errors == {}


GEO = [
    ("type", "name", "label", "required"),
    ("geopoint", "here", "Here", "yes"),
    ("geotrace", "road", "Road", ""),
    ("geoshape", "camp", "Camp", ""),
    ("start-geopoint", "started", "", ""),
]


def test_locations_are_typed_with_altitude_accuracy_and_lists_of_points() -> None:
    parsed = form(GEO)
    data = QueryDict(mutable=True)
    data.update({"here-lat": "13.5", "here-lon": "2.1", "here-acc": "8"})
    data.update({"road": "13.5 2.1\n13.6 2.2 250 5", "camp": "1 1; 1 2\n2 2"})
    data.update({"started-lat": "13.5", "started-lon": "2.1"})
    raw = raw_answers(parsed, data)
    assert raw["here"] == "13.5 2.1 0 8"
    checked = validate_answers(parsed, raw)
    assert checked.errors == {}
    assert checked.answers["road"] == "13.5 2.1;13.6 2.2 250 5"
    assert checked.answers["camp"] == "1 1;1 2;2 2;1 1"  # closed, as ODK Collect stores it
    assert checked.answers["started"] == "13.5 2.1"
    wrong = validate_answers(parsed, {"here": "95 2", "road": "1 1", "camp": "1 1;1 2;1 1"})
    assert set(wrong.errors) == {"here", "road", "camp"}
    with translation.override("fr"):
        html = render_to_string(
            "web/questionnaires/_fields.html",
            {"fields": build(parsed, raw, checked, "fr", False)},
        )
    assert 'name="here-alt"' in html
    assert 'name="here-acc" value="8"' in html
    assert "13.6 2.2 250 5</textarea>" in html
    assert 'name="started-lat"' in html

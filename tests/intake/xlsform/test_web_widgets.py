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
    ("image", "photo", "Photo of the site", "yes"),
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
    assert "Photo of the site" in html
    assert "Answer this question in ODK Collect" in html
    assert 'name="photo"' not in html
    assert 'name="sim"' not in html


def test_the_posted_page_submits_without_the_media_answer() -> None:
    parsed = form(ROWS)
    data = QueryDict(mutable=True)
    data.update({"at": "09:30", "when": "2026-03-05T07:08", "code": "123", "ok": "OK"})
    data.update({"photo": "forged.jpg", "sim": "forged"})
    raw = raw_answers(parsed, data)
    assert raw == {"at": "09:30", "when": "2026-03-05T07:08", "code": "123", "ok": "OK"}
    checked = validate_answers(parsed, raw)
    assert checked.errors == {}

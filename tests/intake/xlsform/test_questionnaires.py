"""The default questionnaires shipped with Mixflow, and ODK Validate on a form of ours."""

from __future__ import annotations

from pathlib import Path

import pytest

import mixflow.intake
from mixflow.intake.xlsform.parse import load_xlsform
from mixflow.intake.xlsform.validate import validate_answers
from tests.intake.builders import registration_form

SHIPPED = sorted((Path(mixflow.intake.__file__).parent / "questionnaires").glob("*.xlsx"))


@pytest.mark.parametrize("path", SHIPPED, ids=[p.name for p in SHIPPED])
def test_shipped_questionnaires_load_and_validate_empty_answers(path: Path) -> None:
    form = load_xlsform(path, path.name)
    assert form.form_id
    assert form.languages[:1] == ("en",)
    assert {"en", "fr", "es"} <= set(form.languages)
    assert any(q.maps_to for q in form.questions())
    checked = validate_answers(form, {}, "fr")
    assert checked.errors  # a questionnaire with nothing answered misses its required answers
    assert all(isinstance(message, str) and message for message in checked.errors.values())


def test_odk_validate_accepts_a_form_we_accept() -> None:
    form = load_xlsform(registration_form(), "registration.xlsx", odk_validate=True)
    assert form.form_id == "test_registration"
    assert "<h:html" in form.xform

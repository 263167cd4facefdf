"""Real-world XLSForms written by others (``corpus/``, provenance and licences in
``corpus/PROVENANCE.md``): every one that pyxform converts, Mixflow accepts, evaluates and
renders in each of its languages.

``pytest -s tests/intake/xlsform/test_corpus.py -k count`` prints the counts.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.template.loader import render_to_string

from mixflow.intake.xlsform.parse import load_xlsform
from mixflow.intake.xlsform.validate import validate_answers
from mixflow.web.questionnaire_form import build

CORPUS = Path(__file__).parent / "corpus"
FILES = sorted(CORPUS.glob("*.xlsx"))


def _pyxform_converts(path: Path) -> bool:
    from pyxform.xls2xform import convert  # type: ignore[import-untyped]

    try:
        convert(xlsform=path.read_bytes(), validate=False, file_type=".xlsx")
    except Exception:  # pyxform refuses with many kinds of errors: none of ours to accept
        return False
    return True


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_every_form_pyxform_converts_is_accepted_evaluated_and_rendered(path: Path) -> None:
    if not _pyxform_converts(path):
        pytest.skip("pyxform refuses this workbook (the corpus keeps it as a counter-example)")
    form = load_xlsform(path, path.name)
    assert form.xform.startswith("<?xml") or "<h:html" in form.xform
    assert all(str(note) for note in form.notes)
    for lang in form.languages:
        checked = validate_answers(form, {}, lang)
        # An expression the server could not evaluate would say so as an error: none may.
        broken = {
            path: message
            for path, message in checked.errors.items()
            if message.startswith("The form's rule could not be evaluated")
        }
        assert broken == {}
        fields = build(form, {}, checked, lang, show_errors=True)
        html = render_to_string("web/questionnaires/_fields.html", {"fields": fields})
        shown = [q for q in form.questions() if not q.is_metadata and q.type != "calculate"]
        assert ('data-path="' in html) == bool(shown)


def test_count_of_the_corpus_accepted() -> None:
    converted = [p for p in FILES if _pyxform_converts(p)]
    accepted = []
    for path in converted:
        load_xlsform(path, path.name)  # raises FormError if Mixflow refused it
        accepted.append(path)
    print(
        f"\ncorpus: {len(FILES)} workbooks; pyxform converts {len(converted)}; "
        f"Mixflow accepts {len(accepted)} of those"
    )
    assert len(accepted) == len(converted) >= 25


def test_the_corpus_stays_small_and_every_file_has_its_provenance() -> None:
    provenance = (CORPUS / "PROVENANCE.md").read_text(encoding="utf-8")
    assert len(FILES) <= 30
    assert sum(p.stat().st_size for p in FILES) <= 3 * 1024 * 1024
    for path in FILES:
        assert f"`{path.name}`" in provenance, path.name

"""The registration screening's answers as its questions word them, in the reader's language.

Profiling rules read the screening's answers by their field names and choice codes
(``reasons_for_leaving = economic conflict``); a caseworker reading why a flag was raised
needs the question and the options chosen as the person was asked them, in English, French or
Spanish. The words come from the questionnaire's own definition, so they are the ones the
enumerator read out.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from mixflow.intake.questionnaires.registration_form import REGISTRATION_SCREENING
from mixflow.intake.questionnaires.rows import T

__all__ = ["answers_in_words"]

#: Answers a rule reads that the questionnaire does not ask: the age worked out from the date
#: of birth, and the screening's date it is counted on.
COMPUTED: Mapping[str, T] = {
    "age": T("Age worked out from the date of birth", "Âge calculé", "Edad calculada"),
    "today": T("Date of the screening", "Date de l'entretien", "Fecha de la entrevista"),
}


@cache
def _words() -> tuple[dict[str, tuple[T, str]], dict[tuple[str, str], T]]:
    """Each question's label and choice list, and each option's label by (list, code)."""
    questions: dict[str, tuple[T, str]] = {}
    for row in REGISTRATION_SCREENING.survey:
        kind, *rest = row.type.split() or [""]
        if row.label is None or not row.name:
            continue
        questions[row.name] = (
            row.label,
            rest[0] if kind in ("select_one", "select_multiple") and rest else "",
        )
    options = {(c.list_name, c.name): c.label for c in REGISTRATION_SCREENING.choices}
    return questions, options


def _in(text: T, lang: str) -> str:
    return text.fr if lang == "fr" else text.es if lang == "es" else text.en


def answers_in_words(evidence: Mapping[str, Any], lang: str) -> list[tuple[str, str]]:
    """``(question, answer)`` for each answer of ``evidence`` (field name → value), worded as
    the questionnaire words them in ``lang`` (``en``, ``fr`` or ``es``). A name or a code the
    questionnaire does not know is shown as it is, never dropped."""
    questions, options = _words()
    shown: list[tuple[str, str]] = []
    for name, value in evidence.items():
        label, list_name = questions.get(name, (COMPUTED.get(name), ""))
        values = value if isinstance(value, list | tuple) else [value]
        if list_name:
            codes = [c for v in values for c in str(v).split()]
            words = [
                _in(options[(list_name, c)], lang) if (list_name, c) in options else c
                for c in codes
            ]
        else:
            words = ["" if v is None else str(v) for v in values]
        # Option labels hold commas ("Drought, floods or land loss"): a slash between them.
        shown.append((_in(label, lang) if label else name, " / ".join(w for w in words if w)))
    return shown

"""A flag's answers as the registration screening words them, in the reader's language."""

from __future__ import annotations

from mixflow.intake.questionnaires.screening_words import answers_in_words
from mixflow.protection.profiling.answers import ANSWERS


def test_every_answer_a_rule_may_read_has_the_questionnaires_words() -> None:
    for lang in ("en", "fr", "es"):
        shown = answers_in_words(dict.fromkeys(ANSWERS, ""), lang)
        assert [q for q, _ in shown if q in ANSWERS] == [], lang


def test_options_are_worded_in_the_readers_language() -> None:
    evidence = {
        "reasons_for_leaving": ["economic", "conflict"],
        "trafficking_indicators": "forced_work documents_confiscated",
        "fear_of_return": "yes",
        "age": 15,
    }
    english = dict(answers_in_words(evidence, "en"))
    assert (
        english["Reasons for leaving (several answers possible)"]
        == "Work or livelihood / Conflict or generalised violence"
    )
    assert english["Age worked out from the date of birth"] == "15"
    french = answers_in_words(evidence, "fr")
    assert french[0] == (
        "Raisons du départ (plusieurs réponses possibles)",
        "Travail ou moyens de subsistance / Conflit ou violence généralisée",
    )
    assert french[2][1] == "Oui"
    spanish = answers_in_words(evidence, "es")
    assert spanish[0][0] == "Motivos de la salida (varias respuestas posibles)"
    assert spanish[2][1] == "Sí"
    assert spanish[3][0] == "Edad calculada"


def test_a_name_or_code_the_questionnaire_does_not_know_is_shown_as_it_is() -> None:
    shown = answers_in_words({"reasons_for_leaving": "economic unheard_of", "custom": 3}, "fr")
    assert shown == [
        (
            "Raisons du départ (plusieurs réponses possibles)",
            "Travail ou moyens de subsistance / unheard_of",
        ),
        ("custom", "3"),
    ]

"""A form's own choice codes turned into the domain's values, when the form makes them clear.

An organisation's form may code sex as ``f``/``m`` or ``F``/``H``: the answer is kept as given
with the submission, and the person gets the domain's value (``female``, ``male``) when the
code or one of its labels names it. A code that names none is refused as an answer error
(``answer_checks``), never stored as "unknown".
"""

from __future__ import annotations

from collections.abc import Iterable

from mixflow.intake.xlsform.model import Choice
from mixflow.lib.vocabularies import Sex

SEX_TARGET = "person.sex"

# Words that name each value, in the languages Mixflow speaks (codes and labels alike).
SEX_WORDS: dict[str, frozenset[str]] = {
    Sex.FEMALE: frozenset(
        {"female", "f", "woman", "femme", "féminin", "feminin", "mujer", "femenino", "fem"}
    ),
    Sex.MALE: frozenset(
        {"male", "m", "man", "homme", "h", "masculin", "hombre", "masculino", "masc"}
    ),
    Sex.OTHER: frozenset({"other", "autre", "otro", "x"}),
    Sex.UNKNOWN: frozenset({"unknown", "inconnu", "desconocido", "u"}),
}


def _sex_of_word(word: str) -> str | None:
    word = word.strip().lower()
    for value, words in SEX_WORDS.items():
        if word in words:
            return str(value)
    return None


def sex_of_choice(choice: Choice) -> str | None:
    """The domain's sex a form's choice stands for: by its code, else by its labels (all
    must agree), else ``None``."""
    by_name = _sex_of_word(choice.name)
    if by_name is not None:
        return by_name
    found = {_sex_of_word(label) for label in choice.label.values()} - {None}
    return found.pop() if len(found) == 1 else None


def sex_codes(choices: Iterable[Choice]) -> dict[str, str]:
    """Choice code → domain value, for the codes that name one."""
    out: dict[str, str] = {}
    for choice in choices:
        value = sex_of_choice(choice)
        if value is not None:
            out[choice.name] = value
    return out


def domain_sex(answer: str, codes: dict[str, str]) -> str | None:
    """The domain's value for an answer (a form's code or a word), ``None`` when unclear."""
    answer = answer.strip()
    if answer in Sex.values:
        return answer
    return codes.get(answer) or _sex_of_word(answer)

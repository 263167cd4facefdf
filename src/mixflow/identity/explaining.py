"""The matcher's findings in plain, translated words, for the review pages and the desk.

The matcher (``identity.linkage``) explains a match field by field in its own terms: field
names, level names and weights in log2 odds. People read something else: what was compared,
what was found ("the same date of birth", "different sexes"), and how much it counts, in words
("strongly for the same person"). Scores become a probability and a phrase that agree with
the rows: the first row is the starting point (how often two registrations that share names
are one person), so that the rows add up to the score. The words for fields and levels are the
matcher's vocabulary (:mod:`mixflow.identity.linkage.words`), which ``mixflow link`` speaks too.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import formats
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext, gettext_lazy

from mixflow.geo.queries import country_name
from mixflow.identity.linkage import words as plain_words
from mixflow.lib.names import phonetic_key, short_form_of
from mixflow.lib.vocabularies import Sex

__all__ = [
    "ExplainedRow",
    "field_label",
    "finding",
    "likelihood",
    "plain_rows",
    "probability",
    "reasons",
    "short_forms",
    "strength",
]

#: Comparisons whose level 0 is not "unknown" but "nothing found" (no first name in the
#: other's father's place), "does not apply" (other records carrying the same names, when
#: the two do not carry the same names) or "said elsewhere" (how common one shared name is,
#: which the names' own row tells): a line saying "not known" there would mislead, so none
#: is shown. Where the names themselves are unknown, the names' row says so.
QUIET_WHEN_MISSING: frozenset[str] = frozenset({"name_places", "name_rarity", "name_set"})

#: Weight (log2 odds) bounds of the strength words, strongest against first.
_STRENGTHS: tuple[tuple[float, Promise], ...] = (
    (-6.0, gettext_lazy("strongly against")),
    (-2.0, gettext_lazy("against")),
    (-0.5, gettext_lazy("slightly against")),
    (0.5, gettext_lazy("neither for nor against")),
    (2.0, gettext_lazy("slightly for")),
    (6.0, gettext_lazy("for")),
    (math.inf, gettext_lazy("strongly for")),
)
_LIKELIHOODS: tuple[tuple[float, Promise], ...] = (
    (0.05, gettext_lazy("very unlikely to be the same person")),
    (0.25, gettext_lazy("unlikely to be the same person")),
    (0.5, gettext_lazy("possibly the same person, more likely not")),
    (0.75, gettext_lazy("possibly the same person, more likely yes")),
    (0.95, gettext_lazy("likely the same person")),
    (1.01, gettext_lazy("very likely the same person")),
)


def probability(score: float) -> float:
    """The probability behind a score in log2 odds."""
    return 1.0 / (1.0 + math.pow(2.0, -max(min(score, 60.0), -60.0)))


def likelihood(score: float) -> Promise:
    """A phrase for a score: "likely the same person" and the like."""
    p = probability(score)
    return next(words for bound, words in _LIKELIHOODS if p < bound)


def percent(score: float) -> int:
    """The probability behind a score as a whole percentage that agrees with its phrase.

    Plain rounding would print "more likely not (50%)" for 49.6%, and "very likely (100%)"
    for a pair that is not certain: the percentage stays inside the phrase's band, and
    between 1 and 99.
    """
    p = probability(score)
    lower = 0.0
    for bound, _ in _LIKELIHOODS:
        if p < bound:
            break
        lower = bound
    within = min(max(round(100 * p), math.ceil(100 * lower)), math.ceil(100 * bound) - 1)
    return min(max(within, 1), 99)


def strength(weight: float) -> Promise:
    """How much one finding counts, in words."""
    return next(words for bound, words in _STRENGTHS if weight < bound)


def field_label(field: str) -> Promise | str:
    return plain_words.field_label(field, gettext_lazy)


def finding(field: str, level: str) -> Promise | str:
    return plain_words.finding(field, level, gettext_lazy)


def _words(value: object) -> list[str]:
    return str(value or "").replace("/", " ").split()


def short_forms(left: object, right: object) -> list[tuple[str, str]]:
    """``(short form, name)`` for each word of one side that is a short form of a word of
    the other (Paco and Francisco), as written: the names then meet though they differ."""
    out: list[tuple[str, str]] = []
    for one, other in ((_words(left), _words(right)), (_words(right), _words(left))):
        for word in one:
            if short_form_of(word) is None:
                continue
            key = phonetic_key(word)
            name = next(
                (w for w in other if short_form_of(w) is None and phonetic_key(w) == key), None
            )
            if name is not None and (word, name) not in out:
                out.append((word, name))
    return out


def _with_short_forms(finding: Promise | str, pairs: Sequence[tuple[str, str]]) -> str:
    said = "; ".join(
        gettext("%(short)s is a short form of %(name)s") % {"short": short, "name": name}
        for short, name in pairs
    )
    return f"{finding} ({said})"


_with_short_forms_lazy = lazy(_with_short_forms, str)


def _date(text: str) -> str:
    """The matcher's date forms (:func:`~mixflow.identity.linking.dob_text`) in the reader's
    words: ``1990-03-04`` → 04/03/1990 in French, ``1990-03`` → mars 1990, ``~1990`` →
    vers 1990; a year, or anything else, as it is."""
    if text.startswith("~") and text[1:].isdigit():
        return gettext("about %(year)s") % {"year": text[1:]}
    parts = text.split("-")
    try:
        numbers = [int(p) for p in parts]
        if len(numbers) == 3:
            return formats.date_format(date(*numbers), "SHORT_DATE_FORMAT")
        if len(numbers) == 2:
            return formats.date_format(date(numbers[0], numbers[1], 1), "YEAR_MONTH_FORMAT")
    except ValueError:
        pass
    return text


def _value(field: str, value: object) -> Promise | str:
    text = "" if value is None else str(value)
    if field == "sex":
        # The words of the comparison table above (Masculin), not others (homme).
        return Sex(text).label if text in Sex.values else text
    if field == "date_of_birth" and text:
        # As the comparison table above writes dates (web/_born.html), not as ISO.
        return _date(text)
    if field == "nationality" and text:
        # The matcher writes the declared and other nationalities as codes: a reviewer
        # reads country names, in their language, as the comparison table above shows them.
        return ", ".join(country_name(code) for code in text.split())
    return text


@dataclass(frozen=True)
class ExplainedRow:
    """One line of an explanation as shown: every text already in the reader's language."""

    field: str
    label: Promise | str
    finding: Promise | str
    left: Promise | str
    right: Promise | str
    weight: float
    strength: Promise
    repeat: bool = False

    @property
    def direction(self) -> str:
        """``for``, ``against`` or ``""``: the CSS class of the row."""
        if self.weight >= 0.5:
            return "for"
        if self.weight <= -0.5:
            return "against"
        return ""


def plain_rows(rows: Sequence[Mapping[str, Any]], score: float | None = None) -> list[ExplainedRow]:
    """Stored explanation rows (``linking.explanation``) in plain words.

    With ``score``, a first row gives the starting point (the score less the fields' weights),
    so that the rows add up to the score the headline shows.
    """
    out: list[ExplainedRow] = []
    weights = [float(r.get("weight") or 0.0) for r in rows]
    if score is not None and rows:
        start = score - sum(weights)
        out.append(
            ExplainedRow(
                "prior",
                field_label("prior"),
                gettext_lazy(plain_words.PRIOR_FINDING),
                "",
                "",
                start,
                strength(start),
            )
        )
    shown: tuple[object, object] | None = None
    for row, weight in zip(rows, weights, strict=True):
        field = str(row.get("field", ""))
        if field in QUIET_WHEN_MISSING and str(row.get("level", "")) == "missing":
            continue  # weighs nothing and tells nothing: only its finding is worth a line
        values = (row.get("left"), row.get("right"))
        found = finding(field, str(row.get("level", "")))
        if field == "name" and weight > 0 and (pairs := short_forms(*values)):
            # "The same names" for Paco and Francisco: say why, or the reviewer doubts it.
            found = _with_short_forms_lazy(found, pairs)
        out.append(
            ExplainedRow(
                field,
                field_label(field),
                found,
                _value(field, values[0]),
                _value(field, values[1]),
                weight,
                strength(weight),
                # Several findings about the same values (the names): show the values once.
                # Only the names: two other fields that happen to hold the same values (a
                # group and a site both unknown) are not "the same as above".
                repeat=field.startswith("name") and values == shown,
            )
        )
        shown = values if field.startswith("name") else None
    return out


def reasons(fields: Iterable[Any], limit: int = 4) -> list[str]:
    """The strongest findings for a match, as short sentences ("Names: the same names")."""
    ranked = sorted((f for f in fields if f.weight > 0), key=lambda f: -f.weight)
    return [f"{field_label(f.field)}: {finding(f.field, f.level)}" for f in ranked[:limit]]

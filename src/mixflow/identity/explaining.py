"""The matcher's findings in plain, translated words, for the review pages and the desk.

The matcher (``identity.linkage``) explains a match field by field in its own terms: field
names, level names and weights in log2 odds. People read something else: what was compared,
what was found ("the same date of birth", "different sexes"), and how much it counts, in words
("strongly for the same person"). Scores become a probability and a phrase that agree with
the rows: the first row is the starting point (how often two registrations that share names
are one person), so that the rows add up to the score.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import formats
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _l

from mixflow.geo.queries import country_name
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

FIELD_LABELS: dict[str, Promise] = {
    "prior": _l("Starting point"),
    "name": _l("Names"),
    "name_spelling": _l("Spelling of the names"),
    "name_rarity": _l("How common the shared names are"),
    "name_set": _l("Other records with these names"),
    "name_places": _l("Where the names were written"),
    "date_of_birth": _l("Date of birth"),
    "sex": _l("Sex"),
    "nationality": _l("Nationality"),
    "group": _l("Travel group"),
    "site": _l("Site"),
    "co_travellers": _l("Travel companions"),
    "seen_when": _l("When registered"),
    "seen_where": _l("Where registered"),
}

#: The matcher's level names (``linkage.settings.FIELD_LEVELS``) as a person says them.
FINDINGS: dict[tuple[str, str], Promise] = {
    ("name", "no token shared"): _l("no name in common"),
    ("name", "one token shared"): _l("one name in common"),
    ("name", "one-name person, name shared"): _l("known by one name, and it is the same"),
    ("name", "two or more tokens shared, not the given name"): _l(
        "several names in common, but not the first name"
    ),
    ("name", "given name and another token shared"): _l("first name and another name in common"),
    ("name", "one name set within the other"): _l(
        "all the names of one record appear in the other"
    ),
    ("name", "same names"): _l("the same names"),
    ("name", "one name shared, two or more others on each side"): _l(
        "one name in common, and two or more others on each side that differ"
    ),
    ("name", "one token shared, not a common name"): _l("one name in common, and not a common one"),
    ("name", "one-name person, name shared, not a common name"): _l(
        "known by one name, the same one, and not a common one"
    ),
    ("name_spelling", "a shared name only loosely alike"): _l(
        "a shared name is spelt quite differently"
    ),
    ("name_spelling", "shared names alike"): _l("the shared names are spelt alike"),
    ("name_rarity", "shared names very common (under 8 bits)"): _l(
        "the shared names are very common"
    ),
    ("name_rarity", "shared names common (8-12 bits)"): _l("the shared names are common"),
    ("name_rarity", "shared names fairly common (12-16 bits)"): _l(
        "the shared names are fairly common"
    ),
    ("name_rarity", "shared names uncommon (16-20 bits)"): _l("the shared names are uncommon"),
    ("name_rarity", "shared names rare (20-24 bits)"): _l("the shared names are rare"),
    ("name_rarity", "shared names very rare (24 bits or more)"): _l(
        "the shared names are very rare"
    ),
    ("name_set", "same names, shared by 9 records or more"): _l(
        "9 or more records carry exactly these names (and this birth year, when both give it)"
    ),
    ("name_set", "same names, shared by 5 to 8 records"): _l(
        "5 to 8 records carry exactly these names (and this birth year, when both give it)"
    ),
    ("name_set", "same names, shared by 3 or 4 records"): _l(
        "3 or 4 records carry exactly these names (and this birth year, when both give it)"
    ),
    ("name_set", "same names, found only in these two records"): _l(
        "only these two records carry these names (and this birth year, when both give it)"
    ),
    ("name_set", "same names, shared by 17 to 32 records"): _l(
        "17 to 32 records carry exactly these names (and this birth year, when both give it)"
    ),
    ("name_set", "same names, shared by 33 to 64 records"): _l(
        "33 to 64 records carry exactly these names (and this birth year, when both give it)"
    ),
    ("name_set", "same names, shared by 65 records or more"): _l(
        "65 or more records carry exactly these names (and this birth year, when both give it)"
    ),
    ("name_places", "one's given name is the other's father's name"): _l(
        "the first name of one is the father's name of the other: a father and son, "
        "or two people whose families handed down the same names in another order"
    ),
    ("date_of_birth", "years more than 4 apart"): _l("born too far apart to be one person"),
    ("date_of_birth", "years 2 to 4 apart"): _l("born 2 to 4 years apart"),
    ("date_of_birth", "years 1 apart"): _l("born one year apart"),
    ("date_of_birth", "same year, month or day differ"): _l(
        "same year of birth, another month or day"
    ),
    ("date_of_birth", "same year (year-only or placeholder date)"): _l(
        "same year of birth (only the year is known)"
    ),
    ("date_of_birth", "same year and month"): _l("same year and month of birth"),
    ("date_of_birth", "day and month swapped"): _l("same date with day and month swapped"),
    ("date_of_birth", "same exact date"): _l("the same date of birth"),
    ("sex", "different"): _l("different sexes"),
    ("sex", "same"): _l("the same sex"),
    ("nationality", "different"): _l("different nationalities"),
    ("nationality", "commonly confused or shared"): _l(
        "nationalities often declared one for the other"
    ),
    ("nationality", "same"): _l("the same nationality"),
    ("group", "different groups"): _l("registered in different travel groups"),
    ("group", "same travel group"): _l("registered in the same travel group"),
    ("site", "different sites"): _l("registered at different sites"),
    ("site", "same site"): _l("registered at the same site"),
    ("co_travellers", "other members of these travel groups match each other too"): _l(
        "other members of these travel groups match each other too"
    ),
    ("co_travellers", "one registered with a travel group, the other alone"): _l(
        "one registered with a travel group, the other alone"
    ),
    ("co_travellers", "the other members of these travel groups do not match"): _l(
        "the other members of these travel groups do not match"
    ),
    ("co_travellers", "travel companions also registered with this record"): _l(
        "the people travelling with this person were registered with this record too"
    ),
    ("seen_when", "registered a short time apart, as people on the move often are"): _l(
        "registered a short time apart, as people on the move often are"
    ),
    ("seen_when", "registered further apart in time than one person usually is"): _l(
        "registered further apart in time than one person usually is"
    ),
    ("seen_where", "registered at a site people often come here from"): _l(
        "registered at a site people often come here from"
    ),
    ("seen_where", "registered at a site people seldom come here from"): _l(
        "registered at a site people seldom come here from"
    ),
}
MISSING: Promise = _l("not known on both records")
#: Comparisons whose level 0 is not "unknown" but "nothing found" (no first name in the
#: other's father's place), "does not apply" (other records carrying the same names, when
#: the two do not carry the same names) or "said elsewhere" (how common one shared name is,
#: which the names' own row tells): a line saying "not known" there would mislead, so none
#: is shown. Where the names themselves are unknown, the names' row says so.
QUIET_WHEN_MISSING: frozenset[str] = frozenset({"name_places", "name_rarity", "name_set"})
PRIOR_FINDING: Promise = _l("how often two registrations that share names are one person")

#: Weight (log2 odds) bounds of the strength words, strongest against first.
_STRENGTHS: tuple[tuple[float, Promise], ...] = (
    (-6.0, _l("strongly against")),
    (-2.0, _l("against")),
    (-0.5, _l("slightly against")),
    (0.5, _l("neither for nor against")),
    (2.0, _l("slightly for")),
    (6.0, _l("for")),
    (math.inf, _l("strongly for")),
)
_LIKELIHOODS: tuple[tuple[float, Promise], ...] = (
    (0.05, _l("very unlikely to be the same person")),
    (0.25, _l("unlikely to be the same person")),
    (0.5, _l("possibly the same person, more likely not")),
    (0.75, _l("possibly the same person, more likely yes")),
    (0.95, _l("likely the same person")),
    (1.01, _l("very likely the same person")),
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
    return FIELD_LABELS.get(field, field.replace("_", " ").removeprefix("extra:"))


def finding(field: str, level: str) -> Promise | str:
    if level == "missing":
        return MISSING
    return FINDINGS.get((field, level), level)


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
                "prior", field_label("prior"), PRIOR_FINDING, "", "", start, strength(start)
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

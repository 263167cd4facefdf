"""The matcher's fields and levels in plain words: one vocabulary for every reader.

The matcher names what it compares in its own terms (``site``, ``different sites``,
``date_of_birth``: :data:`~mixflow.identity.linkage.settings.FIELD_LEVELS`); people read
"Site", "registered at different sites". The words are marked here with ``gettext_noop`` and
translated by the layer that shows them: the review pages and the desk with Django's gettext
(:mod:`mixflow.identity.explaining`), ``mixflow link`` with the command's
(:mod:`mixflow.cli.language`). A field or level these tables do not know (an extra column of a
user's own settings) is shown by its own name.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Final, TypeVar

from mixflow.lib.messages import gettext_noop

__all__ = [
    "EXTRA_FINDINGS",
    "FIELD_LABELS",
    "FINDINGS",
    "MISSING",
    "PRIOR_FINDING",
    "field_label",
    "finding",
]

T = TypeVar("T")

FIELD_LABELS: Final[Mapping[str, str]] = {
    "prior": gettext_noop("Starting point"),
    "name": gettext_noop("Names"),
    "name_spelling": gettext_noop("Spelling of the names"),
    "name_rarity": gettext_noop("How common the shared names are"),
    "name_set": gettext_noop("Other records with these names"),
    "name_places": gettext_noop("Where the names were written"),
    "date_of_birth": gettext_noop("Date of birth"),
    "sex": gettext_noop("Sex"),
    "nationality": gettext_noop("Nationality"),
    "group": gettext_noop("Travel group"),
    "site": gettext_noop("Site"),
    "co_travellers": gettext_noop("Travel companions"),
    "seen_when": gettext_noop("When registered"),
    "seen_where": gettext_noop("Where registered"),
}

#: The matcher's level names (``linkage.settings.FIELD_LEVELS``) as a person says them.
FINDINGS: Final[Mapping[tuple[str, str], str]] = {
    ("name", "no token shared"): gettext_noop("no name in common"),
    ("name", "one token shared"): gettext_noop("one name in common"),
    ("name", "one-name person, name shared"): gettext_noop("known by one name, and it is the same"),
    ("name", "two or more tokens shared, not the given name"): gettext_noop(
        "several names in common, but not the first name"
    ),
    ("name", "given name and another token shared"): gettext_noop(
        "first name and another name in common"
    ),
    ("name", "one name set within the other"): gettext_noop(
        "all the names of one record appear in the other"
    ),
    ("name", "same names"): gettext_noop("the same names"),
    ("name", "one name shared, two or more others on each side"): gettext_noop(
        "one name in common, and two or more others on each side that differ"
    ),
    ("name", "one token shared, not a common name"): gettext_noop(
        "one name in common, and not a common one"
    ),
    ("name", "one-name person, name shared, not a common name"): gettext_noop(
        "known by one name, the same one, and not a common one"
    ),
    ("name_spelling", "a shared name only loosely alike"): gettext_noop(
        "a shared name is spelt quite differently"
    ),
    ("name_spelling", "shared names alike"): gettext_noop("the shared names are spelt alike"),
    ("name_rarity", "shared names very common (under 8 bits)"): gettext_noop(
        "the shared names are very common"
    ),
    ("name_rarity", "shared names common (8-12 bits)"): gettext_noop("the shared names are common"),
    ("name_rarity", "shared names fairly common (12-16 bits)"): gettext_noop(
        "the shared names are fairly common"
    ),
    ("name_rarity", "shared names uncommon (16-20 bits)"): gettext_noop(
        "the shared names are uncommon"
    ),
    ("name_rarity", "shared names rare (20-24 bits)"): gettext_noop("the shared names are rare"),
    ("name_rarity", "shared names very rare (24 bits or more)"): gettext_noop(
        "the shared names are very rare"
    ),
    ("name_set", "same names, shared by 9 records or more"): gettext_noop(
        "9 or more records carry exactly these names (and this birth year, when both give it)"
    ),
    ("name_set", "same names, shared by 5 to 8 records"): gettext_noop(
        "5 to 8 records carry exactly these names (and this birth year, when both give it)"
    ),
    ("name_set", "same names, shared by 3 or 4 records"): gettext_noop(
        "3 or 4 records carry exactly these names (and this birth year, when both give it)"
    ),
    ("name_set", "same names, found only in these two records"): gettext_noop(
        "only these two records carry these names (and this birth year, when both give it)"
    ),
    ("name_set", "same names, shared by 17 to 32 records"): gettext_noop(
        "17 to 32 records carry exactly these names (and this birth year, when both give it)"
    ),
    ("name_set", "same names, shared by 33 to 64 records"): gettext_noop(
        "33 to 64 records carry exactly these names (and this birth year, when both give it)"
    ),
    ("name_set", "same names, shared by 65 records or more"): gettext_noop(
        "65 or more records carry exactly these names (and this birth year, when both give it)"
    ),
    ("name_places", "one's given name is the other's father's name"): gettext_noop(
        "the first name of one is the father's name of the other: a father and son, "
        "or two people whose families handed down the same names in another order"
    ),
    ("date_of_birth", "years more than 4 apart"): gettext_noop(
        "born too far apart to be one person"
    ),
    ("date_of_birth", "years 2 to 4 apart"): gettext_noop("born 2 to 4 years apart"),
    ("date_of_birth", "years 1 apart"): gettext_noop("born one year apart"),
    ("date_of_birth", "same year, month or day differ"): gettext_noop(
        "same year of birth, another month or day"
    ),
    ("date_of_birth", "same year (year-only or placeholder date)"): gettext_noop(
        "same year of birth (only the year is known)"
    ),
    ("date_of_birth", "same year and month"): gettext_noop("same year and month of birth"),
    ("date_of_birth", "day and month swapped"): gettext_noop(
        "same date with day and month swapped"
    ),
    ("date_of_birth", "same exact date"): gettext_noop("the same date of birth"),
    ("sex", "different"): gettext_noop("different sexes"),
    ("sex", "same"): gettext_noop("the same sex"),
    ("nationality", "different"): gettext_noop("different nationalities"),
    ("nationality", "commonly confused or shared"): gettext_noop(
        "nationalities often declared one for the other"
    ),
    ("nationality", "same"): gettext_noop("the same nationality"),
    ("group", "different groups"): gettext_noop("registered in different travel groups"),
    ("group", "same travel group"): gettext_noop("registered in the same travel group"),
    ("site", "different sites"): gettext_noop("registered at different sites"),
    ("site", "same site"): gettext_noop("registered at the same site"),
    ("co_travellers", "other members of these travel groups match each other too"): gettext_noop(
        "other members of these travel groups match each other too"
    ),
    ("co_travellers", "one registered with a travel group, the other alone"): gettext_noop(
        "one registered with a travel group, the other alone"
    ),
    ("co_travellers", "the other members of these travel groups do not match"): gettext_noop(
        "the other members of these travel groups do not match"
    ),
    ("co_travellers", "travel companions also registered with this record"): gettext_noop(
        "the people travelling with this person were registered with this record too"
    ),
    ("seen_when", "registered a short time apart, as people on the move often are"): gettext_noop(
        "registered a short time apart, as people on the move often are"
    ),
    ("seen_when", "registered further apart in time than one person usually is"): gettext_noop(
        "registered further apart in time than one person usually is"
    ),
    ("seen_where", "registered at a site people often come here from"): gettext_noop(
        "registered at a site people often come here from"
    ),
    ("seen_where", "registered at a site people seldom come here from"): gettext_noop(
        "registered at a site people seldom come here from"
    ),
}
MISSING: Final = gettext_noop("not known on both records")
PRIOR_FINDING: Final = gettext_noop("how often two registrations that share names are one person")

#: The levels of an extra column (``EXTRA_LEVELS``, ``FUZZY_LEVELS``), whatever it holds.
EXTRA_FINDINGS: Final[Mapping[str, str]] = {
    "different": gettext_noop("different values"),
    "similar": gettext_noop("nearly the same value"),
    "same": gettext_noop("the same value"),
}


def field_label(field: str, translate: Callable[[str], T]) -> T | str:
    """What ``field`` compares, in ``translate``'s language; an unknown field by its name
    (an extra column's: ``extra:home_village`` → "home village")."""
    words = FIELD_LABELS.get(field)
    if words is None:
        return field.replace("_", " ").removeprefix("extra:")
    return translate(words)


def finding(field: str, level: str, translate: Callable[[str], T]) -> T | str:
    """What ``field`` found at ``level``, in ``translate``'s language; an unknown level by
    its name."""
    if level == "missing":
        return translate(MISSING)
    words = FINDINGS.get((field, level))
    if words is None and field.startswith("extra:"):
        words = EXTRA_FINDINGS.get(level)
    return level if words is None else translate(words)

"""Who cares for a child registered as a member of someone else's group.

A registration carries a group: its head answers the screening, the other members give only
their names, sex, date of birth and relationship to the head. A child member is therefore
screened from the group's make-up: with a parent → accompanied; with no parent but an adult
relative → separated; with no adult relative at all (alone with other children, or only with
people not related to them) → unaccompanied (DOMAIN.md §4's definitions).

The benefit of the doubt goes to the child: a companion counts as the adult caring for them
only when known to be 18 or over, and a relationship that does not say "parent" for sure (a
grandchild with the head's adult children, who may be aunts and uncles) is not read as one.
A flag is a question for a specialist, who dismisses it in a minute when the group shows it
wrong; a child missed is not asked about at all.

Django-free: ``intake`` hands the relationships and ages in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

HEAD = "head"
NON_RELATIVE = "non_relative"

# For a member's relationship to the head, the relationships to the head that their
# parents hold.
PARENTS_OF: dict[str, frozenset[str]] = {
    "child": frozenset({HEAD, "spouse"}),
    "sibling": frozenset({"parent"}),
}


@dataclass(frozen=True)
class Companion:
    """Another person of the group, as seen from the head."""

    relationship: str
    """relationship to the head (``head`` for the head)"""
    adult: bool
    """known to be 18 or over"""


def child_care(relationship: str, companions: Sequence[Companion]) -> str:
    """``accompanied``, ``separated`` or ``unaccompanied``: the ``child_care`` answer for a
    child member whose relationship to the head is ``relationship``, travelling with
    ``companions`` (everyone else in the group, the head included)."""
    adults = [c for c in companions if c.adult]
    parents = PARENTS_OF.get(relationship, frozenset())
    if any(c.relationship in parents for c in adults):
        return "accompanied"
    if relationship != NON_RELATIVE and any(c.relationship != NON_RELATIVE for c in adults):
        return "separated"
    return "unaccompanied"

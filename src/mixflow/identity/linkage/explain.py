"""Matches explained field by field: for each comparison, its level, weight and the values."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from mixflow.identity.linkage.compare import Comparer
from mixflow.identity.linkage.features import Encoder
from mixflow.identity.linkage.records import LinkRecord
from mixflow.identity.linkage.settings import LinkSettings

__all__ = ["FieldExplanation", "Match", "compare", "decide", "explain_levels"]


@dataclass(frozen=True)
class FieldExplanation:
    """One field's part in a score: ``weight`` is in log2 odds (positive: same person)."""

    field: str
    level: str
    weight: float
    left: str
    right: str
    note: str = ""


@dataclass(frozen=True)
class Match:
    """Two records compared.

    ``score`` is the log2 odds that both are one person (prior plus each field's weight);
    :attr:`probability` gives it as a probability. ``decision`` is ``link`` (score at or above
    the upper threshold), ``review`` (between the thresholds) or ``apart``.
    """

    left_id: str
    right_id: str
    score: float
    decision: str
    fields: tuple[FieldExplanation, ...]
    prior: float = 0.0

    @property
    def probability(self) -> float:
        return 1.0 / (1.0 + math.pow(2.0, -max(min(self.score, 60.0), -60.0)))

    def describe(self) -> str:
        """One line: each field's level and weight, strongest evidence first."""
        parts = sorted(self.fields, key=lambda f: -abs(f.weight))
        return "; ".join(f"{f.field}: {f.level} ({f.weight:+.1f})" for f in parts if f.weight)


def decide(score: float, settings: LinkSettings) -> str:
    if score >= settings.upper:
        return "link"
    if score >= settings.lower:
        return "review"
    return "apart"


def _values(record: LinkRecord, field: str) -> str:
    if field.startswith("name"):
        parts = [record.given_name, record.father_name, record.family_name]
        return " / ".join(p for p in parts if p)
    if field == "date_of_birth":
        return record.date_of_birth
    if field == "sex":
        return record.sex
    if field == "nationality":
        return " ".join(n for n in (record.nationality, *record.other_nationalities) if n)
    if field == "group":
        return record.group_id
    if field == "site":
        return record.site
    return record.extra.get(field[6:], "")


_NOTES = {
    ("date_of_birth", 5): "1 January and year-only dates count as the year only",
    ("date_of_birth", 7): "day and month read the wrong way round",
    ("name", 6): "a father's name may be recorded as the family name, or missing",
    ("name", 3): "a person known by one name",
    ("nationality", 2): "nationalities commonly declared one for the other",
}


def explain_levels(
    left: LinkRecord, right: LinkRecord, levels: list[int], comparer: Comparer
) -> Match:
    settings = comparer.settings
    fields: list[FieldExplanation] = []
    score = settings.prior
    for j, f in enumerate(settings.fields):
        level = int(levels[j])
        weight = float(comparer.weights[j][level])
        score += weight
        fields.append(
            FieldExplanation(
                f.name,
                f.levels[level],
                round(weight, 3),
                _values(left, f.name),
                _values(right, f.name),
                _NOTES.get((f.name, level), ""),
            )
        )
    return Match(
        left.record_id,
        right.record_id,
        score,
        decide(score, settings),
        tuple(fields),
        settings.prior,
    )


def compare(a: LinkRecord, b: LinkRecord, settings: LinkSettings) -> Match:
    """Compare two records and explain the score field by field."""
    encoder = Encoder(settings.extra_columns)
    block = encoder.encode([a, b])
    comparer = Comparer(settings, words=encoder.extra_words)
    levels = comparer.levels(block, np.array([0]), block, np.array([1]))
    return explain_levels(a, b, levels[0].tolist(), comparer)

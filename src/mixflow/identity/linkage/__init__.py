"""Identity resolution: is this registration a person we already know?

Django-free: importing this package needs no settings. Records (:class:`LinkRecord`) are
compared field by field (:func:`compare`), deduplicated in batch (:func:`dedupe`) or looked up
online (:class:`LinkIndex`); weights are estimated without labels (:func:`fit`) and improved
with reviewers' decisions (:func:`learn_from_decisions`); settings are versioned JSON data
(:func:`load_settings`).
"""

from __future__ import annotations

from mixflow.identity.linkage.dedupe import DedupeResult, dedupe
from mixflow.identity.linkage.evaluate import Scores, pairwise_scores
from mixflow.identity.linkage.explain import FieldExplanation, Match, compare
from mixflow.identity.linkage.index import Candidate, LinkIndex
from mixflow.identity.linkage.model import FitRefused, fit, learn_from_decisions
from mixflow.identity.linkage.records import InputError, LinkRecord, read_records
from mixflow.identity.linkage.settings import LinkSettings, SettingsError, load_settings

__all__ = [
    "Candidate",
    "DedupeResult",
    "FieldExplanation",
    "FitRefused",
    "InputError",
    "LinkIndex",
    "LinkRecord",
    "LinkSettings",
    "Match",
    "Scores",
    "SettingsError",
    "compare",
    "dedupe",
    "fit",
    "learn_from_decisions",
    "load_settings",
    "pairwise_scores",
    "read_records",
]

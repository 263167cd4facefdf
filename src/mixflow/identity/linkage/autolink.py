"""When a registration may be linked to an earlier one with no human looking.

A match's score is the log2 odds that two records are one person, with the prior odds of a
pair measured on a registry of ``settings.measured_on`` records. The chance that a new
registration is one *given* earlier record falls as the registry grows (there are more
records it could be, and the same few it is), so at ``N`` records the odds of every pair are
lower by ``log2(N / measured_on)`` bits than the score says. The review queue can live with
that (a human decides); an automatic link cannot: it merges two people's files unseen.

So an automatic link needs the score, corrected for the registry's size, to reach the odds
of :data:`AUTO_LINK_PRECISION` (19 to 1 for 0.95). Measured with
``benchmarks/linkage_online.py --context --decisions`` (BENCHMARKS.md, "Threshold at national
scale"). The desk's ranking, its "already registered?" box and the batch thresholds do not
use this: only the link made as a registration is saved.
"""

from __future__ import annotations

import math

from mixflow.identity.linkage.settings import LinkSettings

__all__ = ["AUTO_LINK_PRECISION", "auto_link_at"]

#: The share of automatic links that must be right; the odds an automatic link needs.
AUTO_LINK_PRECISION = 0.95


def auto_link_at(settings: LinkSettings, indexed: int) -> float:
    """The score (records alone, and with context) from which a registration is linked
    automatically in a registry of ``indexed`` records.

    The odds of :data:`AUTO_LINK_PRECISION` plus the registry's size correction; never below
    the settings' link threshold.
    """
    target = math.log2(AUTO_LINK_PRECISION / (1 - AUTO_LINK_PRECISION))
    return max(settings.upper, target) + settings.size_bits(indexed)

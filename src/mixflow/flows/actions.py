"""Every write of the flows app (gathered here, as intake does): its aggregate tables, derived
from intake's records, and its publications."""

from __future__ import annotations

from mixflow.flows.aggregate_actions import (
    flow_counts_changed,
    flow_counts_reloaded,
    rebuild_facts,
    refresh_facts,
    refresh_facts_of_persons,
)
from mixflow.flows.publication_actions import (
    approve_publication,
    prepare_publication,
    withdraw_publication,
)

__all__ = [
    "approve_publication",
    "flow_counts_changed",
    "flow_counts_reloaded",
    "prepare_publication",
    "rebuild_facts",
    "refresh_facts",
    "refresh_facts_of_persons",
    "withdraw_publication",
]

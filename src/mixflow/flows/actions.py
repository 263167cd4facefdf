"""Every write of the flows app: its aggregate tables, derived from intake's records."""

from __future__ import annotations

from mixflow.flows.aggregate_actions import (
    rebuild_facts,
    refresh_facts,
    refresh_facts_of_persons,
)

__all__ = ["rebuild_facts", "refresh_facts", "refresh_facts_of_persons"]

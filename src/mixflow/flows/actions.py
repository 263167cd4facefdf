"""Every write of the flows app (gathered here, as intake does)."""

from mixflow.flows.publication_actions import (
    approve_publication,
    prepare_publication,
    withdraw_publication,
)

__all__ = ["approve_publication", "prepare_publication", "withdraw_publication"]

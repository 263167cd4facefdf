"""The demo's dashboards: aggregate tables rebuilt once identities are linked.

Linking moves records between identities after the load; the facts' "people behind the
encounters" follow only when rebuilt.
"""

from __future__ import annotations

from mixflow.core.actors import SystemActor
from mixflow.flows.actions import rebuild_facts


def prepare_dashboards(actor: SystemActor) -> int:
    """Rebuild the facts; returns how many encounters they count (``mixflow demo`` says it)."""
    return rebuild_facts(actor=actor)

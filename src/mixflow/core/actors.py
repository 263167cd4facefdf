"""Who acts: a signed-in user, or a named part of the system (a command, a task).

Every action takes exactly one ``actor``. A ``SystemActor`` is what a command run without
``--user`` or a background task acts as: the machine's operator is trusted with the whole
organisation it names (or every organisation), and the audit log names the command or task, so
nothing is written unattributed.
"""

from __future__ import annotations

from dataclasses import dataclass

SYSTEM_PREFIX = "system:"
"""How a system actor is named in the audit log (``LogEntry.actor_email``)."""


@dataclass(frozen=True)
class SystemActor:
    name: str
    """The command or task acting, as the audit log shows it (``mixflow import``)."""
    organisation_id: int | None = None
    """The organisation it acts for; ``None``: any (loading, linking every organisation)."""

    # What code that expects a user asks of an actor.
    pk = None
    is_authenticated = False
    is_active = True

    @property
    def audit_name(self) -> str:
        return f"{SYSTEM_PREFIX}{self.name}"

    def __str__(self) -> str:
        return self.audit_name

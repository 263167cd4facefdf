"""The actor every action takes: a signed-in user or a named system actor."""

from __future__ import annotations

from mixflow.accounts.models import User
from mixflow.core.actors import SystemActor

Actor = User | SystemActor


def user_of(actor: Actor | None) -> User | None:
    """The user to record as author of a row (``recorded_by``, ``uploaded_by``…), if any."""
    return actor if isinstance(actor, User) and actor.pk else None

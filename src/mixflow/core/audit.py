"""The one audit interface: every change and every view of a person's record goes through here.

Backed by django-auditlog, whose signal receivers log each create, update and delete of a
registered model (who, when, what, before and after) in the same transaction as the change.
Views of records are logged explicitly with ``record_access``; bulk loads, which bypass model
signals for speed, leave one summary entry with ``record_bulk_change``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from auditlog.context import auditlog_value, set_actor, set_extra_data
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.db.models import Model, QuerySet

from mixflow.core.actors import SystemActor


def register(
    model: type[Model],
    *,
    exclude_fields: list[str] | None = None,
    m2m_fields: Collection[str] | None = None,
) -> None:
    """Track every create, update and delete of ``model``."""
    auditlog.register(model, exclude_fields=exclude_fields, m2m_fields=m2m_fields)


@contextmanager
def acting_as(actor: Any) -> Iterator[None]:
    """Attribute the changes made inside the block to ``actor``: a user, or a system actor
    (a command or task), whose name the entries keep.

    Web requests get their actor from ``AuditlogMiddleware``; actions set it themselves.
    """
    # auditlog's context managers do not restore an enclosing context (the request's actor)
    # when they exit: keep it and put it back.
    enclosing = auditlog_value.get(None)
    try:
        if isinstance(actor, SystemActor):
            with set_extra_data({"actor": None, "actor_email": actor.audit_name}):
                yield
        else:
            with set_actor(actor):
                yield
    finally:
        if enclosing is not None:
            auditlog_value.set(enclosing)


def _entry_actor(actor: Any) -> dict[str, Any]:
    if isinstance(actor, SystemActor):
        return {"actor": None, "actor_email": actor.audit_name}
    return {"actor": actor if getattr(actor, "is_authenticated", False) else None}


def record_access(user: Any, instance: Model, **details: object) -> None:
    """Log that ``user`` viewed ``instance`` (a person's record, sensitive details)."""
    LogEntry.objects.log_create(
        instance,
        force_log=True,
        action=LogEntry.Action.ACCESS,
        **_entry_actor(user),
        changes=None,
        additional_data=details or None,
    )


def record_bulk_change(user: Any, about: Model, summary: Mapping[str, object]) -> None:
    """One entry for a bulk operation that wrote rows without per-row signals."""
    LogEntry.objects.log_create(
        about,
        force_log=True,
        action=LogEntry.Action.CREATE,
        **_entry_actor(user),
        changes=None,
        additional_data={"bulk": dict(summary)},
    )


def history(instance: Model) -> QuerySet[LogEntry]:
    """Every audit entry about ``instance``, newest first."""
    return LogEntry.objects.get_for_object(instance).order_by("-timestamp")  # type: ignore[no-any-return]


def accesses_of(instance: Model) -> QuerySet[LogEntry]:
    return history(instance).filter(action=LogEntry.Action.ACCESS)

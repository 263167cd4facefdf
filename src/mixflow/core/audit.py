"""The one audit interface: every change and every view of a person's record goes through here.

Backed by django-auditlog, whose signal receivers log each create, update and delete of a
registered model (who, when, what, before and after) in the same transaction as the change.
Views of records are logged explicitly with ``record_access``; bulk loads, which bypass model
signals for speed, leave one summary entry with ``record_bulk_change``.

An entry names its record by model and number only ("person #12"), never by ``str()`` of the
record, which for people is their name: reading the log is scoped (``core.audit_log``), and a
name in the entry's title would escape that scoping.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from auditlog.context import auditlog_value, set_actor, set_extra_data
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Model, QuerySet
from django.db.models.signals import pre_save

from mixflow.core.actors import SystemActor
from mixflow.core.audit_actions import ERASED as ERASED
from mixflow.core.audit_actions import redact as redact
from mixflow.core.encryption import (
    CONCEALED,
    ENCRYPTED_FIELDS,
    BlindIndexField,
    seal,
    unseal,
)
from mixflow.lib.field_cipher import InvalidToken

AuditActor = AbstractBaseUser | SystemActor
"""Who an entry names: a user, or a system actor (core cannot name accounts' ``User``)."""

_named: set[type[Model]] = set()
_sensitive_fields: dict[type[Model], frozenset[str]] = {}


def register(
    model: type[Model],
    *,
    exclude_fields: list[str] | None = None,
    m2m_fields: Collection[str] | None = None,
    sensitive_fields: Collection[str] = (),
    named: bool = False,
) -> None:
    """Track every create, update and delete of ``model``.

    ``sensitive_fields``: fields whose values the audit log shows only to readers holding
    ``view_sensitive`` (a model whose scope rule needs ``view_sensitive`` is sensitive as a
    whole). ``named``: entries keep ``str(record)`` as their title; only for records that
    cannot carry a migrant's name (organisations, accounts, places). Every other entry is
    titled "<model> #<id>".
    """
    # auditlog also "tracks" reverse relations, writing "app.Model.None" for each into every
    # entry: they are another model's rows, audited there.
    reverse = [f.name for f in model._meta.get_fields() if f.auto_created and not f.concrete]
    excluded = [*(exclude_fields or []), *reverse]
    # Encrypted fields stay encrypted in the log's entries too (``core.audit_log`` opens them
    # for readers who may see them). Blind indexes are derived and would let guesses be tested.
    sealed = [f.name for f in model._meta.concrete_fields if isinstance(f, ENCRYPTED_FIELDS)]
    excluded += [f.name for f in model._meta.concrete_fields if isinstance(f, BlindIndexField)]
    auditlog.register(
        model,
        exclude_fields=excluded,
        m2m_fields=m2m_fields,
        mask_fields=sealed,
        mask_callable="mixflow.core.audit.seal_for_log" if sealed else None,
    )
    if named:
        _named.add(model)
    if sensitive_fields:
        _sensitive_fields[model] = frozenset(sensitive_fields)


def seal_for_log(value: str) -> str:
    """What the audit log keeps of an encrypted field's value: the value, encrypted."""
    return seal(value)


def open_from_log(value: str) -> str:
    """A value ``seal_for_log`` wrote, in clear; ``CONCEALED`` when no key held opens it."""
    try:
        return unseal(value)
    except (InvalidToken, ValueError):
        return CONCEALED


def is_registered(model: type[Model]) -> bool:
    return bool(auditlog.contains(model))


def sensitive_fields_of(model: type[Model]) -> frozenset[str]:
    return _sensitive_fields.get(model, frozenset())


def record_number(model: type[Model] | None, object_pk: object) -> str:
    """An entry's title that names no one: the model's (untranslated) name and the row's id."""
    name = model._meta.verbose_name_raw if model is not None else "record"
    return f"{name} #{object_pk}"


def _title_by_number(sender: type[Model], instance: LogEntry, **kwargs: object) -> None:
    # auditlog titles every entry with str(record) (LogEntryManager.log_create and
    # log_m2m_changes), with no hook to change it; rewriting the title just before the entry is
    # inserted covers every path (signals, m2m changes, record_access, bulk summaries) at no
    # extra query: the content type comes from Django's cache.
    model = instance.content_type.model_class()
    if model not in _named:
        instance.object_repr = record_number(model, instance.object_pk)


def connect() -> None:
    """Install the entry-title rule (``CoreConfig.ready``)."""
    pre_save.connect(_title_by_number, sender=LogEntry, dispatch_uid="mixflow.audit.title")


@contextmanager
def acting_as(actor: AuditActor) -> Iterator[None]:
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


def _entry_actor(actor: AuditActor | AnonymousUser) -> dict[str, Any]:
    if isinstance(actor, SystemActor):
        return {"actor": None, "actor_email": actor.audit_name}
    return {"actor": actor if getattr(actor, "is_authenticated", False) else None}


def record_access(user: AuditActor | AnonymousUser, instance: Model, **details: object) -> None:
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


def record_erasure(user: Any, about: Model, summary: Mapping[str, object]) -> None:
    """One entry saying that ``about``'s identifying data was erased (values never logged)."""
    LogEntry.objects.log_create(
        about,
        force_log=True,
        action=LogEntry.Action.UPDATE,
        **_entry_actor(user),
        changes=None,
        additional_data={"erased": dict(summary)},
    )

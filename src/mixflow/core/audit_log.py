"""Reading the audit log, scoped like every other read.

The log is opened by system administrators (every organisation's entries). What an entry
discloses depends on the record it is about, not on the log: its changes are shown only to a
reader who may read that record today (``scoped`` on the entry's model and id), and values of
sensitive fields only to a reader who may read the record with ``view_sensitive``. Everyone else
sees the record's model and number, the actor, the time and the action. The log is searched by
actor, record and day, never by the text of changes or titles, which would find entries by a
migrant's name.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from auditlog.models import LogEntry
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mixflow.core.audit import is_registered, open_from_log, sensitive_fields_of
from mixflow.core.encryption import encrypted_field_names
from mixflow.core.roles import Capability
from mixflow.core.scoping import Scope, ScopeRule, scope_of, scoped

Reader = AbstractBaseUser | AnonymousUser
"""Who reads the log: the signed-in user of a request."""

HIDDEN = _("(withheld: sensitive)")


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class Disclosure:
    """What one reader may see of one entry."""

    record: str
    """The record's model and number, in the reader's language ("Person #12")."""
    actor: str
    readable: bool
    """Whether the reader may read the record: only then ``changes`` and ``details`` are set."""
    changes: tuple[Change, ...] = ()
    details: dict[str, Any] | None = None


def may_open(reader: Reader) -> bool:
    """Who opens the audit log: system administrators.

    Not organisation administrators: an organisation's entries cannot be listed soundly (a
    deleted record no longer says which organisation it belonged to; a person shared by consent
    is written by two), and they hold no capability over migrants' records, whose entries make
    most of the log.
    """
    return scope_of(reader).can(Capability.ADMINISTER_SYSTEM)


def entries_for(reader: Reader) -> QuerySet[LogEntry]:
    """The entries ``reader`` may list (each still disclosed with ``disclose``)."""
    entries: QuerySet[LogEntry] = LogEntry.objects.select_related("content_type", "actor")
    entries = entries.order_by("-timestamp")
    return entries if may_open(reader) else entries.none()


def search(
    entries: QuerySet[LogEntry],
    *,
    actor: str = "",
    record_id: int | None = None,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> QuerySet[LogEntry]:
    """Entries by actor (user name, e-mail or ``system:<name>``), record number or days
    (``since`` to ``until``, both included, in the site's time zone).

    The record's type is the admin's filter (``content_type``).
    """
    if actor:
        entries = entries.filter(
            Q(actor__username__icontains=actor)
            | Q(actor__email__icontains=actor)
            | Q(actor_email__icontains=actor)
        )
    if record_id is not None:
        entries = entries.filter(object_id=record_id)
    # Bounds as instants, not ``timestamp__date``: the timestamp's index serves them.
    if since is not None:
        entries = entries.filter(timestamp__gte=_midnight(since))
    if until is not None:
        entries = entries.filter(timestamp__lt=_midnight(until + datetime.timedelta(days=1)))
    return entries


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def actor_of(entry: LogEntry) -> str:
    """The user's name, or the system actor (``system:<name>``) that acted."""
    if entry.actor is not None:
        return str(entry.actor.get_username())
    return str(entry.actor_email or _("(unknown)"))


def record_of(entry: LogEntry) -> str:
    model = entry.content_type.model_class()
    name = model._meta.verbose_name if model is not None else entry.content_type.model
    return f"{str(name).capitalize()} #{entry.object_pk}"


def _ids_readable(
    scope: Scope, model: type[Model], ids: set[int], capability: Capability | None = None
) -> set[int]:
    rule = getattr(model, "scope_rule", None)
    if not isinstance(rule, ScopeRule):
        # Records of the system itself (loaded datasets): system administrators read them.
        return ids if scope.can(Capability.ADMINISTER_SYSTEM) and capability is None else set()
    readable = scoped(scope, model, capability)
    if not readable.query.where and not readable.query.is_empty():
        # The reader reads every row of the model (a system administrator, accounts): the
        # entries of rows deleted since are theirs to read too.
        return ids
    return set(readable.filter(pk__in=ids).values_list("pk", flat=True))


def _label(model: type[Model] | None, field_name: str) -> str:
    if model is not None:
        try:
            field = model._meta.get_field(field_name)
            return str(getattr(field, "verbose_name", field_name))
        except FieldDoesNotExist:  # a field since removed keeps its stored name
            return field_name
    return field_name


def _changes(
    entry: LogEntry, model: type[Model] | None, secret: frozenset[str]
) -> tuple[Change, ...]:
    changes: dict[str, Any] = entry.changes_dict or {}
    sealed = encrypted_field_names(model)
    shown = []
    for name, change in changes.items():
        if isinstance(change, dict):  # an m2m change: {"operation": ..., "objects": [...]}
            objects = ", ".join(map(str, change.get("objects", [])))
            before, after = "", f"{change.get('operation', '')}: {objects}"
        else:
            before, after = (str(value) for value in change)
        if name in secret:
            before = after = str(HIDDEN)
        elif name in sealed:
            before, after = open_from_log(before), open_from_log(after)
        shown.append(Change(field=_label(model, name), before=before, after=after))
    return tuple(shown)


def disclose(reader: Reader, entries: Sequence[LogEntry]) -> list[Disclosure]:
    """What ``reader`` may see of each of ``entries`` (a page of the log).

    One scoped query per model on the page (two for models with sensitive fields), however many
    entries it holds.
    """
    scope = scope_of(reader)
    ids_by_model: dict[type[Model] | None, set[int]] = defaultdict(set)
    for entry in entries:
        if entry.object_id is not None:
            ids_by_model[entry.content_type.model_class()].add(entry.object_id)

    readable: dict[type[Model] | None, set[int]] = {}
    sensitive_readable: dict[type[Model] | None, set[int]] = {}
    for model, ids in ids_by_model.items():
        if model is None:
            continue
        readable[model] = _ids_readable(scope, model, ids)
        if sensitive_fields_of(model) and readable[model]:
            sensitive_readable[model] = _ids_readable(
                scope, model, readable[model], Capability.VIEW_SENSITIVE
            )
    return [_disclosure(entry, readable, sensitive_readable) for entry in entries]


def _disclosure(
    entry: LogEntry,
    readable: dict[type[Model] | None, set[int]],
    sensitive_readable: dict[type[Model] | None, set[int]],
) -> Disclosure:
    model = entry.content_type.model_class()
    record, actor = record_of(entry), actor_of(entry)
    if entry.object_id is None or entry.object_id not in readable.get(model, set()):
        return Disclosure(record=record, actor=actor, readable=False)
    secret = sensitive_fields_of(model) if model is not None else frozenset()
    if entry.object_id in sensitive_readable.get(model, set()):
        secret = frozenset()
    details = entry.additional_data if isinstance(entry.additional_data, dict) else None
    return Disclosure(
        record=record,
        actor=actor,
        readable=True,
        changes=_changes(entry, model, secret),
        details=details,
    )


def registered_models(models: Iterable[type[Model]]) -> list[type[Model]]:
    """The models among ``models`` whose entries the log may hold, for a record filter."""
    return sorted(
        (model for model in models if is_registered(model)),
        key=lambda model: str(model._meta.verbose_name),
    )

"""What the data migrations that encrypt existing columns share (in ``migrations`` with a
leading underscore: Django loads no migration from it, and it may write as migrations do).

``seal_columns(app, model, columns, index=...)`` gives the forward and backward functions of a
``RunPython``: it seals every plain value still in those columns (values already sealed are
left alone, so running it twice changes nothing), fills a blind index column from the plain
value, and encrypts the plain values that the audit log had copied into its entries before
these columns were encrypted. Raw SQL on purpose: the historical models would otherwise read
the columns through the encrypted fields of today.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from mixflow.core.encryption import index_of, seal, unseal
from mixflow.lib.field_cipher import InvalidToken

_EMPTY = {"", "[]", "{}", "null"}
BATCH = 2000

Step = Callable[[Any, Any], None]


def _is_sealed(value: str) -> bool:
    if not value.startswith("gAAAAA"):  # every Fernet token starts with its version byte
        return False
    try:
        unseal(value)
    except InvalidToken:
        return False
    return True


def seal_columns(
    app_label: str, model_name: str, columns: Sequence[str], *, index: tuple[str, str] | None = None
) -> tuple[Step, Step]:
    """``index``: (source column, index column) to fill from the source's plain value."""

    def forward(apps: Any, schema_editor: Any) -> None:
        model = apps.get_model(app_label, model_name)
        connection = schema_editor.connection
        q = connection.ops.quote_name
        table, pk = q(model._meta.db_table), q(model._meta.pk.column)
        names = [q(model._meta.get_field(c).column) for c in columns]
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {pk}, {', '.join(names)} FROM {table}")  # noqa: S608
            found = cursor.fetchall()
        updates = []
        for pk_value, *values in found:
            plain = ["" if v is None or str(v) in _EMPTY else str(v) for v in values]
            sealed = [v if not v or _is_sealed(v) else seal(v) for v in plain]
            extra: list[Any] = []
            if index is not None:
                source = plain[list(columns).index(index[0])]
                extra = [index_of(unseal(source) if _is_sealed(source) else source)]
            updates.append((*sealed, *extra, pk_value))
        targets = list(names)
        if index is not None:
            targets.append(q(model._meta.get_field(index[1]).column))
        assignments = ", ".join(f"{name} = %s" for name in targets)
        with connection.cursor() as cursor:
            for start in range(0, len(updates), BATCH):
                cursor.executemany(
                    f"UPDATE {table} SET {assignments} WHERE {pk} = %s",  # noqa: S608
                    updates[start : start + BATCH],
                )
        _seal_in_audit_log(apps, app_label, model_name, columns)

    def backward(apps: Any, schema_editor: Any) -> None:
        model = apps.get_model(app_label, model_name)
        connection = schema_editor.connection
        q = connection.ops.quote_name
        table, pk = q(model._meta.db_table), q(model._meta.pk.column)
        names = [q(model._meta.get_field(c).column) for c in columns]
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {pk}, {', '.join(names)} FROM {table}")  # noqa: S608
            found = cursor.fetchall()
            assignments = ", ".join(f"{name} = %s" for name in names)
            cursor.executemany(
                f"UPDATE {table} SET {assignments} WHERE {pk} = %s",  # noqa: S608
                [(*[unseal(v or "") for v in values], pk_value) for pk_value, *values in found],
            )

    return forward, backward


def _seal_in_audit_log(apps: Any, app_label: str, model_name: str, columns: Sequence[str]) -> None:
    """Entries written before encryption hold the plain values: encrypt them there too (the
    log opens them for readers who may see them, ``core.audit_log``)."""
    log_entry = apps.get_model("auditlog", "LogEntry")
    content_type = apps.get_model("contenttypes", "ContentType")
    kind = content_type.objects.filter(app_label=app_label, model=model_name).first()
    if kind is None:
        return
    for entry in log_entry.objects.filter(content_type_id=kind.pk).exclude(changes=None):
        changes = entry.changes if isinstance(entry.changes, dict) else None
        if not changes or not any(column in changes for column in columns):
            continue
        for column in columns:
            if column in changes:
                changes[column] = [
                    v if not v or _is_sealed(str(v)) else seal(str(v)) for v in changes[column]
                ]
        entry.changes = changes
        entry.changes_text = ""
        entry.save(update_fields=["changes", "changes_text"])

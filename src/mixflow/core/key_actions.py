"""Key rotation: a new key seals every encrypted value; older keys are retired only on request.

``rotate_field_keys`` puts a new key first in the data directory's key file (the older ones
stay, so every process still opens every value while the rows are re-sealed), then re-seals
each encrypted column under it. ``retire`` then leaves only the new key in the file: run it once
every server and worker has restarted or read the new file. When the keys come from
``MIXFLOW_FIELD_KEYS`` the operator puts the new key first there and restarts; this re-seals
under whichever key is first. ``rotate_index_key`` replaces the blind-index key and recomputes
every index from the (decrypted) values.

Raw SQL on purpose: reading through the fields would open and re-seal each value twice, and a
bulk re-seal must not write an audit entry per row (one summary entry instead).
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import Field, Model
from django.utils.translation import gettext as _

from mixflow.conf import FIELD_KEYS_FILE, INDEX_KEY_FILE, _new_fernet_key
from mixflow.core import audit
from mixflow.core.actors import SystemActor
from mixflow.core.audit import AuditActor as Actor
from mixflow.core.encryption import (
    blind_indexes,
    cipher,
    encrypted_columns,
    index_of,
    reload_keys,
    unseal,
)
from mixflow.core.models import LoadedDataset
from mixflow.core.roles import Capability
from mixflow.core.scoping import scope_of

BATCH = 2000


@dataclass
class Rotation:
    resealed: dict[str, int] = field(default_factory=dict)
    keys_in_file: int = 0
    from_environment: bool = False


def _table_and_pk(model: type[Model]) -> tuple[str, str]:
    q = connection.ops.quote_name
    return q(model._meta.db_table), q(str(model._meta.pk.column))


def _check(actor: Actor) -> None:
    if isinstance(actor, SystemActor):
        return
    if not scope_of(actor).can(Capability.ADMINISTER_SYSTEM):
        raise PermissionDenied(
            "Only the machine's operator or a system administrator rotates keys."
        )


def _write_keys(path: Path, keys: list[str]) -> None:
    """Replace the key file whole (write aside, then rename): a crash leaves the old or the new
    file, never half of one."""
    aside = path.with_suffix(".new")
    fd = os.open(aside, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write("\n".join(keys) + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(aside, path)


def _keys_from_environment() -> bool:
    return bool(os.environ.get("MIXFLOW_FIELD_KEYS", "").strip())


def rotate_field_keys(*, actor: Actor, new_key: bool = True) -> Rotation:
    """A new current key (unless the keys come from the environment), then every encrypted
    value re-sealed under it. Values already under it are rewritten too (cheap, and simpler
    than telling them apart)."""
    _check(actor)
    result = Rotation(from_environment=_keys_from_environment())
    if new_key and not result.from_environment:
        path = Path(settings.DATA_DIR) / FIELD_KEYS_FILE
        _write_keys(path, [_new_fernet_key(), *settings.FIELD_ENCRYPTION_KEYS])
    reload_keys()
    current = cipher()
    result.keys_in_file = len(current.keys)
    q = connection.ops.quote_name
    with transaction.atomic(), audit.acting_as(actor):
        for model, fields in encrypted_columns():
            table, pk = _table_and_pk(model)
            names = [q(str(f.column)) for f in fields]
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT {pk}, {', '.join(names)} FROM {table}")  # noqa: S608
                found = cursor.fetchall()
            rows = [
                (*[current.reseal(v) if v else v for v in values], pk_value)
                for pk_value, *values in found
                if any(values)
            ]
            assignments = ", ".join(f"{name} = %s" for name in names)
            with connection.cursor() as cursor:
                for start in range(0, len(rows), BATCH):
                    cursor.executemany(
                        f"UPDATE {table} SET {assignments} WHERE {pk} = %s",  # noqa: S608
                        rows[start : start + BATCH],
                    )
            result.resealed[model._meta.label] = len(rows)
        _record(actor, "field keys rotated", result.resealed)
    return result


def retire_old_field_keys(*, actor: Actor) -> int:
    """Leave only the current key in the file, after checking that it opens every value (a
    value it cannot open would be lost with the old keys). Returns the keys removed."""
    _check(actor)
    if _keys_from_environment():
        raise ValueError(_("the keys come from MIXFLOW_FIELD_KEYS: remove the old ones there"))
    reload_keys()
    current = cipher()
    q = connection.ops.quote_name
    for model, fields in encrypted_columns():
        names = [q(str(f.column)) for f in fields]
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {', '.join(names)} FROM {q(model._meta.db_table)}")  # noqa: S608
            for values in cursor.fetchall():
                for value in values:
                    if value and not current.sealed_with_current(value):
                        raise ValueError(
                            _(
                                "%(table)s still holds values under an older key: run "
                                "'mixflow keys rotate' first"
                            )
                            % {"table": model._meta.label}
                        )
    removed = len(current.keys) - 1
    _write_keys(Path(settings.DATA_DIR) / FIELD_KEYS_FILE, [current.keys[0]])
    reload_keys()
    with audit.acting_as(actor):
        _record(actor, "old field keys retired", {"removed": removed})
    return removed


def rotate_index_key(*, actor: Actor) -> dict[str, int]:
    """A new blind-index key, and every index computed again from the values it indexes."""
    _check(actor)
    if os.environ.get("MIXFLOW_INDEX_KEY", "").strip():
        raise ValueError(_("MIXFLOW_INDEX_KEY sets the index key: change it there, then reindex"))
    path = Path(settings.DATA_DIR) / INDEX_KEY_FILE
    old = settings.BLIND_INDEX_KEY
    _write_keys(path, [secrets.token_urlsafe(32)])
    reload_keys()
    try:
        return reindex(actor=actor)
    except BaseException:
        # The indexes were rolled back: so must the key be, or no search would find anything.
        _write_keys(path, [old])
        reload_keys()
        raise


def reindex(*, actor: Actor) -> dict[str, int]:
    """Every blind index computed again under the current index key."""
    _check(actor)
    q = connection.ops.quote_name
    counts: dict[str, int] = {}
    with transaction.atomic(), audit.acting_as(actor):
        for model, index in blind_indexes():
            source = model._meta.get_field(index.source)
            assert isinstance(source, Field)
            table, pk = _table_and_pk(model)
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT {pk}, {q(str(source.column))} FROM {table}")  # noqa: S608
                rows = [(index_of(unseal(v or "")), pk_value) for pk_value, v in cursor.fetchall()]
                for start in range(0, len(rows), BATCH):
                    cursor.executemany(
                        f"UPDATE {table} SET {q(str(index.column))} = %s WHERE {pk} = %s",  # noqa: S608
                        rows[start : start + BATCH],
                    )
            counts[model._meta.label] = len(rows)
        _record(actor, "blind indexes recomputed", counts)
    return counts


def _record(actor: Actor, what: str, summary: dict[str, int]) -> None:
    # The audit log needs a record to hang a bulk entry on; the key file is not one, so the
    # entry hangs on a dataset record named for the operation (as bulk loads do).
    about, _created = LoadedDataset.objects.get_or_create(
        fingerprint="encryption-keys", defaults={"source": "encryption keys"}
    )
    audit.record_bulk_change(actor, about, {"what": what, **summary})

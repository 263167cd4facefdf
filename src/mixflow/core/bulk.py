"""Inserting many rows at once without the ORM's per-object SQL compilation.

``bulk_create`` compiles SQL for every field of every object, which costs more than the insert
itself for tens of thousands of rows. ``insert_many`` prepares each value with the field's own
conversion (JSON, dates, defaults, ``auto_now_add``) and sends one ``executemany``. It returns
nothing: use ``bulk_create`` when the new primary keys are needed. Like ``bulk_create`` it sends
no signals; callers record their audit entry themselves.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connections, router
from django.db.models import Model


def insert_many(model: type[Model], objects: Sequence[Model]) -> None:
    if not objects:
        return
    db = router.db_for_write(model)
    connection = connections[db]
    fields = [f for f in model._meta.concrete_fields if not f.primary_key and f.column]
    columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    table = connection.ops.quote_name(model._meta.db_table)
    rows = [
        tuple(f.get_db_prep_save(f.pre_save(obj, add=True), connection) for f in fields)
        for obj in objects
    ]
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)  # noqa: S608

"""``mixflow backup`` / ``mixflow restore``: the whole database to one file and back.

SQLite: SQLite's online backup API copies a consistent snapshot while the server and worker
keep running (WAL), and restores by copying the file's pages back into the live database.
PostgreSQL: ``pg_dump --format=custom`` and ``pg_restore --clean``, the tools the operator
already trusts, with the connection from ``DATABASE_URL``.

Restoring replaces every table: stop the server and the worker first. The data directory's
other files (uploaded questionnaires and imports under ``media/``, the secret key) are not in
the database: back them up with the file system (docs/security.md).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

from django.db import connection
from django.utils.translation import gettext as _


class BackupError(RuntimeError):
    """The copy or the restore could not be made: the message says why, in the active language
    (``mixflow backup`` and ``mixflow restore`` activate the command's)."""


def engine() -> str:
    return str(connection.vendor)


def _sqlite_path() -> str:
    return str(connection.settings_dict["NAME"])


def _postgres_environment() -> dict[str, str]:
    settings = connection.settings_dict
    environment = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if settings.get(key):
            environment[variable] = str(settings[key])
    return environment


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            _("%(tool)s is not installed (Debian: postgresql-client)") % {"tool": name}
        )
    return found


def backup(target: Path) -> None:
    """Write a consistent copy of the whole database to ``target``."""
    connection.close()
    if engine() == "sqlite":
        with (
            closing(sqlite3.connect(_sqlite_path())) as source,
            closing(sqlite3.connect(target)) as copy,
        ):
            source.backup(copy)
        return
    if engine() == "postgresql":
        result = subprocess.run(  # noqa: S603  # our own arguments, no shell
            [_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(target)],
            env=_postgres_environment(),
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise BackupError(result.stderr.strip())
        return
    raise BackupError(_("no backup for the %(engine)s database engine") % {"engine": engine()})


def restore(source: Path) -> None:
    """Replace the whole database with the copy in ``source``."""
    if not source.is_file():
        raise BackupError(_("%(file)s: no such file") % {"file": source})
    connection.close()
    if engine() == "sqlite":
        with closing(sqlite3.connect(source)) as copy:
            try:
                check = copy.execute("PRAGMA integrity_check").fetchone()
            except sqlite3.DatabaseError as error:
                raise BackupError(
                    _("%(file)s is not a SQLite database (%(error)s)")
                    % {"file": source, "error": error}
                ) from None
            if not check or check[0] != "ok":
                raise BackupError(_("%(file)s is not a sound SQLite database") % {"file": source})
            with closing(sqlite3.connect(_sqlite_path())) as live:
                copy.backup(live)
        return
    if engine() == "postgresql":
        result = subprocess.run(  # noqa: S603  # our own arguments, no shell
            [
                _tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--dbname",
                str(connection.settings_dict["NAME"]),
                str(source),
            ],
            env=_postgres_environment(),
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise BackupError(result.stderr.strip())
        return
    raise BackupError(_("no restore for the %(engine)s database engine") % {"engine": engine()})


def table_rows() -> dict[str, list[tuple[object, ...]]]:
    """Every table's rows, in a stable order: what a round trip must give back."""
    rows: dict[str, list[tuple[object, ...]]] = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608  # names from the catalogue
            rows[table] = sorted(cursor.fetchall(), key=repr)
    return rows

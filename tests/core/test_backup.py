"""``mixflow backup`` and ``mixflow restore``: a round trip gives back every row of every
table, on SQLite (online backup API) and on PostgreSQL (pg_dump / pg_restore)."""

from __future__ import annotations

import json
import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.test_cli import _mixflow

SNAPSHOT = (
    "import json; from mixflow.core.backup import table_rows;"
    "print(json.dumps(table_rows(), default=str))"
)


DAMAGE = (
    "from django.db import connection; cursor = connection.cursor();"
    "cursor.execute('DELETE FROM identity_namekey');"
    "cursor.execute(\"UPDATE identity_person SET given_name = 'Changed'\")"
)


def _rows(env: dict[str, str]) -> dict[str, list[object]]:
    result = _mixflow("manage", "shell", "-c", SNAPSHOT, env=env)
    assert result.returncode == 0, result.stderr
    rows: dict[str, list[object]] = json.loads(result.stdout.strip().splitlines()[-1])
    return rows


# Runs ``mixflow`` against a scratch database next to the configured one: on both databases.
pytestmark = pytest.mark.database


@pytest.fixture
def database(tmp_path: Path) -> Iterator[dict[str, str]]:
    """A database of its own: SQLite in a data directory, or a scratch PostgreSQL database
    next to the one ``DATABASE_URL`` names."""
    env = {"MIXFLOW_DATA_DIR": str(tmp_path / "data")}
    url = os.environ.get("DATABASE_URL")
    if not url:
        yield env
        return
    base, _name = url.rsplit("/", 1)
    scratch = f"mixflow_backup_{uuid.uuid4().hex[:8]}"
    subprocess.run(["psql", f"{base}/postgres", "-c", f"CREATE DATABASE {scratch}"], check=True)
    env["DATABASE_URL"] = f"{base}/{scratch}"
    yield env
    subprocess.run(["psql", f"{base}/postgres", "-c", f"DROP DATABASE {scratch}"], check=False)


def test_a_round_trip_gives_back_every_row_of_every_table(
    database: dict[str, str], tmp_path: Path
) -> None:
    env = database
    loaded = _mixflow(
        "synth", "--people", "40", "--seed", "5", "--out", str(tmp_path / "a"), "--load", env=env
    )
    assert loaded.returncode == 0, loaded.stderr
    before = _rows(env)
    assert sum(len(rows) for rows in before.values()) > 500
    assert before["identity_person"]

    copy = tmp_path / "mixflow.backup"
    made = _mixflow("backup", str(copy), env=env)
    assert made.returncode == 0, made.stderr
    assert _mixflow("backup", str(copy), env=env).returncode == 2  # never overwritten

    # Things happen after the backup: rows deleted, a name changed.
    changed = _mixflow("manage", "shell", "-c", DAMAGE, env=env)
    assert changed.returncode == 0, changed.stderr
    assert _rows(env) != before

    refused = _mixflow("restore", str(copy), env=env)
    assert refused.returncode == 2
    assert "--yes" in refused.stderr
    restored = _mixflow("restore", str(copy), "--yes", env=env)
    assert restored.returncode == 0, restored.stderr
    after = _rows(env)
    assert after.keys() == before.keys()
    for table, rows in before.items():
        assert after[table] == rows, table


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "mixflow restore: {junk} is not a SQLite database ("),
        ("fr", "mixflow restore\u00a0: {junk} n'est pas une base de données SQLite ("),
    ],
)
def test_a_file_that_is_no_backup_is_refused(
    database: dict[str, str], tmp_path: Path, language: str, said: str
) -> None:
    if "DATABASE_URL" in database:
        pytest.skip("pg_restore's own refusal")
    junk = tmp_path / "junk.backup"
    junk.write_bytes(b"not a database" * 100)
    result = _mixflow("--language", language, "restore", str(junk), "--yes", env=database)
    assert result.returncode == 1
    assert said.format(junk=junk) in result.stderr

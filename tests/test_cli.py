"""The ``mixflow`` command, run as a user runs it: in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def _environment(extra: dict[str, str] | None) -> dict[str, str]:
    environment = {**os.environ, **(extra or {})}
    # Set for the in-process browser tests (Playwright's event loop); never for a real command.
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return environment


def _mixflow(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mixflow", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=_environment(env),
        check=False,
    )


def test_help_lists_every_subcommand() -> None:
    result = _mixflow("--help")
    assert result.returncode == 0
    for command in ("demo", "serve", "worker", "synth", "load", "manage"):
        assert command in result.stdout


def test_synth_writes_the_files_and_a_ground_truth(tmp_path: Path) -> None:
    result = _mixflow("synth", "--people", "200", "--seed", "3", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    for name in ("records.csv", "encounters.csv", "groups.csv", "flow_counts.csv", "truth.csv"):
        assert (tmp_path / name).stat().st_size > 0


@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="uses its own SQLite data dir")
def test_demo_prepares_everything_and_is_idempotent(tmp_path: Path) -> None:
    env = {"MIXFLOW_DATA_DIR": str(tmp_path), "MIXFLOW_DEMO_PASSWORD": "demo-pass-for-tests"}
    first = _mixflow("demo", "--no-serve", "--people", "300", env=env)
    assert first.returncode == 0, first.stderr
    assert "caseworker" in first.stdout
    assert "demo-pass-for-tests" in first.stdout
    assert (tmp_path / "secret_key").exists()
    second = _mixflow("demo", "--no-serve", "--people", "300", env=env)
    assert second.returncode == 0, second.stderr
    assert "already loaded" in second.stdout
    check = _mixflow(
        "manage",
        "shell",
        "-c",
        "from mixflow.identity.models import Person; from mixflow.accounts.models import User;"
        "print(Person.objects.count(), User.objects.count())",
        env=env,
    )
    persons, users = map(int, check.stdout.strip().splitlines()[-1].split())
    assert users == 8
    assert persons > 300


def test_manage_runs_django_commands() -> None:
    result = _mixflow("manage", "check", "--deploy", "--fail-level", "ERROR")
    assert result.returncode == 0, result.stderr

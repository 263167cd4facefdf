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
    for command in (
        "demo",
        "serve",
        "worker",
        "synth",
        "load",
        "manage",
        "import",
        "questionnaire",
    ):
        assert command in result.stdout


def test_questionnaire_says_its_actions() -> None:
    result = _mixflow("questionnaire", "--help")
    assert result.returncode == 0
    assert "add" in result.stdout
    assert "list" in result.stdout
    missing = _mixflow("questionnaire", "add")
    assert missing.returncode == 2  # argparse: FILE and --organisation are required


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
    assert users == 9  # one per role, and a second analyst who approved the demo publications
    assert persons > 300


def test_manage_runs_django_commands() -> None:
    result = _mixflow("manage", "check", "--deploy", "--fail-level", "ERROR")
    assert result.returncode == 0, result.stderr


@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="uses its own SQLite data dir")
def test_import_reports_counts_that_add_up_and_imports_nothing_twice(tmp_path: Path) -> None:
    env = {"MIXFLOW_DATA_DIR": str(tmp_path / "data"), "MIXFLOW_DEMO_PASSWORD": "x-pass-1234"}
    assert _mixflow("demo", "--no-serve", "--people", "100", env=env).returncode == 0
    organisation = (
        _mixflow(
            "manage",
            "shell",
            "-c",
            "from mixflow.accounts.models import User;"
            "print(User.objects.get(username='analyst').organisation.code)",
            env=env,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    site = (
        _mixflow(
            "manage",
            "shell",
            "-c",
            "from mixflow.geo.models import Location;"
            "print(Location.objects.filter(level='site').order_by('code').first().code)",
            env=env,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    counts = tmp_path / "counts.csv"
    counts.write_text(
        "site;observed_on;observed_time;direction;group_size;men;women;boys;girls\n"
        f"{site};2026-09-01;10:30;incoming;3;1;1;1;0\n"
        f"{site};2026-09-01;11:00;outgoing;2;1;1;0;0\n"
        f"{site};2026-09-01;11:30;incoming;9;1;1;0;0\n",  # parts do not add up
        encoding="cp1252",
    )
    args = ["import", str(counts), "--form", "flow_monitoring_registry"]
    args += ["--organisation", organisation, "--user", "analyst"]
    first = _mixflow(*args, env=env)
    assert first.returncode == 0, first.stderr
    assert "3 rows in the file = 2 imported + 0 already present + 1 quarantined" in first.stdout
    second = _mixflow(*args, env=env)
    assert "3 rows in the file = 0 imported + 3 already present + 0 quarantined" in second.stdout
    picture = tmp_path / "photo.csv"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    refused = _mixflow(
        "import",
        str(picture),
        "--form",
        "flow_monitoring_registry",
        "--organisation",
        organisation,
        env=env,
    )
    assert refused.returncode == 2
    assert "Traceback" not in refused.stderr
    assert refused.stderr.strip()

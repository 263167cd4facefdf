from __future__ import annotations

from pathlib import Path

import pytest

from tests.intake.importing.make_fixtures import write_fixtures


@pytest.fixture(scope="session")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every fixture file, written once per test session."""
    return write_fixtures(tmp_path_factory.mktemp("import-fixtures"))

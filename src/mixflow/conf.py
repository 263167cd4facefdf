"""Configuration read from the environment, before Django starts.

Kept free of Django so that the CLI can resolve the data directory and database before it
configures settings.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

TRUE_WORDS = {"1", "true", "yes", "on"}


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in TRUE_WORDS


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def data_dir() -> Path:
    """The directory holding the embedded database, the secret key and uploaded files."""
    return Path(os.environ.get("MIXFLOW_DATA_DIR") or "mixflow-data").resolve()


def secret_key(directory: Path) -> str:
    """The secret key from the environment, else the one generated on first run.

    The generated key lives in the data directory (mode 0600), never in the repository, so each
    installation has its own and a restart keeps sessions valid.
    """
    from_env = os.environ.get("MIXFLOW_SECRET_KEY")
    if from_env:
        return from_env
    path = directory / "secret_key"
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    directory.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    # O_EXCL: two processes starting at once must not each write a different key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key)
    return key

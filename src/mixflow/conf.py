"""Configuration read from the environment, before Django starts.

Kept free of Django so that the CLI can resolve the data directory and database before it
configures settings.
"""

from __future__ import annotations

import base64
import os
import secrets
from collections.abc import Callable
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


def _new_fernet_key() -> str:
    # A Fernet key is 32 random bytes, URL-safe base64: made here without importing
    # ``cryptography``, so that settings stay quick to load.
    return base64.urlsafe_b64encode(os.urandom(32)).decode("ascii")


def _key_lines(path: Path, make: Callable[[], str]) -> list[str]:
    """The keys in ``path``, one a line, newest first; the file is created (mode 0600) with one
    fresh key when missing. O_EXCL: two processes starting at once must not each write one."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w", encoding="ascii") as handle:
                handle.write(make() + "\n")
    return [line.strip() for line in path.read_text(encoding="ascii").splitlines() if line.strip()]


FIELD_KEYS_FILE = "field_keys"
INDEX_KEY_FILE = "index_key"


def field_keys(directory: Path) -> list[str]:
    """The keys that encrypt sensitive fields, the current one first; older ones still decrypt.

    ``MIXFLOW_FIELD_KEYS`` (comma-separated) wins; otherwise ``field_keys`` in the data
    directory, generated on first run like the secret key. Never in the database nor the
    repository: a copy of the database alone reveals no sensitive value.
    """
    from_env = env_list("MIXFLOW_FIELD_KEYS", [])
    if from_env:
        return from_env
    return _key_lines(directory / FIELD_KEYS_FILE, _new_fernet_key)


def index_key(directory: Path) -> str:
    """The key of the blind indexes (keyed hashes that let encrypted values be looked up).

    Separate from the field keys: whoever holds it can test guesses against an index, not read
    a value. ``MIXFLOW_INDEX_KEY`` wins; otherwise ``index_key`` in the data directory.
    """
    from_env = os.environ.get("MIXFLOW_INDEX_KEY")
    if from_env:
        return from_env.strip()
    return _key_lines(directory / INDEX_KEY_FILE, lambda: secrets.token_urlsafe(32))[0]

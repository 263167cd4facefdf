"""A pytest plugin: each pytest-xdist worker keeps its files in its own data directory.

The data directory holds the secret and field keys, uploaded files and the flows' DuckDB
snapshots; two workers sharing one would rotate each other's keys or read each other's files.
The settings read ``MIXFLOW_DATA_DIR`` when Django starts, which pytest-django does before any
conftest is loaded, so this runs as a plugin named in ``addopts``: its module body runs while
pytest parses its options, after xdist has named the worker and before Django starts.
"""

from __future__ import annotations

import os
from pathlib import Path

_worker = os.environ.get("PYTEST_XDIST_WORKER")
if _worker:
    _base = Path(os.environ.get("MIXFLOW_DATA_DIR") or "mixflow-data").resolve()
    os.environ["MIXFLOW_DATA_DIR"] = str(_base / _worker)

"""A background task for the worker tests: it says it started, then waits for the test."""

from __future__ import annotations

import os
import time
from pathlib import Path

from django_tasks import task


@task()
def wait_for_release(directory: str) -> None:
    folder = Path(directory)
    (folder / f"started-{os.getpid()}").write_text("")
    while not (folder / "release").exists():
        time.sleep(0.05)
    (folder / "done").write_text(str(os.getpid()))

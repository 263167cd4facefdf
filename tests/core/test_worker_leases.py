"""Background tasks survive a killed worker: a task left RUNNING by a worker whose heartbeat
stopped is run again by the next worker; a live worker's task is never taken from it."""

from __future__ import annotations

import datetime
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from mixflow.core.models import WorkerHeartbeat
from mixflow.core.worker_actions import requeue_abandoned
from tests.test_cli import _environment, _mixflow

PATIENCE_SECONDS = 180
"""How long the test waits for a worker before failing (a bound, not a measurement)."""


def _until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + PATIENCE_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting: {what}")
        time.sleep(0.2)


def _task(status: str, worker: str) -> DBTaskResult:
    now = timezone.now()
    return DBTaskResult.objects.create(
        status=status,
        enqueued_at=now,
        started_at=now,
        run_after=now,
        args_kwargs={"args": [], "kwargs": {}},
        task_path="tests.core.slow_tasks.wait_for_release",
        backend_name="default",
        worker_ids=[worker],
        exception_class_path="",
        traceback="",
    )


def test_only_tasks_of_workers_whose_lease_ran_out_are_queued_again(db: Any) -> None:
    now = timezone.now()
    WorkerHeartbeat.objects.create(worker_id="alive", last_seen=now)
    WorkerHeartbeat.objects.create(worker_id="dead", last_seen=now - datetime.timedelta(hours=1))
    alive = _task(TaskResultStatus.RUNNING, "alive")
    dead = _task(TaskResultStatus.RUNNING, "dead")
    foreign = _task(TaskResultStatus.RUNNING, "never-beat")  # another tool's worker
    assert requeue_abandoned(lease=datetime.timedelta(minutes=1)) == [str(dead.pk)]
    statuses = {r.pk: r.status for r in DBTaskResult.objects.all()}
    assert statuses == {
        alive.pk: TaskResultStatus.RUNNING,
        dead.pk: TaskResultStatus.READY,
        foreign.pk: TaskResultStatus.RUNNING,
    }
    assert not WorkerHeartbeat.objects.filter(worker_id="dead").exists()


@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="uses its own SQLite data dir")
def test_a_task_whose_worker_is_killed_is_run_by_the_next_worker(tmp_path: Path) -> None:
    env = {"MIXFLOW_DATA_DIR": str(tmp_path / "data"), "MIXFLOW_WORKER_LEASE_SECONDS": "2"}
    assert _mixflow("manage", "migrate", env=env).returncode == 0
    folder = tmp_path / "signals"
    folder.mkdir()
    enqueue = (
        "from tests.core.slow_tasks import wait_for_release;"
        f"print(wait_for_release.enqueue({str(folder)!r}).id)"
    )
    queued = _mixflow("manage", "shell", "-c", enqueue, env=env)
    assert queued.returncode == 0, queued.stderr
    task_id = queued.stdout.strip().splitlines()[-1]

    def worker() -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [sys.executable, "-m", "mixflow", "worker"],
            env=_environment(env),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    first = worker()
    try:
        _until(lambda: any(folder.glob("started-*")), "the first worker to start the task")
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
    finally:
        first.kill()
    (folder / "release").write_text("")
    second = worker()
    try:
        _until(lambda: (folder / "done").exists(), "the next worker to run the task")
        assert (folder / "done").read_text() == str(second.pid)
        check = (
            "from django_tasks_db.models import DBTaskResult;"
            f"r = DBTaskResult.objects.get(pk={task_id!r}); print(r.status, len(r.worker_ids))"
        )

        def finished() -> bool:
            shown = _mixflow("manage", "shell", "-c", check, env=env).stdout.strip()
            return shown.splitlines()[-1] == "SUCCESSFUL 2" if shown else False

        _until(finished, "the task to be recorded as done by the second worker")
    finally:
        second.terminate()
        second.wait(timeout=60)

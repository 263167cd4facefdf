"""``mixflow worker``: django-tasks' database worker, made to survive.

- A heartbeat thread renews this worker's lease every few seconds and hands on the tasks of
  workers whose lease ran out (``core.worker_actions``), so a task whose worker was killed is
  run again by the next worker.
- "database is locked" (SQLite, while ``mixflow import`` or another writer holds the lock
  longer than the busy timeout) never stops the worker: it waits and goes on.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import threading
import time
from datetime import timedelta

LOG = logging.getLogger("mixflow.worker")
LOCKED_PAUSE_SECONDS = 2.0


def lease() -> timedelta:
    return timedelta(seconds=float(os.environ.get("MIXFLOW_WORKER_LEASE_SECONDS", "60")))


def _keep_alive(worker_id: str, stopping: threading.Event) -> None:
    from django.db import OperationalError, close_old_connections, connection

    from mixflow.core.worker_actions import beat, requeue_abandoned

    every = max(0.5, lease().total_seconds() / 4)
    while not stopping.is_set():
        try:
            close_old_connections()
            beat(worker_id=worker_id)
            for task_id in requeue_abandoned(lease=lease()):
                LOG.warning("Task %s was left by a worker that stopped: queued again", task_id)
        except OperationalError as error:  # locked: the next beat will do
            LOG.info("Heartbeat skipped: %s", error)
        stopping.wait(every)
    connection.close()


def run_worker(*, batch: bool) -> None:
    from django.db import OperationalError
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.utils import is_locked_database_exception

    from mixflow.core.worker_actions import stop

    worker_id = f"{socket.gethostname()}-{os.getpid()}"[:64]
    stopping = threading.Event()
    heart = threading.Thread(target=_keep_alive, args=(worker_id, stopping), daemon=True)
    heart.start()
    worker = Worker(
        queue_names=["*"],
        interval=1,
        batch=batch,
        backend_name="default",
        startup_delay=not batch,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )
    worker.configure_signals()
    try:
        while True:
            try:
                worker.run()
                return
            except OperationalError as error:
                if not is_locked_database_exception(error):
                    raise
                LOG.warning("The database is locked; trying again: %s", error)
                time.sleep(LOCKED_PAUSE_SECONDS)
    finally:
        stopping.set()
        heart.join(timeout=10)
        with contextlib.suppress(OperationalError):  # else its lease runs out by itself
            stop(worker_id=worker_id)

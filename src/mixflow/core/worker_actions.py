"""Leases of background tasks: heartbeats of the workers, and tasks handed on when their worker
died.

django-tasks' database worker marks a task RUNNING with its worker's id and nothing ever
revisits it: a worker killed mid-task (out of memory, a reboot, ``kill -9``) left an import
"Importing" for ever. Each ``mixflow worker`` now renews a heartbeat every few seconds; a task
RUNNING under a worker whose heartbeat is older than the lease is put back to READY, and the
next worker runs it again (imports resume from their last whole chunk). Tasks of workers that
never kept a heartbeat (another tool's) are left alone.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from mixflow.core.models import WorkerHeartbeat


def beat(*, worker_id: str) -> None:
    """Renew ``worker_id``'s heartbeat (the worker itself, from its heartbeat thread)."""
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id, defaults={"last_seen": timezone.now()}
    )


def stop(*, worker_id: str) -> None:
    """A worker stopping cleanly forgets its heartbeat."""
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


@transaction.atomic
def requeue_abandoned(*, lease: datetime.timedelta) -> list[str]:
    """Put back to READY every RUNNING task whose worker's heartbeat is older than ``lease``;
    return their ids. The dead workers' heartbeats are removed."""
    stale = timezone.now() - lease
    dead = set(
        WorkerHeartbeat.objects.filter(last_seen__lt=stale).values_list("worker_id", flat=True)
    )
    if not dead:
        return []
    requeued = []
    for result in DBTaskResult.objects.select_for_update().filter(status=TaskResultStatus.RUNNING):
        if result.worker_ids and result.worker_ids[-1] in dead:
            result.status = TaskResultStatus.READY
            result.started_at = None
            result.save(update_fields=["status", "started_at"])
            requeued.append(str(result.pk))
    WorkerHeartbeat.objects.filter(worker_id__in=dead).delete()
    return requeued

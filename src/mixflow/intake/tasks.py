"""Background work of the intake app (run by ``mixflow worker`` / the demo's worker)."""

from __future__ import annotations

from django_tasks import task

from mixflow.accounts.actors import Actor
from mixflow.core.actors import SystemActor
from mixflow.intake.import_batch_actions import run_batch
from mixflow.intake.models import ImportBatch

IMPORT_TASK = "import task"


def import_actor(batch: ImportBatch) -> Actor:
    """Who a queued import acts as: the person who uploaded the file, so that its rows are
    theirs and their permission still holds when it runs; a batch started by a command without
    ``--user`` runs as the import task, for the batch's organisation only."""
    if batch.uploaded_by is not None:
        return batch.uploaded_by
    return SystemActor(IMPORT_TASK, organisation_id=batch.organisation_id)


@task()
def import_batch(batch_id: int) -> None:
    """Import (or resume) one uploaded file."""
    batch = (
        ImportBatch.objects.select_related(
            "version__questionnaire", "organisation", "uploaded_by", "site"
        )
        .filter(pk=batch_id)
        .first()
    )
    if batch is None or batch.status == ImportBatch.Status.DONE:
        return  # cancelled before the worker came to it, or finished
    run_batch(batch, actor=import_actor(batch))

"""Background work of the intake app (run by ``mixflow worker`` / the demo's worker)."""

from __future__ import annotations

from django_tasks import task

from mixflow.intake.imports import run_import
from mixflow.intake.models import ImportBatch


@task()
def import_batch(batch_id: int) -> None:
    """Import (or resume) one uploaded file."""
    batch = ImportBatch.objects.select_related("version__questionnaire", "organisation").get(
        pk=batch_id
    )
    if batch.status != ImportBatch.Status.DONE:
        run_import(batch)

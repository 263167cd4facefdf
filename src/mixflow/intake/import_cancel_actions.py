"""Cancelling an import that was read but never started (issue 12): the batch and the file it
kept go; nothing had been imported from it, so nothing else changes."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext

from mixflow.accounts.actors import Actor
from mixflow.core import audit
from mixflow.intake.compiled_forms import check_may_import
from mixflow.intake.import_actions import MappingRefused
from mixflow.intake.import_batch_actions import imports_dir
from mixflow.intake.models import ImportBatch


@transaction.atomic
def cancel_import(*, actor: Actor, batch: ImportBatch) -> None:
    """Drop a waiting batch (``MappingRefused`` once it has started: its rows are accounted)."""
    check_may_import(actor, batch.version, batch.site)
    locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if locked.status != ImportBatch.Status.PENDING or locked.rows_done:
        raise MappingRefused(
            [gettext("This import has already started: it can no longer be cancelled.")]
        )
    stored = Path(locked.stored_file)
    with audit.acting_as(actor):
        locked.delete()
    # Files are stored by content: another batch of the same file keeps it.
    shared = ImportBatch.objects.filter(stored_file=locked.stored_file).exists()
    if not shared and stored.resolve().is_relative_to(imports_dir().resolve()):
        transaction.on_commit(lambda: stored.unlink(missing_ok=True))

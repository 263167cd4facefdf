from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class LoadedDataset(models.Model):
    """A dataset loaded in bulk, so that loading it again changes nothing."""

    fingerprint = models.CharField(max_length=64, unique=True)
    source = models.CharField(_("source"), max_length=500)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)
    summary = models.JSONField(_("summary"), default=dict)

    class Meta:
        verbose_name = _("loaded dataset")
        verbose_name_plural = _("loaded datasets")

    def __str__(self) -> str:
        return f"{self.source} ({self.loaded_at:%Y-%m-%d})"


class WorkerHeartbeat(models.Model):
    """A background worker's sign of life, renewed every few seconds: a task still "running"
    under a worker whose heartbeat has stopped for longer than the lease was left by a killed
    worker, and is handed to the next one (``core.worker_actions.requeue_abandoned``)."""

    worker_id = models.CharField(max_length=64, unique=True)
    last_seen = models.DateTimeField()
    started_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return self.worker_id

"""The one write to the audit log that is not an entry of its own: redacting the values kept
in the entries of erased rows (``core.audit`` re-exports it as ``audit.redact``)."""

from __future__ import annotations

from collections.abc import Collection

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model

ERASED = "(erased)"


def redact(model: type[Model], pks: Collection[object]) -> int:
    """Blank the values kept in the entries of ``model``'s rows ``pks`` (erasure): each entry
    keeps who did what and when, and which fields changed, never what they held."""
    if not pks:
        return 0
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    entries = LogEntry.objects.filter(
        content_type=content_type, object_pk__in=[str(pk) for pk in pks]
    ).exclude(changes=None)
    redacted = 0
    for pk, changes in list(entries.values_list("pk", "changes")):
        names = changes if isinstance(changes, dict) else {}
        # A queryset update: no signal, so the entry is not itself logged anew.
        LogEntry.objects.filter(pk=pk).update(
            changes={name: [ERASED, ERASED] for name in names},
            changes_text="",
            serialized_data=None,
        )
        redacted += 1
    return redacted

"""Intake's record types under retention (registered with
``protection.retention_actions.use_expirer``): each takes an organisation, a cut-off and
whether this is a dry run, and returns how many rows expired (or would)."""

from __future__ import annotations

import datetime

from django.db.models import Q

from mixflow.core import audit
from mixflow.intake.models import QuarantinedRow, SensitiveDetails, Submission, SubmissionAttachment


def expire_submissions(organisation_id: int, before: datetime.datetime, dry_run: bool) -> int:
    """Submissions received before the cut-off lose their raw answers and attachments (the
    person, encounter and counts they wrote stay)."""
    rows = Submission.objects.filter(
        organisation_id=organisation_id, received_at__lt=before
    ).filter(~Q(answers={}) | ~Q(unmapped={}) | Q(attachments__isnull=False))
    ids = list(rows.values_list("pk", flat=True).distinct())
    if dry_run or not ids:
        return len(ids)
    attachments = SubmissionAttachment.objects.filter(submission_id__in=ids)
    gone = list(attachments.values_list("pk", flat=True))
    attachments.delete()
    Submission.objects.filter(pk__in=ids).update(answers={}, unmapped={})
    audit.redact(SubmissionAttachment, gone)
    audit.redact(Submission, ids)
    return len(ids)


def expire_sensitive_details(organisation_id: int, before: datetime.datetime, dry_run: bool) -> int:
    """Sensitive details of encounters that took place before the cut-off are deleted."""
    rows = SensitiveDetails.objects.filter(
        encounter__organisation_id=organisation_id, encounter__occurred_on__lt=before.date()
    )
    ids = list(rows.values_list("pk", flat=True))
    if not dry_run and ids:
        rows.delete()
        audit.redact(SensitiveDetails, ids)
    return len(ids)


def expire_quarantined_rows(organisation_id: int, before: datetime.datetime, dry_run: bool) -> int:
    """Rows quarantined by imports started before the cut-off are deleted."""
    rows = QuarantinedRow.objects.filter(
        batch__organisation_id=organisation_id, batch__created_at__lt=before
    )
    ids = list(rows.values_list("pk", flat=True))
    if not dry_run and ids:
        rows.delete()
        audit.redact(QuarantinedRow, ids)
    return len(ids)

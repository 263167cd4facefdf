"""Intake's part of erasure (registered with ``protection.erasure_actions.use_eraser``): the
submissions of the persons lose their raw answers, kept values and attachments, their
quarantined rows and their encounters' sensitive details go. Encounters stay (their journey is
what flows counts) without their source reference."""

from __future__ import annotations

from django.db.models import Q

from mixflow.core import audit
from mixflow.intake.models import (
    Encounter,
    QuarantinedRow,
    SensitiveDetails,
    Submission,
    SubmissionAttachment,
)


def erase_intake(person_ids: list[int]) -> None:
    encounters = list(
        Encounter.objects.filter(person_id__in=person_ids).values_list("pk", flat=True)
    )
    submissions = Submission.objects.filter(
        Q(person_id__in=person_ids) | Q(encounter_id__in=encounters)
    )
    submission_ids = list(submissions.values_list("pk", flat=True))
    for model, rows in (
        (SensitiveDetails, SensitiveDetails.objects.filter(encounter_id__in=encounters)),
        (
            SubmissionAttachment,
            SubmissionAttachment.objects.filter(submission_id__in=submission_ids),
        ),
        (QuarantinedRow, QuarantinedRow.objects.filter(submission_id__in=submission_ids)),
    ):
        pks = list(rows.values_list("pk", flat=True))
        rows.delete()
        audit.redact(model, pks)
    Submission.objects.filter(pk__in=submission_ids).update(answers={}, unmapped={})
    Encounter.objects.filter(pk__in=encounters).update(source_ref="")
    audit.redact(Submission, submission_ids)
    audit.redact(Encounter, encounters)

"""Scoped reads of encounters, sensitive details and flow counts."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from mixflow.core import audit
from mixflow.core.roles import Capability
from mixflow.core.scoping import scope_of, scoped
from mixflow.identity.models import Person
from mixflow.intake.answer_checks import validate
from mixflow.intake.compiled_forms import (
    UnknownVersion,
    can_fill,
    can_import,
    compiled,
    question_labels,
    version_to_use,
)
from mixflow.intake.importing.errors import ImportFileError
from mixflow.intake.importing.readers import open_table
from mixflow.intake.models import (
    Encounter,
    FlowCount,
    FormMedia,
    ImportBatch,
    MappingPreset,
    QuarantinedRow,
    Questionnaire,
    QuestionnaireVersion,
    SensitiveDetails,
    Submission,
    SubmissionAttachment,
)
from mixflow.intake.submission_exports import ExportedSubmission, Table, export_tables
from mixflow.intake.xlsform.mapping_carry import CarryReport, carry_report
from mixflow.lib.vocabularies import ConsentPurpose
from mixflow.protection.consent import may_share


def encounters_for(user: Any) -> QuerySet[Encounter]:
    return scoped(user, Encounter).select_related("site", "organisation")


def timeline_of(user: Any, person: Person) -> QuerySet[Encounter]:
    """The person's encounters the user may see, oldest first: their route as told."""
    return encounters_for(user).filter(person=person).order_by("occurred_on", "id")


def sensitive_details_for(
    user: Any, encounters: Iterable[Encounter]
) -> dict[int, SensitiveDetails]:
    """Sensitive answers of these encounters, by encounter id, if the user may read them.

    Each read is logged, one entry per encounter whose details were shown.
    """
    if not scope_of(user).can(Capability.VIEW_SENSITIVE):
        return {}
    ids = [encounter.pk for encounter in encounters]
    details = {
        d.encounter_id: d for d in scoped(user, SensitiveDetails).filter(encounter_id__in=ids)
    }
    for detail in details.values():
        audit.record_access(user, detail)
    return details


def flow_counts_for(user: Any) -> QuerySet[FlowCount]:
    return scoped(user, FlowCount).select_related("site")


def flow_count_for(user: Any, pk: int) -> FlowCount | None:
    return flow_counts_for(user).filter(pk=pk).first()


def questionnaires_listed_for(user: Any) -> QuerySet[Questionnaire]:
    """The questionnaires the user may see, by title, each with its versions prefetched newest
    first (without their files: a listing never needs them)."""
    versions = QuestionnaireVersion.objects.defer("xlsform", "xform").order_by(
        "-uploaded_at", "-id"
    )
    return (
        scoped(user, Questionnaire)
        .prefetch_related(Prefetch("versions", queryset=versions))
        .order_by("title", "id")
    )


# Questionnaires, imports and what the pipeline decides (for the web, API, OpenRosa and CLI).

ImportStatus = ImportBatch.Status
RowStatus = QuarantinedRow.Status


def questionnaires_for(user: Any) -> QuerySet[Questionnaire]:
    return scoped(user, Questionnaire)


def questionnaire_for(user: Any, questionnaire_id: int) -> Questionnaire | None:
    return questionnaires_for(user).filter(pk=questionnaire_id).first()


def form_media_of(version: QuestionnaireVersion) -> QuerySet[FormMedia]:
    """The files attached to a version the caller has already found in the user's scope."""
    return FormMedia.objects.filter(version=version).order_by("name")


def versions_for(user: Any) -> QuerySet[QuestionnaireVersion]:
    return scoped(user, QuestionnaireVersion).select_related("questionnaire")


def questionnaires_with_form_id(
    form_id: str, organisation_code: str = ""
) -> QuerySet[Questionnaire]:
    """Every organisation's questionnaires with this form id (for the command line, whose
    operator names the organisation)."""
    found = Questionnaire.objects.filter(form_id=form_id).select_related("organisation")
    if organisation_code:
        found = found.filter(organisation__code=organisation_code)
    return found


def all_questionnaires(organisation_code: str = "") -> QuerySet[Questionnaire]:
    found = Questionnaire.objects.select_related("organisation").order_by(
        "organisation__code", "form_id"
    )
    if organisation_code:
        found = found.filter(organisation__code=organisation_code)
    return found


def batches_for(user: Any) -> QuerySet[ImportBatch]:
    return scoped(user, ImportBatch).select_related("version__questionnaire", "site")


def batch_for(user: Any, batch_id: int) -> ImportBatch | None:
    return batches_for(user).filter(pk=batch_id).first()


def presets_for(user: Any, questionnaire: Questionnaire) -> QuerySet[MappingPreset]:
    return scoped(user, MappingPreset).filter(questionnaire=questionnaire)


def preset_named(user: Any, questionnaire: Questionnaire, name: str) -> MappingPreset | None:
    return presets_for(user, questionnaire).filter(name=name).first()


def may_read_quarantine(user: Any, batch: ImportBatch) -> bool:
    """Quarantined rows hold the file's raw cells: whoever may import the batch reads them, and
    rows of a form that registers people (names, dates of birth) need ``view_persons`` too."""
    if not can_import(user, batch.version, batch.site):
        return False
    if not compiled(batch.version).creates_person:
        return True
    scope = scope_of(user)
    if batch.site_id is None:
        return scope.can(Capability.VIEW_PERSONS)
    return scope.can_at_site(Capability.VIEW_PERSONS, batch.site_id)


def _quarantine_of(user: Any, batch: ImportBatch) -> QuerySet[QuarantinedRow]:
    rows = scoped(user, QuarantinedRow).filter(batch=batch)
    return rows if may_read_quarantine(user, batch) else rows.none()


def open_rows_for(user: Any, batch: ImportBatch, column: str = "") -> QuerySet[QuarantinedRow]:
    """The rows waiting for a correction; with ``column``, only those with a problem there."""
    rows = _quarantine_of(user, batch).filter(status=QuarantinedRow.Status.OPEN)
    return rows.filter(errors__has_key=column) if column else rows


def problem_columns(user: Any, batch: ImportBatch) -> list[tuple[str, int]]:
    """Each column with a problem in the open rows, and how many rows have one there, the
    most frequent first: what a person correcting a file fixes column by column."""
    counts: Counter[str] = Counter()
    for errors in open_rows_for(user, batch).values_list("errors", flat=True):
        counts.update(list(errors or {}))
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def quarantined_row_for(user: Any, batch: ImportBatch, row_id: int) -> QuarantinedRow | None:
    return (
        _quarantine_of(user, batch)
        .filter(pk=row_id)
        .select_related("batch__version__questionnaire")
        .first()
    )


def file_columns(batch: ImportBatch) -> list[str]:
    """The header of the batch's stored file, in the file's order (empty if it is gone)."""
    try:
        return list(open_table(Path(batch.stored_file), batch.file_name).columns)
    except (ImportFileError, OSError):
        return []


__all__ = [
    "ImportStatus",
    "RowStatus",
    "UnknownVersion",
    "can_fill",
    "can_import",
    "compiled",
    "question_labels",
    "validate",
    "version_to_use",
]


# Exports of a questionnaire's submissions (personal data: permissioned, logged, consented).


def export_submissions(
    user: Any, questionnaire: Questionnaire, *, labels: bool, lang: str
) -> tuple[list[Table], int]:
    """The user's scoped submissions of ``questionnaire`` as export tables (columns of its
    current version), and how many were held back because the one consent decision refuses
    processing of the person (a restriction, a withheld organisation). The export is logged."""
    version = questionnaire.current_version()
    if version is None:
        return [], 0
    organisation_id = questionnaire.organisation_id
    rows: list[ExportedSubmission] = []
    held_back = 0
    people: dict[int, bool] = {}
    submissions = (
        scoped(user, Submission)
        .filter(version__questionnaire=questionnaire)
        .select_related("site", "person")
        .order_by("received_at", "id")
    )
    for submission in submissions.iterator(chunk_size=2000):
        person = submission.person
        if person is not None:
            if person.pk not in people:
                people[person.pk] = may_share(
                    person=person,
                    recipient_organisation_id=organisation_id,
                    purpose=ConsentPurpose.SHARE_WITH_ORGANISATION,
                ).allowed
            if not people[person.pk]:
                held_back += 1
                continue
        rows.append(
            ExportedSubmission(
                number=submission.pk,
                instance_id=submission.instance_id,
                received_at=submission.received_at,
                site=submission.site.code if submission.site else "",
                answers=submission.answers,
            )
        )
    tables = export_tables(compiled(version).form, rows, labels=labels, lang=lang)
    audit.record_access(
        user, questionnaire, export=len(rows), held_back=held_back, labels=labels, lang=lang
    )
    return tables, held_back


def flow_counts_recorded_by(user: Any, since: datetime.datetime) -> QuerySet[FlowCount]:
    """The flow counts ``user`` recorded, observed since ``since``: an enumerator's own work."""
    return (
        flow_counts_for(user)
        .filter(recorded_by_id=getattr(user, "pk", None), observed_at__gte=since)
        .select_related("site")
    )


def batches_matching(user: Any, status: str = "", file_name: str = "") -> QuerySet[ImportBatch]:
    """The imports page's list: the user's batches, of one status and file name if asked."""
    batches = batches_for(user)
    if status in ImportBatch.Status.values:
        batches = batches.filter(status=status)
    if file_name.strip():
        batches = batches.filter(file_name__icontains=file_name.strip()[:100])
    return batches


def submission_for(user: Any, submission_id: int) -> Submission | None:
    """One submission the user may read (``view_persons`` at its site), with its form."""
    return (
        scoped(user, Submission)
        .select_related("version__questionnaire", "site", "person")
        .filter(pk=submission_id)
        .first()
    )


def attachments_of(
    user: Any, *, submission: Submission | None = None, person: Any = None
) -> QuerySet[SubmissionAttachment]:
    """The files of one submission, or of every submission about ``person``, that the user
    may read; without their bytes (``attachment_for`` reads one to download it)."""
    found = scoped(user, SubmissionAttachment).defer("data").select_related("submission")
    if submission is not None:
        found = found.filter(submission=submission)
    if person is not None:
        found = found.filter(submission__person=person)
    return found.order_by("-submission__received_at", "name")


def attachment_for(user: Any, attachment_id: int) -> SubmissionAttachment | None:
    return (
        scoped(user, SubmissionAttachment)
        .select_related("submission__person")
        .filter(pk=attachment_id)
        .first()
    )


def mapping_carried(version: QuestionnaireVersion) -> CarryReport | None:
    """What ``version`` kept of the previous version's mapping, and what it still lacks."""
    previous = (
        version.questionnaire.versions.filter(
            Q(uploaded_at__lt=version.uploaded_at)
            | Q(uploaded_at=version.uploaded_at, pk__lt=version.pk)
        )
        .order_by("-uploaded_at", "-id")
        .first()
    )
    if previous is None:
        return None
    return carry_report(
        compiled(previous).form,
        previous.mapping or {},
        compiled(version).form,
        version.mapping or {},
        previous.version,
    )

"""The steps of an import, shared by the import pages and ``mixflow import``.

start → (apply a preset, check the mapping, save it as a preset) → run (or resume) → correct
or set aside the quarantined rows. Each step checks that the actor may import into the
questionnaire (``import_data``, plus ``register_persons`` for forms that create persons) at the
batch's site, and leaves its audit entry in the same transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from mixflow.accounts.actors import Actor
from mixflow.core import audit
from mixflow.geo.models import Location
from mixflow.intake.compiled_forms import (
    check_may_import,
    compiled,
    question_labels,
    version_to_use,
)
from mixflow.intake.import_batch_actions import (
    Progress,
    column_errors,
    create_batch,
    preview,
    row_answers,
    run_batch,
    store_upload,
)
from mixflow.intake.import_dates import dates_to_ask, typed_date
from mixflow.intake.importing.errors import ImportFileError
from mixflow.intake.models import (
    ImportBatch,
    MappingPreset,
    QuarantinedRow,
    Questionnaire,
    Submission,
)
from mixflow.intake.said import reason_of, stored_all
from mixflow.intake.submission_actions import receive_submission
from mixflow.intake.submission_sites import SITE_FIELD
from mixflow.intake.tasks import import_batch


class MappingRefused(ValueError):
    """A column mapping that cannot be used, with each reason."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons


def _check(actor: Actor, batch: ImportBatch) -> None:
    check_may_import(actor, batch.version, batch.site)


@transaction.atomic
def start_import(
    *,
    actor: Actor,
    questionnaire: Questionnaire,
    source: IO[bytes],
    file_name: str,
    site: Location | None = None,
    language: str = "en",
) -> ImportBatch:
    """Store the file, read its header and propose a mapping: a batch waiting to be started.

    The rows answer the questionnaire's current version. ``ImportFileError`` when the file
    cannot be read (nothing is kept); ``PermissionDenied`` when the actor may not import it.
    """
    version = version_to_use(questionnaire)
    check_may_import(actor, version, site)
    stored, sha, _size = store_upload(source, file_name)
    try:
        proposed = preview(stored, file_name, version)
    except ImportFileError:
        stored.unlink(missing_ok=True)
        raise
    return create_batch(
        actor=actor,
        organisation=questionnaire.organisation,
        version=version,
        path=stored,
        file_name=file_name,
        sha256=sha,
        site=site,
        mapping=proposed.mapping,
        language=language,
    )


def _checked_mapping(
    batch: ImportBatch, mapping: Mapping[str, str | None]
) -> dict[str, str | None]:
    """The batch's columns mapped as asked: unknown questions and two columns on one question
    are refused; a column of the file not named stays unmapped."""
    names, _labels = question_labels(batch.version)
    known = set(names)
    reasons: list[str] = []
    checked: dict[str, str | None] = {}
    for column in batch.mapping:
        question = mapping.get(column) or None
        if question is not None and question not in known:
            reasons.append(_("Unknown question “%(name)s”.") % {"name": question})
        checked[column] = question
    taken = [q for q in checked.values() if q]
    if len(taken) != len(set(taken)):
        reasons.append(_("Two columns are mapped to the same question."))
    if reasons:
        raise MappingRefused(reasons)
    return checked


def _still_pending(batch: ImportBatch) -> None:
    if batch.status != ImportBatch.Status.PENDING:
        raise MappingRefused([_("This import has already started: its mapping is kept.")])


def _checked_dates(batch: ImportBatch, dates: Mapping[str, str]) -> dict[str, str]:
    """The dates typed for every row, for date questions the form has; a value that is not a
    date is refused (an empty one means "from the file")."""
    names = {q.name: q for q in compiled(batch.version).form.questions()}
    checked: dict[str, str] = {}
    reasons: list[str] = []
    for name, value in dates.items():
        question = names.get(name)
        if question is None or not value.strip():
            continue
        date = typed_date(value)
        if date is None:
            reasons.append(
                _("“%(value)s” is not a date: type it as year-month-day, for example %(example)s.")
                % {"value": value, "example": "2026-11-30"}
            )
            continue
        checked[name] = date
    if reasons:
        raise MappingRefused(reasons)
    return checked


@transaction.atomic
def apply_mapping(
    *,
    actor: Actor,
    batch: ImportBatch,
    mapping: Mapping[str, str | None],
    dates: Mapping[str, str] | None = None,
) -> ImportBatch:
    """Use ``mapping`` (file column → question name) for the batch; ``MappingRefused`` if it
    names an unknown question or maps two columns to one question. ``dates``: question → the
    date that applies to every row, for a file without a date column (replaces those given
    before; a question whose column is mapped keeps the file's dates)."""
    _check(actor, batch)
    _still_pending(batch)
    checked = _checked_mapping(batch, mapping)
    fixed = batch.fixed_answers if dates is None else _checked_dates(batch, dates)
    mapped = set(checked.values())
    fixed = {name: value for name, value in fixed.items() if name not in mapped}
    with audit.acting_as(actor):
        batch.mapping = checked
        batch.fixed_answers = fixed
        batch.save(update_fields=["mapping", "fixed_answers"])
    return batch


def missing_dates(batch: ImportBatch, language: str = "en") -> list[tuple[str, str]]:
    """(question, label) of each date the file does not give and nobody typed yet."""
    form = compiled(batch.version).form
    return [
        (q.name, q.label_in(language))
        for q in dates_to_ask(form, batch.mapping.values(), batch.fixed_answers)
    ]


def _dates_known(batch: ImportBatch) -> None:
    """A date the file does not give is asked, never assumed to be today."""
    missing = missing_dates(batch, batch.language or "en")
    if missing:
        raise MappingRefused(
            [
                _(
                    "The file has no column for “%(question)s”: choose the column that holds "
                    "it, or type the date that applies to every row."
                )
                % {"question": label}
                for _name, label in missing
            ]
        )


@transaction.atomic
def apply_preset(*, actor: Actor, batch: ImportBatch, preset: MappingPreset) -> ImportBatch:
    """The preset's mapping for the columns it knows; the others keep their proposal."""
    _check(actor, batch)
    if preset.questionnaire_id != batch.version.questionnaire_id:
        raise MappingRefused([_("This preset belongs to another questionnaire.")])
    mapping = {c: preset.mapping.get(c, q) for c, q in batch.mapping.items()}
    return apply_mapping(actor=actor, batch=batch, mapping=mapping)


@transaction.atomic
def save_preset(*, actor: Actor, batch: ImportBatch, name: str) -> MappingPreset:
    """Keep the batch's mapping under ``name`` for the next files of this questionnaire (a
    preset of the same name is replaced)."""
    _check(actor, batch)
    name = name.strip()[:100]
    if not name:
        raise MappingRefused([_("Give the preset a name.")])
    with audit.acting_as(actor):
        preset, _created = MappingPreset.objects.update_or_create(
            organisation=batch.organisation,
            questionnaire=batch.version.questionnaire,
            name=name,
            defaults={"mapping": {c: q for c, q in batch.mapping.items() if q}},
        )
    return preset


def queue_import(*, actor: Actor, batch: ImportBatch) -> None:
    """Have the worker import (or resume) the batch: pending, failed or stopped midway."""
    _check(actor, batch)
    if batch.status == ImportBatch.Status.DONE:
        return
    if batch.status == ImportBatch.Status.PENDING:
        _dates_known(batch)
    import_batch.enqueue(batch.pk)


def run_import(*, actor: Actor, batch: ImportBatch, progress: Progress | None = None) -> None:
    """Import (or resume importing) the batch now, as ``actor`` (the command line does)."""
    _check(actor, batch)
    if batch.status == ImportBatch.Status.PENDING:
        _dates_known(batch)
    run_batch(batch, actor=actor, progress=progress)


@dataclass(frozen=True)
class Correction:
    row: QuarantinedRow
    errors: Mapping[str, str]

    @property
    def ok(self) -> bool:
        return not self.errors


def _open(row: QuarantinedRow) -> None:
    if row.status != QuarantinedRow.Status.OPEN:
        raise MappingRefused([_("This row was already imported or set aside.")])


@transaction.atomic
def correct_row(
    *, actor: Actor, row: QuarantinedRow, values: Mapping[str, str], language: str = "en"
) -> Correction:
    """Import a quarantined row again with corrected values; the file's counts move with it."""
    batch = row.batch
    _check(actor, batch)
    _open(row)
    cleaned = {column: values.get(column, "") for column in row.values}
    answers = row_answers(batch, cleaned)
    try:
        outcome = receive_submission(
            actor=actor,
            questionnaire=batch.version.questionnaire,
            version=batch.version.version,
            answers=answers,
            channel=Submission.Channel.IMPORT,
            lang=language,
            site=batch.site,
            instance_id=row.instance_id,
            batch=batch,
            kept={c: v for c, v in cleaned.items() if not batch.mapping.get(c) and v != ""},
        )
    except PermissionDenied as refusal:
        errors: dict[str, str] = {SITE_FIELD: reason_of(refusal)}
    else:
        errors = column_errors(outcome.errors, batch.mapping)
        if SITE_FIELD in outcome.errors:
            errors[SITE_FIELD] = outcome.errors[SITE_FIELD]
    with audit.acting_as(actor):
        row.values = cleaned
        if errors:
            row.errors = stored_all(errors)
            row.save(update_fields=["values", "errors"])
            return Correction(row, errors)
        row.errors = {}
        row.status = QuarantinedRow.Status.IMPORTED
        row.submission = outcome.submission
        row.save(update_fields=["values", "errors", "status", "submission"])
    ImportBatch.objects.filter(pk=batch.pk).update(
        quarantined=F("quarantined") - 1, imported=F("imported") + 1
    )
    return Correction(row, {})


@transaction.atomic
def set_aside(*, actor: Actor, row: QuarantinedRow) -> QuarantinedRow:
    """Discard a quarantined row: it stays counted as quarantined, and is not imported."""
    _check(actor, row.batch)
    _open(row)
    with audit.acting_as(actor):
        row.status = QuarantinedRow.Status.DISCARDED
        row.save(update_fields=["status"])
    return row

"""Bulk import: a file becomes submissions, or quarantined rows with the reason per cell.

Nothing is silently dropped: every data row of the file ends up counted exactly once as
imported, already present (its submission id, or the hash of its values, was received before)
or quarantined, and the report shows that the three add up to the rows in the file.

Rows are committed in chunks; the batch's ``rows_done`` moves in the same transaction as the
chunk, so a crash or a kill leaves whole chunks and a batch that resumes where it stopped.
The file is streamed: memory stays flat whatever its size.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from mixflow.accounts.actors import Actor, user_of
from mixflow.accounts.models import Organisation
from mixflow.conf import data_dir
from mixflow.core import audit
from mixflow.core.bulk import insert_many
from mixflow.geo.models import Location
from mixflow.intake.compiled_forms import check_may_import, compiled, question_labels
from mixflow.intake.import_dates import joined_date_times, spread
from mixflow.intake.importing.columns import suggest_mapping
from mixflow.intake.importing.errors import ImportFileError
from mixflow.intake.importing.fingerprint import fingerprint
from mixflow.intake.importing.readers import Row, Table, open_table
from mixflow.intake.models import (
    ImportBatch,
    QuarantinedRow,
    QuestionnaireVersion,
    Submission,
)
from mixflow.intake.said import reason_of, said, said_with, stored_all, stored_text
from mixflow.intake.submission_actions import Incoming, submit_many

CHUNK_ROWS = 500
CONTENT_ID = "row:"
"""How the instance id of a row without one of its own (a hash of its values) starts."""
Progress = Callable[[ImportBatch], None]


def imports_dir() -> Path:
    path = data_dir() / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


@dataclass(frozen=True)
class ImportPreview:
    """What the officer sees before starting: the detected format and the proposed mapping."""

    file_format: str
    encoding: str
    delimiter: str
    columns: list[str]
    mapping: dict[str, str | None]


def store_upload(source: IO[bytes], file_name: str) -> tuple[Path, str, int]:
    """Copy an upload into the data directory under its SHA-256 (streamed)."""
    digest = hashlib.sha256()
    tmp = imports_dir() / f".upload-{timezone.now().timestamp():.6f}"
    size = 0
    with tmp.open("wb") as out:
        while chunk := source.read(1 << 20):
            digest.update(chunk)
            out.write(chunk)
            size += len(chunk)
    sha = digest.hexdigest()
    final = imports_dir() / f"{sha}{Path(file_name).suffix.lower()[:10]}"
    shutil.move(tmp, final)
    return final, sha, size


def preview(path: Path, file_name: str, version: QuestionnaireVersion) -> ImportPreview:
    """Read the header: raises ``ImportFileError`` when the file cannot be read at all."""
    table = open_table(path, file_name)
    names, labels = question_labels(version)
    return ImportPreview(
        file_format=table.format,
        encoding=table.encoding,
        delimiter=table.delimiter,
        columns=list(table.columns),
        mapping=suggest_mapping(list(table.columns), names, labels),
    )


def create_batch(
    *,
    actor: Actor,
    organisation: Organisation,
    version: QuestionnaireVersion,
    path: Path,
    file_name: str,
    sha256: str,
    site: Location | None,
    mapping: Mapping[str, str | None],
    language: str = "en",
) -> ImportBatch:
    table = open_table(path, file_name)
    with audit.acting_as(actor):
        return ImportBatch.objects.create(
            organisation=organisation,
            version=version,
            site=site,
            file_name=file_name[:255],
            stored_file=str(path),
            file_sha256=sha256,
            file_format=table.format,
            encoding=table.encoding,
            delimiter=table.delimiter or "",
            mapping=dict(mapping),
            language=language,
            bytes_total=table.total_bytes,
            uploaded_by=user_of(actor),
        )


def row_answers(batch: ImportBatch, values: Mapping[str, str]) -> dict[str, str]:
    """A row's answers: its mapped cells, the dates typed for every row, and a date-time
    column split into the date and time the questionnaire asks apart."""
    answers = dict(batch.fixed_answers)
    for column, value in values.items():
        question = batch.mapping.get(column)
        if question and value != "":
            answers[question] = value
    return spread(answers, joined_date_times(compiled(batch.version).form))


def _kept(row: Row, mapping: Mapping[str, str | None]) -> dict[str, str]:
    """The row's columns mapped to no question, kept with the submission as the page says."""
    return {c: v for c, v in row.values.items() if not mapping.get(c) and v != ""}


def row_instance_id(table: Table, row: Row, form_id: str) -> str:
    own = table.submission_id(row)
    if own:
        return str(own)[:100]
    return CONTENT_ID + fingerprint({"__form__": form_id, **row.values})[:90]


def _waiting_in_quarantine(batch: ImportBatch, ids: list[str]) -> set[str]:
    """Rows already waiting to be corrected, read the same way: importing them again would only
    quarantine them twice. A row quarantined under another mapping or version is tried again
    ("already present" means imported, or waiting with the same reasons)."""
    waiting = QuarantinedRow.objects.filter(
        batch__organisation=batch.organisation,
        batch__version=batch.version,
        status=QuarantinedRow.Status.OPEN,
        instance_id__in=ids,
    ).values_list("instance_id", "batch__mapping")
    return {instance_id for instance_id, mapping in waiting if mapping == batch.mapping}


def column_errors(errors: Mapping[str, str], mapping: Mapping[str, str | None]) -> dict[str, str]:
    """Errors keyed by question become errors keyed by the file's column, as the user sees it."""
    by_question = {q: c for c, q in mapping.items() if q}
    out: dict[str, str] = {}
    for key, message in errors.items():
        question = key.split("[", 1)[0].split(".", 1)[0]
        out[by_question.get(question, key)] = message
    return out


def run_batch(batch: ImportBatch, *, actor: Actor, progress: Progress | None = None) -> None:
    """Import (or resume importing) ``batch`` as ``actor``; safe to call again after a crash.

    A batch the actor may not import fails with the reason (a queued task reports it there).
    """
    language = batch.language or "en"
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.RUNNING, error="")
    batch.refresh_from_db()
    try:
        with translation.override(language):
            check_may_import(actor, batch.version, batch.site)
            _run(batch, actor, language, progress)
    except (ImportFileError, PermissionDenied) as exc:
        # Kept as a message code, said in the language of whoever opens the batch.
        with translation.override(language):
            message = said_with(exc.message) if isinstance(exc, ImportFileError) else reason_of(exc)
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=ImportBatch.Status.FAILED,
            error=stored_text(message),
            finished_at=timezone.now(),
        )
        batch.refresh_from_db()
        return
    except BaseException:
        # Whole chunks are committed: say where it stopped so that the page offers to resume.
        batch.refresh_from_db()
        message = said(
            _(
                "The import stopped after row %(row)s. Nothing after it was written: resume to "
                "go on from there."
            ),
            language,
            row=batch.rows_done,
        )
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=ImportBatch.Status.FAILED, error=stored_text(message)
        )
        raise
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportBatch.Status.DONE, finished_at=timezone.now()
    )
    batch.refresh_from_db()
    if progress:
        progress(batch)


def _run(batch: ImportBatch, actor: Actor, language: str, progress: Progress | None) -> None:
    table = open_table(Path(batch.stored_file), batch.file_name)
    form_id = batch.version.questionnaire.form_id
    resume_after = batch.rows_done
    skipped = 0
    chunk: list[Row] = []

    def flush() -> None:
        with transaction.atomic():
            counts = _import_chunk(batch, table, chunk, form_id, actor, language)
            ImportBatch.objects.filter(pk=batch.pk).update(
                rows_done=F("rows_done") + len(chunk),
                imported=F("imported") + counts["imported"],
                already_present=F("already_present") + counts["already_present"],
                quarantined=F("quarantined") + counts["quarantined"],
                bytes_done=table.bytes_read(),
            )
        chunk.clear()
        batch.refresh_from_db()
        if progress:
            progress(batch)

    for row in table.rows():
        if skipped < resume_after:
            skipped += 1
            continue
        chunk.append(row)
        if len(chunk) >= CHUNK_ROWS:
            flush()
    if chunk:
        flush()
    ImportBatch.objects.filter(pk=batch.pk).update(
        rows_total=batch.rows_done, bytes_done=batch.bytes_total
    )


def _import_chunk(
    batch: ImportBatch, table: Table, rows: list[Row], form_id: str, actor: Actor, language: str
) -> dict[str, int]:
    """One chunk of rows: those seen before are counted, unreadable ones quarantined, the rest
    go through ``submit_many`` (the submission pipeline) and are quarantined if it refuses
    them."""
    counts = {"imported": 0, "already_present": 0, "quarantined": 0}
    ids = [row_instance_id(table, row, form_id) for row in rows]
    # An id computed from the row's values is its content: held already, it is the same row.
    # The survey tool's own id may come back with other content (a conflict): those rows go
    # through the pipeline, which tells the same submission from a reused id.
    by_content = [i for i in ids if i.startswith(CONTENT_ID)]
    seen = set(
        Submission.objects.filter(
            organisation=batch.organisation, instance_id__in=by_content
        ).values_list("instance_id", flat=True)
    ) | _waiting_in_quarantine(batch, ids)
    quarantine: list[QuarantinedRow] = []
    to_submit: list[tuple[Row, str]] = []
    for row, instance_id in zip(rows, ids, strict=True):
        if instance_id in seen:
            counts["already_present"] += 1
            continue
        if instance_id.startswith(CONTENT_ID):
            seen.add(instance_id)
        if row.errors:
            quarantine.append(
                _quarantined(
                    batch, row, instance_id, {k: said_with(v) for k, v in row.errors.items()}
                )
            )
            continue
        to_submit.append((row, instance_id))
    outcomes = submit_many(
        actor=actor,
        version=batch.version,
        items=[
            Incoming(row_answers(batch, row.values), instance_id, _kept(row, batch.mapping))
            for row, instance_id in to_submit
        ],
        channel=Submission.Channel.IMPORT,
        lang=language,
        site=batch.site,
        batch=batch,
    )
    for (row, instance_id), outcome in zip(to_submit, outcomes, strict=True):
        if outcome.submission is None:
            errors = column_errors(outcome.errors, batch.mapping)
            quarantine.append(_quarantined(batch, row, instance_id, errors))
        elif outcome.created:
            counts["imported"] += 1
        else:
            counts["already_present"] += 1
    insert_many(QuarantinedRow, quarantine)
    counts["quarantined"] = len(quarantine)
    return counts


def _quarantined(
    batch: ImportBatch, row: Row, instance_id: str, errors: dict[str, str]
) -> QuarantinedRow:
    return QuarantinedRow(
        batch=batch,
        row_number=row.number,
        instance_id=instance_id,
        values=dict(row.values),
        errors=stored_all(errors),
    )

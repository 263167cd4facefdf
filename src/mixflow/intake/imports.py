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
from typing import IO, Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from mixflow.accounts.models import Organisation
from mixflow.conf import data_dir
from mixflow.core import audit
from mixflow.core.bulk import insert_many
from mixflow.core.scoping import scope_of
from mixflow.geo.models import Location
from mixflow.intake.importing.errors import ImportFileError
from mixflow.intake.importing.fingerprint import fingerprint
from mixflow.intake.importing.readers import Row, Table, open_table
from mixflow.intake.models import (
    FlowCount,
    ImportBatch,
    QuarantinedRow,
    QuestionnaireVersion,
    Submission,
)
from mixflow.intake.submissions import (
    SITE_FIELD,
    SubmissionInput,
    can_import,
    compiled,
    submit,
)
from mixflow.intake.xlsform.validate import validate_answers
from mixflow.lib.vocabularies import LocationLevel

CHUNK_ROWS = 500
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


def question_labels(version: QuestionnaireVersion) -> tuple[list[str], dict[str, list[str]]]:
    form = compiled(version).form
    names: list[str] = []
    labels: dict[str, list[str]] = {}
    for question in form.questions():
        names.append(question.name)
        labels[question.name] = [text for text in question.label.values() if text]
    return names, labels


def preview(path: Path, file_name: str, version: QuestionnaireVersion) -> ImportPreview:
    """Read the header: raises ``ImportFileError`` when the file cannot be read at all."""
    from mixflow.intake.importing.columns import suggest_mapping

    table = open_table(path, file_name)
    names, labels = question_labels(version)
    return ImportPreview(
        file_format=table.format,
        encoding=table.encoding,
        delimiter=table.delimiter,
        columns=list(table.columns),
        mapping=suggest_mapping(list(table.columns), names, labels),
    )


@transaction.atomic
def create_batch(
    *,
    actor: Any,
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
            uploaded_by=actor if getattr(actor, "pk", None) else None,
        )


def _answers(row: Row, mapping: Mapping[str, str | None]) -> dict[str, str]:
    answers: dict[str, str] = {}
    for column, value in row.values.items():
        question = mapping.get(column)
        if question and value != "":
            answers[question] = value
    return answers


def row_instance_id(table: Table, row: Row, form_id: str) -> str:
    own = table.submission_id(row)
    if own:
        return str(own)[:100]
    return "row:" + fingerprint({"__form__": form_id, **row.values})[:90]


def _already_seen(organisation: Organisation, instance_id: str) -> bool:
    if Submission.objects.filter(organisation=organisation, instance_id=instance_id).exists():
        return True
    return QuarantinedRow.objects.filter(
        batch__organisation=organisation, instance_id=instance_id
    ).exists()


def _column_errors(errors: Mapping[str, str], mapping: Mapping[str, str | None]) -> dict[str, str]:
    """Errors keyed by question become errors keyed by the file's column, as the user sees it."""
    by_question = {q: c for c, q in mapping.items() if q}
    out: dict[str, str] = {}
    for key, message in errors.items():
        question = key.split("[", 1)[0].split(".", 1)[0]
        out[by_question.get(question, key)] = str(message)
    return out


def run_import(batch: ImportBatch, *, actor: Any = None, progress: Progress | None = None) -> None:
    """Import (or resume importing) ``batch``; safe to call again after a crash."""
    language = batch.language or "en"
    actor = actor or batch.uploaded_by
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.RUNNING, error="")
    batch.refresh_from_db()
    try:
        with translation.override(language):
            _run(batch, actor, language, progress)
    except ImportFileError as exc:
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=ImportBatch.Status.FAILED, error=str(exc.message), finished_at=timezone.now()
        )
        batch.refresh_from_db()
        return
    except BaseException:
        # Whole chunks are committed: say where it stopped so that the page offers to resume.
        batch.refresh_from_db()
        with translation.override(language):
            message = _(
                "The import stopped after row %(row)s. Nothing after it was written: resume to "
                "go on from there."
            ) % {"row": batch.rows_done}
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=ImportBatch.Status.FAILED, error=str(message)
        )
        raise
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportBatch.Status.DONE, finished_at=timezone.now()
    )
    batch.refresh_from_db()
    if progress:
        progress(batch)


def _run(batch: ImportBatch, actor: Any, language: str, progress: Progress | None) -> None:
    table = open_table(Path(batch.stored_file), batch.file_name)
    form_id = batch.version.questionnaire.form_id
    organisation = batch.organisation
    rows = table.rows()
    resume_after = batch.rows_done
    skipped = 0
    chunk: list[Row] = []

    bulk = BulkCounts.applies(batch.version)
    if bulk is not None:
        bulk.prepare(batch, actor, language)

    def flush() -> None:
        counts = {"imported": 0, "already_present": 0, "quarantined": 0}
        with transaction.atomic():
            if bulk is not None:
                counts = bulk.import_chunk(table, chunk, form_id)
            else:
                for row in chunk:
                    outcome = _import_row(batch, table, row, form_id, organisation, actor, language)
                    counts[outcome] += 1
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

    for row in rows:
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
    if bulk is not None and bulk.created:
        audit.record_bulk_change(
            actor if getattr(actor, "pk", None) else None,
            batch,
            {"flow_counts": bulk.created, "file": batch.file_name},
        )


def _import_row(
    batch: ImportBatch,
    table: Table,
    row: Row,
    form_id: str,
    organisation: Organisation,
    actor: Any,
    language: str,
) -> str:
    instance_id = row_instance_id(table, row, form_id)
    if _already_seen(organisation, instance_id):
        return "already_present"
    if row.errors:
        _quarantine(batch, row, instance_id, {k: str(v) for k, v in row.errors.items()})
        return "quarantined"
    outcome = submit(
        actor=actor,
        version=batch.version,
        data=SubmissionInput(
            answers=_answers(row, batch.mapping),
            channel="import",
            site=batch.site,
            instance_id=instance_id,
        ),
        lang=language,
    )
    if outcome.submission is None:
        _quarantine(batch, row, instance_id, _column_errors(outcome.errors, batch.mapping))
        return "quarantined"
    if not outcome.created:
        return "already_present"
    Submission.objects.filter(pk=outcome.submission.pk).update(batch=batch)
    return "imported"


def _quarantine(batch: ImportBatch, row: Row, instance_id: str, errors: dict[str, str]) -> None:
    QuarantinedRow.objects.create(
        batch=batch,
        row_number=row.number,
        instance_id=instance_id,
        values=dict(row.values),
        errors=errors,
    )


@dataclass(frozen=True)
class Correction:
    row: QuarantinedRow
    errors: Mapping[str, str]

    @property
    def ok(self) -> bool:
        return not self.errors


def correct_row(
    *, actor: Any, row: QuarantinedRow, values: Mapping[str, str], language: str = "en"
) -> Correction:
    """Import a quarantined row again with corrected values; the file's counts move with it."""
    batch = row.batch
    cleaned = {column: values.get(column, "") for column in row.values}
    with transaction.atomic():
        outcome = submit(
            actor=actor,
            version=batch.version,
            data=SubmissionInput(
                answers={
                    q: v for c, v in cleaned.items() if (q := batch.mapping.get(c)) and v != ""
                },
                channel="import",
                site=batch.site,
                instance_id=row.instance_id,
            ),
            lang=language,
        )
        if outcome.submission is None:
            errors = _column_errors(outcome.errors, batch.mapping)
            if SITE_FIELD in outcome.errors:
                errors[SITE_FIELD] = str(outcome.errors[SITE_FIELD])
            QuarantinedRow.objects.filter(pk=row.pk).update(values=cleaned, errors=errors)
            row.refresh_from_db()
            return Correction(row, errors)
        Submission.objects.filter(pk=outcome.submission.pk).update(batch=batch)
        with audit.acting_as(actor):
            row.values = cleaned
            row.errors = {}
            row.status = QuarantinedRow.Status.IMPORTED
            row.submission = outcome.submission
            row.save(update_fields=["values", "errors", "status", "submission"])
        ImportBatch.objects.filter(pk=batch.pk).update(
            quarantined=F("quarantined") - 1, imported=F("imported") + 1
        )
    return Correction(row, {})


def describe_file_error(exc: ImportFileError) -> str:
    return str(exc.message) or str(_("This file cannot be read."))


class BulkCounts:
    """The fast path for count-only forms (the flow monitoring registry): no person is created,
    so rows are validated one by one and written a chunk at a time with bulk inserts; the batch
    gets one audit entry summarising what it wrote."""

    def __init__(self, version: QuestionnaireVersion) -> None:
        self.form = compiled(version)
        self.version = version
        self.sites: dict[str, Location | str] = {}
        self.created = 0

    @classmethod
    def applies(cls, version: QuestionnaireVersion) -> BulkCounts | None:
        form = compiled(version)
        targets = form.mapping.all_targets
        only_counts = bool(targets) and all(t.startswith("flow_count.") for t in targets)
        return cls(version) if only_counts else None

    def prepare(self, batch: ImportBatch, actor: Any, language: str) -> None:
        self.batch = batch
        self.actor = actor
        self.language = language
        self.scope = scope_of(actor) if getattr(actor, "pk", None) else None

    def _site(self, code: str) -> Location | str:
        if code not in self.sites:
            if not code:
                found: Location | str = self.batch.site or str(
                    _("Choose the site where this questionnaire was filled in.")
                )
            else:
                site = Location.objects.filter(code=code, level=LocationLevel.SITE).first()
                found = site or str(_("Unknown site code “%(code)s”.") % {"code": code})
            if (
                isinstance(found, Location)
                and self.scope is not None
                and not can_import(self.actor, self.version, found)
            ):
                found = str(_("You may not submit this questionnaire at this site."))
            self.sites[code] = found
        return self.sites[code]

    def import_chunk(self, table: Table, rows: list[Row], form_id: str) -> dict[str, int]:
        from mixflow.intake.actions import flow_count_from
        from mixflow.intake.mapping import map_answers
        from mixflow.intake.submissions import domain_errors

        batch = self.batch
        counts = {"imported": 0, "already_present": 0, "quarantined": 0}
        ids = [row_instance_id(table, row, form_id) for row in rows]
        seen = set(
            Submission.objects.filter(
                organisation=batch.organisation, instance_id__in=ids
            ).values_list("instance_id", flat=True)
        ) | set(
            QuarantinedRow.objects.filter(
                batch__organisation=batch.organisation, instance_id__in=ids
            ).values_list("instance_id", flat=True)
        )
        today = timezone.localdate()
        quarantine: list[QuarantinedRow] = []
        counts_to_create: list[FlowCount] = []
        submissions: list[Submission] = []
        for row, instance_id in zip(rows, ids, strict=True):
            if instance_id in seen:
                counts["already_present"] += 1
                continue
            seen.add(instance_id)
            errors: dict[str, str] = {k: str(v) for k, v in row.errors.items()}
            site: Location | str = ""
            if not errors:
                checked = validate_answers(
                    self.form.form, _answers(row, batch.mapping), self.language, today=today
                )
                errors = _column_errors(
                    {k: str(v) for k, v in checked.errors.items()}
                    or domain_errors(self.form, checked.answers),
                    batch.mapping,
                )
            if not errors:
                mapped = map_answers(self.form.mapping, checked.answers, today)
                assert mapped.flow_count is not None
                site = self._site(str(mapped.flow_count.get("site") or ""))
                if isinstance(site, str):
                    errors = {SITE_FIELD: site}
            if errors:
                quarantine.append(
                    QuarantinedRow(
                        batch=batch,
                        row_number=row.number,
                        instance_id=instance_id,
                        values=dict(row.values),
                        errors=errors,
                    )
                )
                counts["quarantined"] += 1
                continue
            assert isinstance(site, Location)
            assert mapped.flow_count is not None
            counts_to_create.append(
                flow_count_from(batch.organisation, site, mapped.flow_count, self.actor)
            )
            submissions.append(
                Submission(
                    organisation=batch.organisation,
                    version=self.version,
                    site=site,
                    instance_id=instance_id,
                    channel=Submission.Channel.IMPORT,
                    answers=mapped.kept,
                    unmapped=dict(mapped.unmapped),
                    submitted_by=self.actor if getattr(self.actor, "pk", None) else None,
                    batch=batch,
                )
            )
        FlowCount.objects.bulk_create(counts_to_create)
        for submission, flow_count in zip(submissions, counts_to_create, strict=True):
            submission.flow_count = flow_count
        insert_many(Submission, submissions)
        insert_many(QuarantinedRow, quarantine)
        counts["imported"] = len(submissions)
        self.created += len(submissions)
        return counts

"""Pages of bulk import: upload, column mapping, progress and report, quarantine correction."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from mixflow.core.roles import Capability
from mixflow.core.scoping import scope_of, scoped
from mixflow.geo.queries import sites_for
from mixflow.intake.importing.errors import ImportFileError
from mixflow.intake.importing.readers import open_table
from mixflow.intake.imports import (
    correct_row,
    create_batch,
    preview,
    question_labels,
    store_upload,
)
from mixflow.intake.models import ImportBatch, MappingPreset, QuarantinedRow, Questionnaire
from mixflow.intake.submissions import can_import, compiled
from mixflow.intake.tasks import import_batch
from mixflow.web.access import requires

MAX_UPLOAD_BYTES = 512 * 1024 * 1024
PAGE_SIZE = 50


class UploadForm(forms.Form):
    questionnaire = forms.ModelChoiceField(
        label=_("Questionnaire"), queryset=Questionnaire.objects.none()
    )
    site = forms.ChoiceField(
        label=_("Site"),
        required=False,
        help_text=_("For rows that do not say where they were collected."),
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "CSV (any delimiter or encoding), Excel (.xlsx), KoboToolbox or ODK Central "
            "export, or the JSON of KoboToolbox's data API."
        ),
    )

    def __init__(self, *args: object, user: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.user = user
        field = self.fields["questionnaire"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = scoped(user, Questionnaire)
        site = self.fields["site"]
        assert isinstance(site, forms.ChoiceField)
        site.choices = [("", "—"), *((str(s.pk), s.display_name) for s in sites_for(user))]

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        questionnaire = cleaned.get("questionnaire")
        version = questionnaire.current_version() if questionnaire else None
        if version is not None and not can_import(self.user, version):
            self.add_error(
                "questionnaire", _("Your role may not import answers to this questionnaire.")
            )
        return cleaned

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("This file is larger than %(mb)s MB: split it or use the command line.")
                % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        if upload.size == 0:
            raise forms.ValidationError(_("This file is empty."))
        return upload


def columns_in_file_order(batch: ImportBatch, keys: Iterable[str]) -> list[str]:
    """``keys`` (columns stored as JSON, whose key order PostgreSQL does not keep) in the order
    of the file's header, as the user knows them; columns the header lacks come last."""
    wanted = list(keys)
    try:
        header = list(open_table(Path(batch.stored_file), batch.file_name).columns)
    except (ImportFileError, OSError):
        header = []
    position = {column: i for i, column in enumerate(header)}
    return sorted(wanted, key=lambda c: (position.get(c, len(header)), c))


def _batch_for(request: HttpRequest, batch_id: int) -> ImportBatch:
    batch = (
        scoped(request.user, ImportBatch)
        .select_related("version__questionnaire", "site")
        .filter(pk=batch_id)
        .first()
    )
    if batch is None:
        raise Http404
    return batch


@requires(Capability.IMPORT_DATA)
def import_list(request: HttpRequest) -> HttpResponse:
    batches = scoped(request.user, ImportBatch).select_related("version__questionnaire")
    page = Paginator(batches, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "web/imports/list.html", {"page": page})


@requires(Capability.IMPORT_DATA)
def import_new(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        questionnaire = form.cleaned_data["questionnaire"]
        version = questionnaire.current_version()
        upload = form.cleaned_data["file"]
        site = None
        if form.cleaned_data["site"]:
            site = sites_for(request.user).filter(pk=form.cleaned_data["site"]).first()
        stored, sha, _size = store_upload(upload, upload.name)
        try:
            proposed = preview(stored, upload.name, version)
        except ImportFileError as exc:
            stored.unlink(missing_ok=True)
            form.add_error("file", str(exc.message))
        else:
            batch = create_batch(
                actor=request.user,
                organisation=questionnaire.organisation,
                version=version,
                path=stored,
                file_name=upload.name,
                sha256=sha,
                site=site,
                mapping=proposed.mapping,
                language=get_language() or "en",
            )
            return redirect("web:import_mapping", batch_id=batch.pk)
    return render(request, "web/imports/new.html", {"form": form})


@requires(Capability.IMPORT_DATA)
def import_mapping(request: HttpRequest, batch_id: int) -> HttpResponse:
    """Check the proposed column → question mapping, apply or save a preset, then start."""
    batch = _batch_for(request, batch_id)
    if batch.status != ImportBatch.Status.PENDING:
        return redirect("web:import_detail", batch_id=batch.pk)
    names, _labels = question_labels(batch.version)
    questionnaire = batch.version.questionnaire
    presets = scoped(request.user, MappingPreset).filter(questionnaire=questionnaire)
    errors: list[str] = []
    if request.method == "POST":
        if request.POST.get("preset"):
            preset = presets.filter(pk=request.POST["preset"]).first()
            if preset is not None:
                batch.mapping = {c: preset.mapping.get(c, q) for c, q in batch.mapping.items()}
                batch.save(update_fields=["mapping"])
            return redirect("web:import_mapping", batch_id=batch.pk)
        mapping: dict[str, str | None] = {}
        for index, column in enumerate(columns_in_file_order(batch, batch.mapping)):
            chosen = request.POST.get(f"column-{index}", "")
            if chosen and chosen not in names:
                errors.append(str(_("Unknown question “%(name)s”.") % {"name": chosen}))
            mapping[column] = chosen or None
        taken = [q for q in mapping.values() if q]
        if len(taken) != len(set(taken)):
            errors.append(str(_("Two columns are mapped to the same question.")))
        if not errors:
            with transaction.atomic():
                batch.mapping = mapping
                batch.save(update_fields=["mapping"])
                preset_name = request.POST.get("save_as", "").strip()[:100]
                if preset_name:
                    MappingPreset.objects.update_or_create(
                        organisation=batch.organisation,
                        questionnaire=questionnaire,
                        name=preset_name,
                        defaults={"mapping": {c: q for c, q in mapping.items() if q}},
                    )
            import_batch.enqueue(batch.pk)
            messages.success(request, _("The import has started."))
            return redirect("web:import_detail", batch_id=batch.pk)
    columns = [
        (f"column-{index}", column, question)
        for index, (column, question) in enumerate(
            (c, batch.mapping[c]) for c in columns_in_file_order(batch, batch.mapping)
        )
    ]
    lang = (get_language() or "en")[:2]
    questions = [
        (q.name, q.label_in(lang))
        for q in compiled(batch.version).form.questions()
        if not q.is_metadata and q.type != "calculate"
    ]
    return render(
        request,
        "web/imports/mapping.html",
        {
            "batch": batch,
            "columns": columns,
            "questions": questions,
            "presets": presets,
            "errors": errors,
        },
    )


@requires(Capability.IMPORT_DATA)
def import_detail(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = _batch_for(request, batch_id)
    template = (
        "web/imports/_progress.html"
        if request.headers.get("HX-Request") == "true"
        else "web/imports/detail.html"
    )
    return render(request, template, {"batch": batch})


@requires(Capability.IMPORT_DATA)
@require_POST
def import_resume(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = _batch_for(request, batch_id)
    if batch.status in (ImportBatch.Status.FAILED, ImportBatch.Status.RUNNING):
        import_batch.enqueue(batch.pk)
        messages.success(
            request, _("The import will go on from row %(row)s.") % {"row": batch.rows_done + 1}
        )
    return redirect("web:import_detail", batch_id=batch.pk)


def _masked(request: HttpRequest, row: QuarantinedRow) -> set[str]:
    """Columns mapped to sensitive questions are hidden from those who may not read them."""
    if scope_of(request.user).can(Capability.VIEW_SENSITIVE):
        return set()
    secret = compiled(row.batch.version).mapping.sensitive_questions()
    return {c for c, q in row.batch.mapping.items() if q in secret}


@requires(Capability.IMPORT_DATA)
def quarantine_list(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = _batch_for(request, batch_id)
    rows = scoped(request.user, QuarantinedRow).filter(
        batch=batch, status=QuarantinedRow.Status.OPEN
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "web/imports/quarantine.html", {"batch": batch, "page": page})


@requires(Capability.IMPORT_DATA)
def quarantine_row(request: HttpRequest, batch_id: int, row_id: int) -> HttpResponse:
    batch = _batch_for(request, batch_id)
    row = (
        scoped(request.user, QuarantinedRow)
        .filter(batch=batch, pk=row_id)
        .select_related("batch__version__questionnaire")
        .first()
    )
    if row is None:
        raise Http404
    hidden = _masked(request, row)
    if request.method == "POST" and row.status == QuarantinedRow.Status.OPEN:
        if request.POST.get("discard"):
            row.status = QuarantinedRow.Status.DISCARDED
            row.save(update_fields=["status"])
            messages.success(request, _("The row was set aside: it stays counted as quarantined."))
            return redirect("web:quarantine_list", batch_id=batch.pk)
        values = {
            column: (row.values[column] if column in hidden else request.POST.get(f"v-{i}", ""))
            for i, column in enumerate(columns_in_file_order(batch, row.values))
        }
        result = correct_row(
            actor=request.user, row=row, values=values, language=get_language() or "en"
        )
        if result.ok:
            messages.success(request, _("Row %(row)s was imported.") % {"row": row.row_number})
            return redirect("web:quarantine_list", batch_id=batch.pk)
        row = result.row
    cells = [
        (f"v-{i}", column, row.values[column], row.errors.get(column, ""), column in hidden)
        for i, column in enumerate(columns_in_file_order(batch, row.values))
    ]
    other_errors = [m for k, m in row.errors.items() if k not in row.values]
    return render(
        request,
        "web/imports/quarantine_row.html",
        {"batch": batch, "row": row, "cells": cells, "other_errors": other_errors},
    )

"""Pages of bulk import: upload, column mapping, progress and report, quarantine correction."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from mixflow.core import language
from mixflow.core.roles import Capability
from mixflow.core.scoping import scope_of
from mixflow.geo.queries import sites_for
from mixflow.intake import queries
from mixflow.intake.actions import (
    ImportFileError,
    MappingRefused,
    apply_mapping,
    apply_preset,
    correct_row,
    missing_dates,
    queue_import,
    save_preset,
    set_aside,
    start_import,
)
from mixflow.intake.import_dates import joined_date_times
from mixflow.intake.queries import ImportStatus, RowStatus, can_import, compiled
from mixflow.web.access import requires
from mixflow.web.ui_views import importable

if TYPE_CHECKING:
    from mixflow.accounts.models import User
    from mixflow.intake.models import ImportBatch, QuarantinedRow


MAX_UPLOAD_BYTES = 512 * 1024 * 1024
PAGE_SIZE = 50


def _actor(request: HttpRequest) -> User:
    """The signed-in user (the view's access decorator let only signed-in users in)."""
    return cast("User", request.user)


class QuestionnaireChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.shown_title)


class UploadForm(forms.Form):
    questionnaire = QuestionnaireChoice(
        label=_("Questionnaire"),
        queryset=queries.questionnaires_for(None),
        # Django's "---------" read as a broken field in the screenshots.
        empty_label=_("Choose the questionnaire the rows answer"),
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
        field.queryset = queries.questionnaires_for(user)
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
    header = queries.file_columns(batch)
    position = {column: i for i, column in enumerate(header)}
    return sorted(wanted, key=lambda c: (position.get(c, len(header)), c))


def _batch_for(request: HttpRequest, batch_id: int) -> ImportBatch:
    batch = queries.batch_for(request.user, batch_id)
    if batch is None:
        raise Http404
    return batch


@requires(Capability.IMPORT_DATA)
def import_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    file_name = request.GET.get("file", "")
    batches = queries.batches_matching(request.user, status, file_name)
    page = Paginator(batches, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/imports/list.html",
        {
            "page": page,
            "statuses": ImportStatus.choices,
            "status": status,
            "file_name": file_name,
            "filtered": bool(status or file_name),
        },
    )


@requires(Capability.IMPORT_DATA)
def import_new(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        questionnaire = form.cleaned_data["questionnaire"]
        upload = form.cleaned_data["file"]
        site = None
        if form.cleaned_data["site"]:
            site = sites_for(request.user).filter(pk=form.cleaned_data["site"]).first()
        try:
            batch = start_import(
                actor=_actor(request),
                questionnaire=questionnaire,
                source=upload,
                file_name=upload.name,
                site=site,
                language=get_language() or "en",
            )
        except ImportFileError as exc:
            form.add_error("file", language.said(exc.message.template, exc.message.params))
        except PermissionDenied as refusal:
            form.add_error("site" if site else "questionnaire", str(refusal))
        else:
            return redirect("web:import_mapping", batch_id=batch.pk)
    return render(
        request, "web/imports/new.html", {"form": form, "importable": importable(request)}
    )


@transaction.atomic
def _keep_mapping(request: HttpRequest, batch: ImportBatch) -> None:
    """The mapping as chosen on the page, saved as a preset if asked."""
    mapping: dict[str, str | None] = {
        column: request.POST.get(f"column-{index}", "") or None
        for index, column in enumerate(columns_in_file_order(batch, batch.mapping))
    }
    dates = {
        key.removeprefix("date-"): request.POST.get(key, "")
        for key in request.POST
        if key.startswith("date-")
    }
    apply_mapping(actor=_actor(request), batch=batch, mapping=mapping, dates=dates)
    preset_name = request.POST.get("save_as", "").strip()
    if preset_name:
        save_preset(actor=_actor(request), batch=batch, name=preset_name)


@requires(Capability.IMPORT_DATA)
def import_mapping(request: HttpRequest, batch_id: int) -> HttpResponse:
    """Check the proposed column → question mapping, apply or save a preset, then start."""
    batch = _batch_for(request, batch_id)
    if batch.status != ImportStatus.PENDING:
        return redirect("web:import_detail", batch_id=batch.pk)
    presets = queries.presets_for(request.user, batch.version.questionnaire)
    errors: list[str] = []
    if request.method == "POST":
        try:
            if request.POST.get("preset"):
                preset = presets.filter(pk=request.POST["preset"]).first()
                if preset is not None:
                    apply_preset(actor=_actor(request), batch=batch, preset=preset)
                return redirect("web:import_mapping", batch_id=batch.pk)
            _keep_mapping(request, batch)
            queue_import(actor=_actor(request), batch=batch)
        except MappingRefused as refused:
            errors = [str(reason) for reason in refused.reasons]
            batch.refresh_from_db()
        else:
            messages.success(request, _("The import has started."))
            return redirect("web:import_detail", batch_id=batch.pk)
    columns = [
        (f"column-{index}", column, question)
        for index, (column, question) in enumerate(
            (c, batch.mapping[c]) for c in columns_in_file_order(batch, batch.mapping)
        )
    ]
    lang = (get_language() or "en")[:2]
    form = compiled(batch.version).form
    joined = joined_date_times(form)
    labels = {q.name: q.label_in(lang) for q in form.questions()}
    questions = [
        (q.name, labels[q.name])
        for q in form.questions()
        if not q.is_metadata and q.type != "calculate"
    ] + [
        # A file's one date-time column (``observed_at``) answers the date and the time.
        (name, _("%(date)s and %(time)s") % {"date": labels[j.date], "time": labels[j.time]})
        for name, j in joined.items()
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
            "dates": [
                (name, label, batch.fixed_answers.get(name, ""))
                for name, label in missing_dates(batch, lang)
            ]
            + [
                (name, labels.get(name, name), value) for name, value in batch.fixed_answers.items()
            ],
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
    if batch.status in (ImportStatus.FAILED, ImportStatus.RUNNING):
        queue_import(actor=_actor(request), batch=batch)
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
    columns = queries.problem_columns(request.user, batch)
    column = request.GET.get("column", "")
    if column not in dict(columns):
        column = ""  # an unknown column filters nothing out rather than everything
    rows = queries.open_rows_for(request.user, batch, column).order_by("row_number", "pk")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/imports/quarantine.html",
        {
            "batch": batch,
            "page": page,
            "columns": columns,
            "column": column,
            "withheld": not queries.may_read_quarantine(request.user, batch),
        },
    )


@requires(Capability.IMPORT_DATA)
def quarantine_row(request: HttpRequest, batch_id: int, row_id: int) -> HttpResponse:
    batch = _batch_for(request, batch_id)
    row = queries.quarantined_row_for(request.user, batch, row_id)
    if row is None:
        raise Http404
    hidden = _masked(request, row)
    if request.method == "POST" and row.status == RowStatus.OPEN:
        if request.POST.get("discard"):
            set_aside(actor=_actor(request), row=row)
            messages.success(request, _("The row was set aside: it stays counted as quarantined."))
            return redirect("web:quarantine_list", batch_id=batch.pk)
        values = {
            column: (row.values[column] if column in hidden else request.POST.get(f"v-{i}", ""))
            for i, column in enumerate(columns_in_file_order(batch, row.values))
        }
        result = correct_row(
            actor=_actor(request), row=row, values=values, language=get_language() or "en"
        )
        if result.ok:
            messages.success(request, _("Row %(row)s was imported.") % {"row": row.row_number})
            return redirect("web:quarantine_list", batch_id=batch.pk)
        row = result.row
    problems = row.problems
    cells = [
        (f"v-{i}", column, row.values[column], problems.get(column, ""), column in hidden)
        for i, column in enumerate(columns_in_file_order(batch, row.values))
    ]
    other_errors = [m for k, m in problems.items() if k not in row.values]
    return render(
        request,
        "web/imports/quarantine_row.html",
        {"batch": batch, "row": row, "cells": cells, "other_errors": other_errors},
    )

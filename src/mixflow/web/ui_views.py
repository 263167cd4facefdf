"""Pages of the interface work (issue 12): import templates to download, cancelling an import."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mixflow.core.roles import Capability
from mixflow.geo.queries import sites_for
from mixflow.intake.actions import MappingRefused, cancel_import
from mixflow.intake.import_templates import (
    Column,
    expected_columns,
    template_csv,
    template_xlsx,
)
from mixflow.intake.queries import (
    batch_for,
    can_import,
    compiled,
    questionnaire_for,
    questionnaires_for,
)
from mixflow.web.access import requires
from mixflow.web.refusals import REFUSED

if TYPE_CHECKING:
    from mixflow.accounts.models import User

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _lang() -> str:
    return (get_language() or "en")[:2]


def _site_code(request: HttpRequest) -> str:
    first = sites_for(request.user).first()
    return first.code if first is not None else ""


def importable(request: HttpRequest) -> list[tuple[int, str, list[Column]]]:
    """(questionnaire id, title, expected columns) of what ``request.user`` may import."""
    found = []
    code = _site_code(request)
    for questionnaire in questionnaires_for(request.user).prefetch_related("versions"):
        version = questionnaire.current_version()
        if version is None or not can_import(request.user, version):
            continue
        form = compiled(version).form
        found.append(
            (
                questionnaire.pk,
                gettext(form.title_in(_lang())),
                expected_columns(form, _lang(), code),
            )
        )
    return found


def _columns(request: HttpRequest, questionnaire_id: int) -> tuple[str, list[Column]]:
    questionnaire = questionnaire_for(request.user, questionnaire_id)
    version = questionnaire.current_version() if questionnaire else None
    if questionnaire is None or version is None:
        raise Http404
    if not can_import(request.user, version):
        setattr(request, REFUSED, frozenset({compiled(version).capability}))
        raise PermissionDenied
    form = compiled(version).form
    return questionnaire.form_id, expected_columns(form, _lang(), _site_code(request))


@requires(Capability.IMPORT_DATA)
def import_template_csv(request: HttpRequest, questionnaire_id: int) -> HttpResponse:
    form_id, columns = _columns(request, questionnaire_id)
    response = HttpResponse(template_csv(columns), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{form_id}-template.csv"'
    return response


@requires(Capability.IMPORT_DATA)
def import_template_xlsx(request: HttpRequest, questionnaire_id: int) -> HttpResponse:
    form_id, columns = _columns(request, questionnaire_id)
    response = HttpResponse(template_xlsx(columns), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{form_id}-template.xlsx"'
    return response


@requires(Capability.IMPORT_DATA)
@require_POST
def import_cancel(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = batch_for(request.user, batch_id)
    if batch is None:
        raise Http404
    try:
        cancel_import(actor=cast("User", request.user), batch=batch)
    except MappingRefused as refusal:
        for reason in refusal.reasons:
            messages.error(request, reason)
        return redirect("web:import_detail", batch_id=batch.pk)
    messages.success(request, _("The import of %(file)s is cancelled.") % {"file": batch.file_name})
    return redirect("web:import_list")

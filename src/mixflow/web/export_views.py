"""Downloads of a questionnaire's submissions (CSV or XLSX), through the same access checks."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.text import slugify
from django.utils.translation import get_language

from mixflow.core.roles import Capability
from mixflow.intake import queries
from mixflow.intake.submission_exports import to_csv, to_xlsx
from mixflow.web.access import requires

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TYPES = {"csv": "text/csv; charset=utf-8", "zip": "application/zip", "xlsx": XLSX}


@requires(Capability.VIEW_PERSONS)
def submissions_export(request: HttpRequest, questionnaire_id: int) -> HttpResponse:
    """``?format=xlsx|csv``, ``&labels=1`` for choice and question labels instead of names,
    ``&lang=fr`` for the labels' language (the page's by default)."""
    questionnaire = queries.questionnaire_for(request.user, questionnaire_id)
    if questionnaire is None:
        raise Http404
    kind = request.GET.get("format", "xlsx")
    if kind not in ("xlsx", "csv"):
        raise Http404
    labels = request.GET.get("labels") == "1"
    lang = (request.GET.get("lang") or get_language() or "en")[:2]
    tables, held_back = queries.export_submissions(
        request.user, questionnaire, labels=labels, lang=lang
    )
    if not tables:
        raise Http404
    if kind == "xlsx":
        content, extension = to_xlsx(tables), "xlsx"
    else:
        content, extension = to_csv(tables)
    name = f"{slugify(questionnaire.form_id) or 'submissions'}.{extension}"
    response = HttpResponse(content, content_type=TYPES[extension])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Mixflow-Held-Back"] = str(held_back)
    return response

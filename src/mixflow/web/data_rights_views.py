"""Data subjects' rights from the person's page: record a request, decide it, restrict or lift
a restriction, and download the access report (JSON). Views validate input and call
``protection.data_rights_actions``; the actions decide."""

from __future__ import annotations

import datetime
import json
from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mixflow.core import audit
from mixflow.core.roles import Capability
from mixflow.identity.actions import CORRECTABLE, correct_person
from mixflow.identity.queries import person_for
from mixflow.protection import data_rights, data_rights_actions, erasure_actions
from mixflow.protection.data_rights_models import RequestKind
from mixflow.web.access import requires
from mixflow.web.pdf import html_to_pdf

if TYPE_CHECKING:
    from mixflow.identity.models import Person


def _person(request: HttpRequest, person_id: int) -> Person:
    person = person_for(request.user, person_id)
    if person is None:
        raise Http404
    return person


def _back(person_id: int) -> HttpResponse:
    return redirect(reverse("web:person_detail", args=[person_id]) + "#data-rights")


def _received_on(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return timezone.localdate()


@require_POST
@requires(Capability.HANDLE_DATA_REQUESTS)
def data_request_add(request: HttpRequest, person_id: int) -> HttpResponse:
    person = _person(request, person_id)
    kind = request.POST.get("kind", "")
    if kind not in RequestKind.values:
        messages.error(request, _("Choose what the person asks for."))
        return _back(person.pk)
    received_on = min(_received_on(request.POST.get("received_on", "")), timezone.localdate())
    details = request.POST.get("details", "")[:2000]
    if kind == RequestKind.RESTRICTION:
        data_rights_actions.restrict(
            actor=request.user,  # type: ignore[arg-type]
            person=person,
            received_on=received_on,
            details=details,
        )
        messages.success(request, _("Restricted: this person's data is shared with nobody now."))
    else:
        data_rights_actions.record_request(
            actor=request.user,  # type: ignore[arg-type]
            person=person,
            kind=kind,
            received_on=received_on,
            details=details,
        )
        messages.success(request, _("The request is recorded."))
    return _back(person.pk)


@require_POST
@requires(Capability.HANDLE_DATA_REQUESTS)
def data_request_decide(request: HttpRequest, request_id: int) -> HttpResponse:
    held = data_rights.request_for(request.user, request_id)  # type: ignore[arg-type]
    if held is None:
        raise Http404
    granted = request.POST.get("granted") == "yes"
    if held.is_active_restriction:
        data_rights_actions.lift_restriction(
            actor=request.user,  # type: ignore[arg-type]
            request=held,
            reason=request.POST.get("reason", "")[:2000],
        )
        messages.success(request, _("The restriction is lifted."))
    elif held.outcome == "pending" and held.kind == RequestKind.ERASURE and granted:
        decided = erasure_actions.carry_out_erasure(
            actor=request.user,  # type: ignore[arg-type]
            request=held,
            legal_basis=request.POST.get("reason", "")[:2000],
        )
        if decided.outcome == "granted":
            messages.success(request, _("Erased: the person's identifying data is gone."))
        else:
            messages.error(request, _("Erasure refused: %(reason)s") % {"reason": decided.reason})
    elif held.outcome == "pending":
        data_rights_actions.decide_request(
            actor=request.user,  # type: ignore[arg-type]
            request=held,
            granted=granted,
            reason=request.POST.get("reason", "")[:2000],
        )
        messages.success(request, _("The decision is recorded."))
    return _back(held.person_id)


@require_POST
@requires(Capability.HANDLE_DATA_REQUESTS)
def legal_hold_add(request: HttpRequest, person_id: int) -> HttpResponse:
    person = _person(request, person_id)
    reason = request.POST.get("reason", "").strip()
    if not reason:
        messages.error(request, _("Give the legal ground for keeping the record."))
        return _back(person.pk)
    erasure_actions.place_legal_hold(
        actor=request.user,  # type: ignore[arg-type]
        person=person,
        reason=reason,
    )
    messages.success(
        request, _("The legal hold is placed: the record will be neither erased nor purged.")
    )
    return _back(person.pk)


@require_POST
@requires(Capability.HANDLE_DATA_REQUESTS)
def legal_hold_lift(request: HttpRequest, hold_id: int) -> HttpResponse:
    hold = data_rights.hold_for(request.user, hold_id)  # type: ignore[arg-type]
    if hold is None:
        raise Http404
    if hold.lifted_on is None:
        erasure_actions.lift_legal_hold(actor=request.user, hold=hold)  # type: ignore[arg-type]
        messages.success(request, _("The legal hold is lifted."))
    return _back(hold.person_id)


@requires(Capability.HANDLE_DATA_REQUESTS)
def access_report(request: HttpRequest, person_id: int) -> HttpResponse:
    person = _person(request, person_id)
    data_rights_actions.check_may_handle(request.user, person)  # type: ignore[arg-type]
    report = data_rights.access_report(
        request.user,  # type: ignore[arg-type]
        person,
        request.GET.get("lang"),
    )
    audit.record_access(request.user, person, report="access", language=report.language)
    response = HttpResponse(
        json.dumps(report.as_json(), ensure_ascii=False, indent=2, default=str),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="person-{person.pk}-data.json"'
    return response


@require_POST
@requires(Capability.HANDLE_DATA_REQUESTS)
def person_correct(request: HttpRequest, person_id: int) -> HttpResponse:
    """Rectification: the corrected values replace the record's, the old ones are kept."""
    person = _person(request, person_id)
    changes = {name: request.POST[name][:200] for name in CORRECTABLE if name in request.POST}
    try:
        done = correct_person(
            actor=request.user,  # type: ignore[arg-type]
            person=person,
            changes=changes,
            reason=request.POST.get("reason", "")[:2000],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _back(person.pk)
    if done is None:
        messages.info(request, _("Nothing was changed."))
    else:
        messages.success(request, _("Corrected; the previous values are kept below."))
    return _back(person.pk)


def _cell(value: object) -> str:
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {item}" for key, item in value.items())
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return "" if value is None else str(value)


@requires(Capability.HANDLE_DATA_REQUESTS)
def access_report_pdf(request: HttpRequest, person_id: int) -> HttpResponse:
    """The access report as a PDF in the person's language, drawn with the fonts shipped for
    the flow monitoring report (Latin, Arabic and Ethiopic names)."""
    person = _person(request, person_id)
    data_rights_actions.check_may_handle(request.user, person)  # type: ignore[arg-type]
    report = data_rights.access_report(
        request.user,  # type: ignore[arg-type]
        person,
        request.GET.get("lang"),
    )
    with translation.override(report.language):
        html = render_to_string(
            "web/protection/access_report_pdf.html",
            {
                "report": report,
                "name": person.display_name,
                "organisation": person.organisation.name,
                "person_rows": [(label, _cell(value)) for label, value in report.person.items()],
                "sections": [
                    {
                        "title": section.title,
                        "rows": [[(k, _cell(v)) for k, v in row.items()] for row in section.rows],
                    }
                    for section in report.sections
                ],
            },
        )
    audit.record_access(
        request.user, person, report="access", language=report.language, format="pdf"
    )
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="person-{person.pk}-data.pdf"'
    return response

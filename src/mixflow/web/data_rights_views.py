"""Data subjects' rights from the person's page: record a request, decide it, restrict or lift
a restriction, and download the access report (JSON). Views validate input and call
``protection.data_rights_actions``; the actions decide."""

from __future__ import annotations

import datetime
import json
from typing import TYPE_CHECKING

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mixflow.core import audit
from mixflow.core.roles import Capability
from mixflow.identity.queries import person_for
from mixflow.protection import data_rights, data_rights_actions
from mixflow.protection.data_rights_models import RequestKind
from mixflow.web.access import requires

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
    if held.is_active_restriction:
        data_rights_actions.lift_restriction(
            actor=request.user,  # type: ignore[arg-type]
            request=held,
            reason=request.POST.get("reason", "")[:2000],
        )
        messages.success(request, _("The restriction is lifted."))
    elif held.outcome == "pending":
        data_rights_actions.decide_request(
            actor=request.user,  # type: ignore[arg-type]
            request=held,
            granted=request.POST.get("granted") == "yes",
            reason=request.POST.get("reason", "")[:2000],
        )
        messages.success(request, _("The decision is recorded."))
    return _back(held.person_id)


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

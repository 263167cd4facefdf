"""Data subjects' rights from the person's page: record a request, decide it, restrict or lift
a restriction, and download the access report (PDF or JSON, each also in an encrypted zip).
Views validate input and call ``protection.data_rights_actions``; the actions decide."""

from __future__ import annotations

import datetime
import json
from typing import TYPE_CHECKING

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from mixflow.core import audit
from mixflow.core.roles import Capability
from mixflow.identity.actions import CORRECTABLE, correct_person
from mixflow.identity.queries import person_for
from mixflow.lib.encrypted_archive import encrypted_zip
from mixflow.protection import data_rights, data_rights_actions, erasure_actions
from mixflow.protection.data_rights_models import RequestKind
from mixflow.web.access import requires
from mixflow.web.export_views import ArchivePasswordForm
from mixflow.web.pdf import html_to_pdf

if TYPE_CHECKING:
    from mixflow.identity.models import Person
    from mixflow.protection.data_rights import AccessReport


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


def _report(request: HttpRequest, person: Person, lang: str | None) -> AccessReport:
    data_rights_actions.check_may_handle(request.user, person)  # type: ignore[arg-type]
    return data_rights.access_report(request.user, person, lang)  # type: ignore[arg-type]


def _report_json(report: AccessReport) -> bytes:
    return json.dumps(report.as_json(), ensure_ascii=False, indent=2, default=str).encode()


@requires(Capability.HANDLE_DATA_REQUESTS)
def access_report(request: HttpRequest, person_id: int) -> HttpResponse:
    person = _person(request, person_id)
    report = _report(request, person, request.GET.get("lang"))
    audit.record_access(request.user, person, report="access", language=report.language)
    response = HttpResponse(_report_json(report), content_type="application/json; charset=utf-8")
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
    report = _report(request, person, request.GET.get("lang"))
    audit.record_access(
        request.user, person, report="access", language=report.language, format="pdf"
    )
    response = HttpResponse(_report_pdf(person, report), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="person-{person.pk}-data.pdf"'
    return response


def _report_pdf(person: Person, report: AccessReport) -> bytes:
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
    return html_to_pdf(html)


class EncryptedReportForm(ArchivePasswordForm):
    format = forms.ChoiceField(
        label=gettext_lazy("File type"), choices=[("pdf", "PDF"), ("json", "JSON")], initial="pdf"
    )
    field_order = ["format", "password", "again"]


@requires(Capability.HANDLE_DATA_REQUESTS)
def access_report_encrypted(request: HttpRequest, person_id: int) -> HttpResponse:
    """The access report (PDF or JSON) in an AES-256 zip, for a report that leaves by e-mail
    or on a stick: the same protection as the encrypted download of submissions."""
    person = _person(request, person_id)
    data_rights_actions.check_may_handle(request.user, person)  # type: ignore[arg-type]
    lang = request.GET.get("lang") or request.POST.get("lang")
    form = EncryptedReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        report = _report(request, person, lang)
        kind = form.cleaned_data["format"]
        content = _report_pdf(person, report) if kind == "pdf" else _report_json(report)
        audit.record_access(
            request.user,
            person,
            report="access",
            language=report.language,
            format=kind,
            encrypted=True,
        )
        stem = f"person-{person.pk}-data"
        archive = encrypted_zip({f"{stem}.{kind}": content}, form.cleaned_data["password"])
        response = HttpResponse(archive, content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="{stem}-encrypted.zip"'
        return response
    return render(
        request,
        "web/protection/access_report_encrypted.html",
        {"form": form, "person": person, "lang": lang or ""},
    )

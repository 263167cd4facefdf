"""Directory pages ("who does what where"): search, a service, adding, editing and importing.

Readable by everyone who sees sites (it is not personal data); changed by ``manage_services``
holders of the provider's organisation, through ``protection.actions``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from mixflow.core.roles import Capability
from mixflow.core.scoping import scope_of
from mixflow.geo.queries import site_for
from mixflow.protection.actions import (
    ImportReport,
    ensure_provider,
    import_services,
    read_services_csv,
    save_service,
)
from mixflow.protection.queries import DirectorySearch, search_services, service_for
from mixflow.protection.service_actions import CSV_COLUMNS, may_manage_services
from mixflow.web.access import requires
from mixflow.web.referral_forms import DirectorySearchForm, ServiceForm, ServiceImportForm

if TYPE_CHECKING:
    from mixflow.accounts.models import User
    from mixflow.protection.models import Service

MAX_UPLOAD_BYTES = 2 * 1024 * 1024


def _actor(request: HttpRequest) -> User:
    return cast("User", request.user)


@requires(Capability.VIEW_SITES)
def service_list(request: HttpRequest) -> HttpResponse:
    form = DirectorySearchForm(request.GET or None, user=request.user)
    search = DirectorySearch()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        site = site_for(request.user, int(data["site"])) if data["site"] else None
        search = DirectorySearch(
            service_type=data["service_type"],
            language=data["language"].strip().lower(),
            near_site=site,
            within_km=float(data["within_km"]) if data["within_km"] else None,
            text=data["q"].strip(),
        )
    results = search_services(request.user, search)
    return render(
        request,
        "web/services/list.html",
        {
            "form": form,
            "results": results,
            "near_site": search.near_site,
            "can_manage": scope_of(request.user).can(Capability.MANAGE_SERVICES),
        },
    )


@requires(Capability.VIEW_SITES)
def service_detail(request: HttpRequest, service_id: int) -> HttpResponse:
    service = service_for(request.user, service_id)
    if service is None:
        raise Http404
    return render(
        request,
        "web/services/detail.html",
        {
            "service": service,
            "can_edit": may_manage_services(_actor(request), service.provider.organisation_id),
        },
    )


def _initial(service: Service) -> dict[str, object]:
    return {
        "unit": service.provider.unit,
        "name": service.name,
        "service_type": service.service_type,
        "description": service.description,
        "sites": [str(s.pk) for s in service.sites.all()],
        "areas": [str(a.pk) for a in service.catchment_areas.all()],
        "min_age": service.min_age,
        "max_age": service.max_age,
        "sexes": service.sexes,
        "needs": service.needs,
        "nationalities": "; ".join(service.nationalities),
        "languages": "; ".join(service.languages),
        "opening_hours": service.opening_hours,
        "capacity": service.capacity,
        "contact_name": service.contact_name,
        "contact_phone": service.contact_phone,
        "contact_email": service.contact_email,
        "active": service.active,
    }


def _edit(request: HttpRequest, service: Service | None) -> HttpResponse:
    actor = _actor(request)
    organisation = service.provider.organisation if service else actor.organisation
    if organisation is None or not may_manage_services(actor, organisation.pk):
        raise PermissionDenied
    if request.method == "POST":
        form = ServiceForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                provider = ensure_provider(
                    actor=actor, organisation=organisation, unit=form.cleaned_data["unit"]
                )
                saved = save_service(
                    actor=actor, provider=provider, values=form.values(), service=service
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("The service is saved."))
                return HttpResponseRedirect(reverse("web:service_detail", args=[saved.pk]))
    else:
        form = ServiceForm(initial=_initial(service) if service else None, user=request.user)
    return render(
        request,
        "web/services/edit.html",
        {"form": form, "service": service, "organisation": organisation},
    )


@requires(Capability.MANAGE_SERVICES)
def service_add(request: HttpRequest) -> HttpResponse:
    return _edit(request, None)


@requires(Capability.MANAGE_SERVICES)
def service_edit(request: HttpRequest, service_id: int) -> HttpResponse:
    service = service_for(request.user, service_id)
    if service is None:
        raise Http404
    return _edit(request, service)


@requires(Capability.MANAGE_SERVICES)
def service_import(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    organisation = actor.organisation
    if organisation is None or not may_manage_services(actor, organisation.pk):
        raise PermissionDenied
    report: ImportReport | None = None
    if request.method == "POST":
        form = ServiceImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > MAX_UPLOAD_BYTES:
                form.add_error("file", _("The file is larger than 2 MB."))
            else:
                try:
                    rows = read_services_csv(upload.read())
                except ValueError as error:
                    form.add_error("file", str(error))
                else:
                    report = import_services(actor=actor, organisation=organisation, rows=rows)
    else:
        form = ServiceImportForm()
    return render(
        request,
        "web/services/import.html",
        {"form": form, "report": report, "columns": CSV_COLUMNS, "organisation": organisation},
    )

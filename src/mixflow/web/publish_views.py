"""Publication pages (prepare, preview, approve, withdraw) and the public data portal.

Every page or file here that shows a figure takes it from protected tables (``flows.queries
.tables_of`` re-checks a publication's frozen tables through the gate) and carries the gate's
mark in the ``X-Mixflow-Disclosure`` header. The portal needs no sign-in and shows approved
publications only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from mixflow.core.roles import Capability
from mixflow.core.scoping import scope_of
from mixflow.flows import exports, gate
from mixflow.flows.actions import approve_publication, prepare_publication, withdraw_publication
from mixflow.flows.queries import (
    Status,
    public_publication,
    public_publications,
    publication_for,
    publications_for,
    tables_of,
)
from mixflow.flows.reports import (
    NoData,
    Report,
    build_report,
    render_html,
    render_pdf,
    route_report,
)
from mixflow.web.access import requires
from mixflow.web.publish_forms import PrepareForm, RouteReportForm, WithdrawForm

if TYPE_CHECKING:
    from mixflow.accounts.models import User
    from mixflow.flows.models import Publication

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "parquet": "application/vnd.apache.parquet",
}


def _actor(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _stamped(response: HttpResponse, policy: str) -> HttpResponse:
    response[gate.HEADER] = gate.mark(policy)
    return response


def _report(publication: Publication, *, draft: bool) -> Report:
    return build_report(
        tables_of(publication),
        title=publication.title,
        country=publication.country,
        period=publication.period,
        organisation=publication.organisation.name,
        language=(get_language() or "en")[:2],
        draft=draft,
        version=publication.version,
        approved_on=publication.approved_at.date() if publication.approved_at else None,
    )


# -- for analysts ------------------------------------------------------------------------------


@requires(Capability.PUBLISH_STATISTICS)
def publication_list(request: HttpRequest) -> HttpResponse:
    response = render(
        request,
        "web/publish/publication_list.html",
        {"publications": publications_for(request.user)},
    )
    # Every page of this module is stamped, figures or not: the gate test finds exits by module.
    return _stamped(response, gate.policy().describe())


@requires(Capability.PUBLISH_STATISTICS)
def publication_new(request: HttpRequest) -> HttpResponse:
    form = PrepareForm(request.POST or None)
    user = _actor(request)
    if request.method == "POST" and form.is_valid():
        if user.organisation is None:
            raise PermissionDenied
        try:
            publication = prepare_publication(
                actor=user,
                organisation=user.organisation,
                title=form.cleaned_data["title"],
                country=form.cleaned_data["country"],
                period=form.cleaned_data["period"],
                table_kinds=form.cleaned_data["table_kinds"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("The tables are protected and frozen. Another analyst approves them.")
            )
            return redirect("web:publication_detail", publication_id=publication.pk)
    response = render(request, "web/publish/publication_new.html", {"form": form})
    return _stamped(response, gate.policy().describe())


@requires(Capability.PUBLISH_STATISTICS)
def publication_detail(request: HttpRequest, publication_id: int) -> HttpResponse:
    publication = publication_for(request.user, publication_id)
    if publication is None:
        raise Http404
    user = _actor(request)
    response = render(
        request,
        "web/publish/publication_detail.html",
        {
            "publication": publication,
            "report": _report(publication, draft=publication.status != Status.APPROVED),
            "may_approve": publication.status == Status.PREPARED
            and publication.prepared_by_id != user.pk,
            "prepared_by_me": publication.prepared_by_id == user.pk,
            "may_withdraw": publication.status == Status.APPROVED,
            "withdraw_form": WithdrawForm(),
        },
    )
    return _stamped(response, publication.policy)


@requires(Capability.PUBLISH_STATISTICS)
def publication_report_pdf(request: HttpRequest, publication_id: int) -> HttpResponse:
    """The report as it will be published (marked as a draft until approved): what the
    approver hands round before saying yes."""
    publication = publication_for(request.user, publication_id)
    if publication is None:
        raise Http404
    draft = publication.status != Status.APPROVED
    pdf = render_pdf(_report(publication, draft=draft))
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"{publication.country}-{publication.period}-v{publication.version}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return _stamped(response, publication.policy)


@require_POST
@requires(Capability.PUBLISH_STATISTICS)
def publication_approve(request: HttpRequest, publication_id: int) -> HttpResponse:
    publication = publication_for(request.user, publication_id)
    if publication is None:
        raise Http404
    try:
        approve_publication(actor=_actor(request), publication=publication)
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("The publication is approved and public."))
    return redirect("web:publication_detail", publication_id=publication.pk)


@require_POST
@requires(Capability.PUBLISH_STATISTICS)
def publication_withdraw(request: HttpRequest, publication_id: int) -> HttpResponse:
    publication = publication_for(request.user, publication_id)
    if publication is None:
        raise Http404
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the publication is withdrawn."))
        return redirect("web:publication_detail", publication_id=publication.pk)
    try:
        withdraw_publication(
            actor=_actor(request), publication=publication, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The publication is withdrawn; its record is kept."))
    return redirect("web:publication_detail", publication_id=publication.pk)


@requires(Capability.PUBLISH_STATISTICS)
@require_GET
def route_report_view(request: HttpRequest) -> HttpResponse:
    """The periodic report of a route for the user's organisation: a draft of tables the gate
    protects now (publications are per country), as PDF or a web page."""
    form = RouteReportForm(request.GET or None)
    if form.is_valid():
        data = form.cleaned_data
        try:
            report = route_report(
                route=data["route"],
                period=data["period"],
                language=data["language"],
                reader=request.user,
            )
        except NoData:
            form.add_error(None, _("Your organisation has no data to report on."))
        else:
            if data["format"] == "html":
                return _stamped(HttpResponse(render_html(report)), report.rules)
            response = HttpResponse(render_pdf(report), content_type="application/pdf")
            filename = f"{data['route']}-{report.period}-report.pdf"
            response["Content-Disposition"] = f'inline; filename="{filename}"'
            return _stamped(response, report.rules)
    response = render(request, "web/publish/route_report.html", {"form": form})
    return _stamped(response, gate.policy().describe())


# -- the public portal (no sign-in) -------------------------------------------------------------


def _public(publication_id: int) -> Publication:
    publication = public_publication(publication_id)
    if publication is None:
        raise Http404
    return publication


def portal(request: HttpRequest) -> HttpResponse:
    response = render(
        request,
        "web/publish/portal.html",
        {
            "publications": public_publications(),
            "may_publish": scope_of(request.user).can(Capability.PUBLISH_STATISTICS),
        },
    )
    return _stamped(response, gate.policy().describe())


def portal_publication(request: HttpRequest, publication_id: int) -> HttpResponse:
    publication = _public(publication_id)
    response = render(
        request,
        "web/publish/portal_publication.html",
        {
            "publication": publication,
            "report": _report(publication, draft=False),
            "tables": tables_of(publication),
            "formats": list(FORMATS),
        },
    )
    return _stamped(response, publication.policy)


def portal_download(
    request: HttpRequest, publication_id: int, table_name: str, fmt: str
) -> HttpResponse:
    publication = _public(publication_id)
    if fmt not in FORMATS:
        raise Http404
    table = next((t for t in tables_of(publication) if t.name == table_name), None)
    if table is None:
        raise Http404
    content: str | bytes
    if fmt == "csv":
        content = exports.to_csv(table, publication.country, publication.period)
    elif fmt == "xlsx":
        content = exports.to_xlsx(table, publication.country, publication.period)
    else:
        content = exports.to_parquet(table, publication.country, publication.period)
    response = HttpResponse(content, content_type=FORMATS[fmt])
    filename = f"{publication.country}-{publication.period}-{table.name}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return _stamped(response, table.policy)


def portal_report(request: HttpRequest, publication_id: int) -> HttpResponse:
    publication = _public(publication_id)
    response = HttpResponse(render_html(_report(publication, draft=False)))
    return _stamped(response, publication.policy)


def portal_report_pdf(request: HttpRequest, publication_id: int) -> HttpResponse:
    publication = _public(publication_id)
    pdf = render_pdf(_report(publication, draft=False))
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"{publication.country}-{publication.period}-report.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return _stamped(response, publication.policy)

"""The flow monitoring registry for enumerators and analysts: list, filter, page, correct."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from mixflow.core.roles import Capability
from mixflow.core.scoping import scope_of
from mixflow.flows.dashboard_filters import filters_from
from mixflow.flows.dashboard_queries import flow_count_list
from mixflow.geo.queries import sites_for
from mixflow.intake.actions import CORRECTABLE, correct_flow_count
from mixflow.intake.queries import flow_count_for
from mixflow.lib.vocabularies import Direction
from mixflow.web.access import requires
from mixflow.web.flow_count_forms import FlowCountCorrectionForm

if TYPE_CHECKING:
    from mixflow.accounts.models import User

PAGE_SIZE = 50


@requires(Capability.VIEW_FLOW_COUNTS)
def flow_count_list_view(request: HttpRequest) -> HttpResponse:
    filters = filters_from(request.GET)
    direction = request.GET.get("direction", "")
    direction = direction if direction in Direction.values else ""
    counts = flow_count_list(request.user, filters, direction)
    page = Paginator(counts, PAGE_SIZE).get_page(request.GET.get("page"))
    query = filters.as_query()
    if direction:
        query = f"{query}&direction={direction}" if query else f"direction={direction}"
    return render(
        request,
        "web/flows/flow_count_list.html",
        {
            "page": page,
            "filters": filters,
            "direction": direction,
            "directions": Direction.choices,
            "sites": sites_for(request.user),
            "query": query,
            "may_correct": scope_of(request.user).can(Capability.CORRECT_FLOW_COUNTS),
        },
    )


@requires(Capability.CORRECT_FLOW_COUNTS)
def flow_count_correct(request: HttpRequest, flow_count_id: int) -> HttpResponse:
    count = flow_count_for(request.user, flow_count_id)
    if count is None:
        raise Http404
    initial = {name: getattr(count, name) for name in CORRECTABLE}
    form = FlowCountCorrectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changed = {name: form.cleaned_data[name] for name in CORRECTABLE}
        try:
            correct_flow_count(actor=cast("User", request.user), flow_count=count, values=changed)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The flow count was corrected; the change is recorded."))
            return redirect("web:flow_count_list")
    return render(request, "web/flows/flow_count_correct.html", {"count": count, "form": form})

"""Pages. Each view checks access with ``requires``, reads through the apps' scoped queries and
renders; none filters data itself."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from mixflow.core import audit
from mixflow.core.roles import Capability
from mixflow.core.scoping import scope_of
from mixflow.flows.figures import figures_for
from mixflow.geo.queries import site_for, sites_for
from mixflow.identity.queries import PersonSearch, group_memberships_of, person_for, search_persons
from mixflow.intake.queries import timeline_of
from mixflow.protection.queries import consents_of
from mixflow.web.access import requires
from mixflow.web.dashboard_views import home_summary
from mixflow.web.forms import PersonSearchForm
from mixflow.web.home_tasks import greeting_name, own_flow_counts, tasks_for
from mixflow.web.questionnaire_form import forms_filled_at_a_site

PAGE_SIZE = 25


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


@requires()
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "web/home.html",
        {
            "figures": figures_for(request.user),
            "name": greeting_name(request.user),
            "tasks": tasks_for(request.user),
            "own_counts": own_flow_counts(request.user),
            "dashboard": home_summary(request.user),
        },
    )


@requires(Capability.VIEW_PERSONS)
def person_search(request: HttpRequest) -> HttpResponse:
    form = PersonSearchForm(request.GET or None, user=request.user)
    page = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        search = PersonSearch(
            name=data["q"],
            born=data["born"],
            nationality=data["nationality"],
            site_id=int(data["site"]) if data["site"] else None,
            document=data["document"],
        )
        if not search.is_empty:
            results = search_persons(request.user, search).prefetch_related("nationalities")
            page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page}
    template = "web/_person_results.html" if _is_htmx(request) else "web/person_search.html"
    return render(request, template, context)


@requires(Capability.VIEW_PERSONS)
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    person = person_for(request.user, person_id)
    if person is None:
        raise Http404
    audit.record_access(request.user, person)
    # Sensitive details are not read here: they open on request (``case_views.person_sensitive``).
    timeline = list(timeline_of(request.user, person))
    consents = consents_of(request.user, person)
    return render(
        request,
        "web/person_detail.html",
        {
            "person": person,
            "age": person.age_on(timezone.localdate()),
            "timeline": timeline,
            "memberships": group_memberships_of(request.user, person),
            "may_refer_group": scope_of(request.user).can(Capability.MAKE_REFERRALS),
            "consents": consents,
            "can_correct": scope_of(request.user).can_at_site(
                Capability.REGISTER_PERSONS, person.registration_site_id
            ),
        },
    )


@requires(Capability.VIEW_SITES)
def site_list(request: HttpRequest) -> HttpResponse:
    sites = sites_for(request.user)
    return render(request, "web/site_list.html", {"sites": sites})


@requires(Capability.VIEW_SITES)
def site_detail(request: HttpRequest, site_id: int) -> HttpResponse:
    site = site_for(request.user, site_id)
    if site is None:
        raise Http404
    return render(
        request,
        "web/site_detail.html",
        {
            "site": site,
            "figures": figures_for(request.user, site=site),
            "forms_here": forms_filled_at_a_site(request.user),
        },
    )

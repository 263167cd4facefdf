"""The registration officer's daily work from the person page (issue 12): correct the record,
add a visit, keep the person's household or travel group."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mixflow.core.roles import Capability
from mixflow.core.scoping import scope_of
from mixflow.geo.queries import sites_for
from mixflow.identity.actions import PersonDetails
from mixflow.identity.group_actions import add_member, remove_member, start_group
from mixflow.identity.person_actions import edit_person
from mixflow.identity.queries import (
    PersonSearch,
    group_for,
    member_of,
    members_of,
    person_for,
    search_persons,
)
from mixflow.intake.actions import Journey, record_encounter
from mixflow.lib.vocabularies import DatePrecision, EncounterKind, Relationship
from mixflow.web.access import requires
from mixflow.web.person_forms import MemberForm, PersonCorrectionForm, VisitForm

if TYPE_CHECKING:
    from mixflow.accounts.models import User
    from mixflow.identity.models import Person


def _born(person: Person) -> str:
    """The date of birth as typed back: only as precise as it was recorded."""
    if person.date_of_birth is None:
        return ""
    if person.dob_precision == DatePrecision.EXACT:
        return person.date_of_birth.isoformat()
    if person.dob_precision == DatePrecision.MONTH:
        return f"{person.date_of_birth:%Y-%m}"
    return str(person.birth_year or person.date_of_birth.year)


@requires(Capability.REGISTER_PERSONS)
def person_edit(request: HttpRequest, person_id: int) -> HttpResponse:
    person = person_for(request.user, person_id)
    if person is None:
        raise Http404
    declared = person.nationalities.filter(basis="declared").values_list("country", flat=True)
    initial = {
        "given_name": person.given_name,
        "father_name": person.father_name,
        "family_name": person.family_name,
        "sex": person.sex,
        "date_of_birth": _born(person),
        "nationality": next(iter(declared), ""),
    }
    form = PersonCorrectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actor: User = request.user  # type: ignore[assignment]
        edit_person(
            actor=actor,
            person=person,
            details=PersonDetails(
                given_name=data["given_name"].strip(),
                family_name=data["family_name"].strip(),
                father_name=data["father_name"].strip(),
                sex=data["sex"],
                date_of_birth=data["date_of_birth"],
                # An unchanged date keeps its precision (an estimate stays an estimate).
                dob_precision=person.dob_precision
                if data["date_of_birth"] == initial["date_of_birth"] and data["date_of_birth"]
                else None,
                nationalities=[data["nationality"]] if data["nationality"] else [],
            ),
        )
        messages.success(request, _("The record is corrected; the change is in the audit log."))
        return redirect("web:person_detail", person_id=person.pk)
    return render(request, "web/identity/person_edit.html", {"person": person, "form": form})


def _desk_sites(request: HttpRequest) -> list[tuple[int, str]]:
    """Sites where the reader registers persons, for the visit's site."""
    scope = scope_of(request.user)
    return [
        (site.pk, site.display_name)
        for site in sites_for(request.user)
        if scope.can_at_site(Capability.REGISTER_PERSONS, site.pk)
    ]


@requires(Capability.REGISTER_PERSONS)
def person_visit(request: HttpRequest, person_id: int) -> HttpResponse:
    """A new encounter of a registered person, at the officer's site, today unless said."""
    person = person_for(request.user, person_id)
    if person is None:
        raise Http404
    sites = _desk_sites(request)
    ids = [pk for pk, _name in sites]
    initial = {
        "site": str(person.registration_site_id if person.registration_site_id in ids else ""),
        "occurred_on": timezone.localdate(),
    }
    if len(sites) == 1:
        initial["site"] = str(sites[0][0])
    form = VisitForm(request.POST or None, initial=initial, sites=sites)
    if request.method == "POST" and form.is_valid():
        site = sites_for(request.user).get(pk=int(form.cleaned_data["site"]))
        actor: User = request.user  # type: ignore[assignment]
        record_encounter(
            actor=actor,
            person=person,
            site=site,
            occurred_on=form.cleaned_data["occurred_on"],
            kind=EncounterKind.VISIT,
            journey=Journey(intended_destination=form.cleaned_data["intended_destination"]),
        )
        messages.success(request, _("The visit is recorded."))
        return redirect("web:person_detail", person_id=person.pk)
    return render(request, "web/identity/person_visit.html", {"person": person, "form": form})


@requires(Capability.REGISTER_PERSONS)
@require_POST
def person_group_start(request: HttpRequest, person_id: int) -> HttpResponse:
    person = person_for(request.user, person_id)
    if person is None:
        raise Http404
    group = start_group(actor=request.user, person=person)  # type: ignore[arg-type]
    return redirect("web:group_detail", group_id=group.pk)


@requires(Capability.VIEW_PERSONS)
def group_detail(request: HttpRequest, group_id: int) -> HttpResponse:
    """The household or travel group: its members, and for the desk, add and remove."""
    group = group_for(request.user, group_id)
    if group is None:
        raise Http404
    members = list(members_of(request.user, group))
    editable = scope_of(request.user).can_at_site(Capability.REGISTER_PERSONS, group.site_id)
    query = request.GET.get("q", "").strip()[:200]
    found: list[Any] = []
    if editable and query:
        present = {m.person_id for m in members}
        found = [
            p
            for p in search_persons(request.user, PersonSearch(name=query))[:10]
            if p.pk not in present and p.organisation_id == group.organisation_id
        ]
    return render(
        request,
        "web/identity/group_detail.html",
        {
            "group": group,
            "members": members,
            "editable": editable,
            "query": query,
            "found": found,
            "relationship_choices": Relationship.choices,
        },
    )


@requires(Capability.REGISTER_PERSONS)
@require_POST
def group_member_add(request: HttpRequest, group_id: int) -> HttpResponse:
    group = group_for(request.user, group_id)
    if group is None:
        raise Http404
    form = MemberForm(request.POST)
    person = person_for(request.user, form.cleaned_data["person"]) if form.is_valid() else None
    if person is None:
        messages.error(request, _("Choose a person found by the search."))
        return redirect("web:group_detail", group_id=group.pk)
    add_member(
        actor=request.user,  # type: ignore[arg-type]
        group=group,
        person=person,
        relationship=form.cleaned_data["relationship"],
    )
    messages.success(request, _("%(name)s joined the group.") % {"name": person.display_name})
    return redirect("web:group_detail", group_id=group.pk)


@requires(Capability.REGISTER_PERSONS)
@require_POST
def group_member_remove(request: HttpRequest, group_id: int, member_id: int) -> HttpResponse:
    group = group_for(request.user, group_id)
    member = member_of(request.user, group, member_id) if group is not None else None
    if member is None:
        raise Http404
    remove_member(actor=request.user, member=member)  # type: ignore[arg-type]
    messages.success(request, _("The member left the group; their record is unchanged."))
    return redirect("web:group_detail", group_id=group_id)

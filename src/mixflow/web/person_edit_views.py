"""The registration officer's correction of a person's record, from the person page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from mixflow.core.roles import Capability
from mixflow.identity.actions import PersonDetails
from mixflow.identity.person_actions import correct_person
from mixflow.identity.queries import person_for
from mixflow.lib.vocabularies import DatePrecision
from mixflow.web.access import requires
from mixflow.web.person_forms import PersonCorrectionForm

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
        correct_person(
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

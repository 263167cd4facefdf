"""Correcting a registration record: a misspelt name, a wrong date of birth, sex or declared
nationality, as the registration officer finds them at the desk (issue 12).

The record's identity is kept (a correction is not a new person; a reviewer links or splits
if the correction shows another human); its search keys follow the names. The change is
audited in the same transaction, before and after, by the audit log's model signals.
"""

from __future__ import annotations

from django.db import transaction

from mixflow.accounts.actors import Actor
from mixflow.core import audit
from mixflow.identity.actions import PersonDetails, _index_names, _may_register
from mixflow.identity.models import Nationality, Person
from mixflow.lib.dates import parse_partial_date
from mixflow.lib.names import display_latin


@transaction.atomic
def correct_person(*, actor: Actor, person: Person, details: PersonDetails) -> Person:
    """Replace the record's names, sex, date of birth and declared nationalities with
    ``details`` (validated by the caller); documented nationalities stay as they are. Needs
    ``register_persons`` at the record's registration site."""
    _may_register(actor, person.organisation_id, person.registration_site_id)
    born = parse_partial_date(details.date_of_birth, details.dob_precision)
    latin = display_latin(details.given_name, details.father_name, details.family_name)
    with audit.acting_as(actor):
        person.given_name = details.given_name
        person.family_name = details.family_name
        person.father_name = details.father_name
        person.latin_name = latin or display_latin(person.native_name)
        person.sex = details.sex
        person.date_of_birth = born.as_date()
        person.dob_precision = born.precision
        person.birth_year = born.year
        person.save()
        declared = person.nationalities.filter(basis=Nationality.Basis.DECLARED)
        wanted = list(dict.fromkeys(details.nationalities))
        declared.exclude(country__in=wanted).delete()
        held = set(person.nationalities.values_list("country", flat=True))
        for country in wanted:
            if country not in held:
                Nationality.objects.create(person=person, country=country)
        _index_names(person)
    return person

"""Correcting a registration record: a misspelt name, a wrong date of birth, sex or declared
nationality, as the registration officer finds them at the desk (issue 12).

The record's identity is kept (a correction is not a new person; a reviewer links or splits
if the correction shows another human). The values replaced are kept as a rectification's are
(``correction_actions.keep_correction``: history on the person's page, search keys, aggregates
refreshed), and audited in the same transaction.
"""

from __future__ import annotations

from django.db import transaction

from mixflow.accounts.actors import Actor
from mixflow.core import audit
from mixflow.identity import hooks
from mixflow.identity.actions import PersonDetails, _may_register
from mixflow.identity.correction_actions import keep_correction, values_before
from mixflow.identity.models import Nationality, Person
from mixflow.lib.dates import parse_partial_date


@transaction.atomic
def edit_person(
    *, actor: Actor, person: Person, details: PersonDetails, reason: str = ""
) -> Person:
    """Replace the record's names, sex, date of birth and declared nationalities with
    ``details`` (validated by the caller); documented nationalities stay as they are. Needs
    ``register_persons`` at the record's registration site."""
    _may_register(actor, person.organisation_id, person.registration_site_id)
    born = parse_partial_date(details.date_of_birth, details.dob_precision)
    before = values_before(person)
    person.given_name = details.given_name
    person.family_name = details.family_name
    person.father_name = details.father_name
    person.sex = details.sex
    person.date_of_birth = born.as_date()
    person.dob_precision = born.precision
    person.birth_year = born.year
    keep_correction(actor=actor, person=person, before=before, reason=reason)
    with audit.acting_as(actor):
        declared = person.nationalities.filter(basis=Nationality.Basis.DECLARED)
        wanted = list(dict.fromkeys(details.nationalities))
        removed = declared.exclude(country__in=wanted).exists()
        declared.exclude(country__in=wanted).delete()
        held = set(person.nationalities.values_list("country", flat=True))
        added = [country for country in wanted if country not in held]
        for country in added:
            Nationality.objects.create(person=person, country=country)
    if removed or added:  # the aggregates count people by nationality
        hooks.persons_changed([person.pk])
    return person

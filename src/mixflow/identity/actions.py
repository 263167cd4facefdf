"""State changes of persons and groups: atomic, audited, called by every interface."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from mixflow.accounts.models import Organisation
from mixflow.core import audit
from mixflow.geo.models import Location
from mixflow.identity.models import Group, GroupMember, NameKey, Nationality, Person
from mixflow.lib.dates import parse_partial_date
from mixflow.lib.names import display_latin, search_keys
from mixflow.lib.vocabularies import Sex


@dataclass(frozen=True)
class PersonDetails:
    """What a registration records about a person (validated by the caller)."""

    given_name: str = ""
    family_name: str = ""
    father_name: str = ""
    native_name: str = ""
    script: str = ""
    sex: str = Sex.UNKNOWN
    date_of_birth: str = ""
    dob_precision: str | None = None
    nationalities: Sequence[str] = ()
    languages: Sequence[str] = field(default_factory=tuple)


def index_names(person: Person) -> None:
    """Rebuild the person's search keys from their names and aliases."""
    aliases = [alias.name for alias in person.aliases.all()] if person.pk else []
    keys = search_keys(
        person.given_name, person.family_name, person.father_name, person.native_name, *aliases
    )
    NameKey.objects.filter(person=person).delete()
    NameKey.objects.bulk_create(NameKey(person=person, key=key) for key in keys)


@transaction.atomic
def register_person(
    *,
    actor: Any,
    organisation: Organisation,
    site: Location,
    registered_on: datetime.date,
    details: PersonDetails,
) -> Person:
    born = parse_partial_date(details.date_of_birth, details.dob_precision)
    with audit.acting_as(actor):
        person = Person.objects.create(
            organisation=organisation,
            registration_site=site,
            registered_on=registered_on,
            given_name=details.given_name,
            family_name=details.family_name,
            father_name=details.father_name,
            native_name=details.native_name,
            script=details.script,
            latin_name=display_latin(details.given_name, details.father_name, details.family_name)
            or display_latin(details.native_name),
            sex=details.sex,
            date_of_birth=born.as_date(),
            dob_precision=born.precision,
            birth_year=born.year,
            languages=list(details.languages),
        )
        for country in dict.fromkeys(details.nationalities):
            Nationality.objects.create(person=person, country=country)
        index_names(person)
    return person


@transaction.atomic
def register_group(
    *,
    actor: Any,
    organisation: Organisation,
    site: Location,
    kind: str,
    formed_on: datetime.date,
    members: Iterable[tuple[Person, str]],
) -> Group:
    with audit.acting_as(actor):
        group = Group.objects.create(
            organisation=organisation, site=site, kind=kind, formed_on=formed_on
        )
        for person, relationship in members:
            GroupMember.objects.create(group=group, person=person, relationship=relationship)
    return group

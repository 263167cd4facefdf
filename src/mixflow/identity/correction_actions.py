"""Rectification: correcting what a person's record says, on the person's request, with the
values before and after kept (``PersonCorrection``) and shown on the data-rights section."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from mixflow.accounts.actors import Actor, user_of
from mixflow.core import audit
from mixflow.core.roles import Capability
from mixflow.identity import hooks
from mixflow.identity.checks import require
from mixflow.identity.models import NameKey, Person, PersonCorrection
from mixflow.lib.dates import parse_partial_date
from mixflow.lib.names import display_latin, search_keys
from mixflow.lib.vocabularies import Sex

REFUSED_CORRECTION = _("You may not correct the data of this person.")

CORRECTABLE = ("given_name", "family_name", "father_name", "native_name", "sex", "date_of_birth")
"""What a person may ask to have corrected on the record itself (documents and journeys are
corrected where they are recorded)."""

COUNTED = frozenset({"sex", "date_of_birth"})
"""Fields the aggregates count (sex, year of birth): a change refreshes them."""


def _current(person: Person) -> dict[str, Any]:
    values: dict[str, Any] = {name: getattr(person, name) for name in CORRECTABLE}
    born = person.date_of_birth
    values["date_of_birth"] = born.isoformat() if born else ""
    values["dob_precision"] = person.dob_precision
    return values


@transaction.atomic
def correct_person(
    *,
    actor: Actor,
    person: Person,
    changes: Mapping[str, str],
    reason: str = "",
    dob_precision: str | None = None,
) -> PersonCorrection | None:
    """Apply ``changes`` (field → new value, fields of ``CORRECTABLE``) and keep what the
    record said before. ``None`` when nothing changes. ``ValidationError`` for a value the
    record cannot hold (an unknown sex, an impossible date)."""
    require(
        actor,
        [Capability.VIEW_PERSONS, Capability.HANDLE_DATA_REQUESTS],
        organisation_id=person.organisation_id,
        site_ids=[person.registration_site_id],
        refusal=REFUSED_CORRECTION,
    )
    unknown = set(changes) - set(CORRECTABLE)
    if unknown:
        raise ValueError(f"not correctable here: {sorted(unknown)}")
    before = _current(person)
    wanted = {name: str(value).strip() for name, value in changes.items()}
    if "sex" in wanted and wanted["sex"] not in Sex.values:
        raise ValidationError(_("Choose the sex from the list."))
    for name in ("given_name", "family_name", "father_name", "native_name"):
        if name in wanted:
            setattr(person, name, wanted[name][:200])
    if "sex" in wanted:
        person.sex = wanted["sex"]
    if "date_of_birth" in wanted and (
        wanted["date_of_birth"] != before["date_of_birth"]
        or (dob_precision and dob_precision != person.dob_precision)
    ):
        try:
            born = parse_partial_date(wanted["date_of_birth"], dob_precision)
        except ValueError as error:
            raise ValidationError(_("Enter a real date of birth.")) from error
        person.date_of_birth = born.as_date()
        person.dob_precision = born.precision
        person.birth_year = born.year
    return keep_correction(actor=actor, person=person, before=before, reason=reason)


def values_before(person: Person) -> dict[str, Any]:
    """What the record says now, to hand to ``keep_correction`` after changing it."""
    return _current(person)


def keep_correction(
    *, actor: Actor, person: Person, before: Mapping[str, Any], reason: str = ""
) -> PersonCorrection | None:
    """Save ``person`` as changed by the caller and keep the values it replaced: the one
    bookkeeping of every correction (a person's request, or the desk's edit), so both leave
    the same history, search keys and refreshed aggregates. The caller checked the actor."""
    after = _current(person)
    changed = [name for name in after if after[name] != before[name]]
    if not changed:
        return None
    person.latin_name = display_latin(
        person.given_name, person.father_name, person.family_name
    ) or display_latin(person.native_name)
    with audit.acting_as(actor):
        person.save()
        correction = PersonCorrection.objects.create(
            person=person,
            before={name: before[name] for name in changed},
            after={name: after[name] for name in changed},
            reason=reason[:2000],
            corrected_by=user_of(actor),
        )
    _reindex(person)
    if COUNTED & set(changed):
        hooks.persons_changed([person.pk])
    return correction


def _reindex(person: Person) -> None:
    aliases = [alias.name for alias in person.aliases.all()]
    keys = search_keys(
        person.given_name, person.family_name, person.father_name, person.native_name, *aliases
    )
    NameKey.objects.filter(person=person).delete()
    NameKey.objects.bulk_create(NameKey(person=person, key=key) for key in keys)

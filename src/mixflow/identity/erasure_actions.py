"""Anonymising a person's registration record: the identity side of erasure (on request) and of
retention's end. Names, aliases, documents, corrections and match candidates go; the year of
birth, sex, nationalities, group memberships and the record itself stay, so that links between
records and every aggregate counted from them (flows' EncounterFact) are unchanged.

The higher layers that hold more of the person (protection, intake) call this inside their own
transaction and erase their own tables; the audit entries of every erased row keep who did what
and when, never the values (``core.audit.redact``).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mixflow.accounts.actors import Actor
from mixflow.core import audit
from mixflow.core.roles import Capability
from mixflow.identity.checks import require
from mixflow.identity.models import (
    Document,
    MatchCandidate,
    NameKey,
    Person,
    PersonAlias,
    PersonCorrection,
)
from mixflow.lib.vocabularies import DatePrecision

REFUSED_ERASURE = _("You may not erase the data of this person.")

ERASED_TEXT = ("given_name", "family_name", "father_name", "native_name", "latin_name")


def check_may_erase(actor: Actor, persons: Sequence[Person]) -> None:
    for person in persons:
        require(
            actor,
            [Capability.HANDLE_DATA_REQUESTS],
            organisation_id=person.organisation_id,
            site_ids=[person.registration_site_id],
            refusal=REFUSED_ERASURE,
        )


def _ids(model: type[PersonAlias | Document | PersonCorrection], ids: list[int]) -> list[int]:
    return list(model.objects.filter(person_id__in=ids).values_list("pk", flat=True))


@transaction.atomic
def anonymise_records(*, actor: Actor, persons: Sequence[Person]) -> int:
    """Erase what identifies each of ``persons`` from identity's tables; the date of birth
    becomes its year. Returns how many records were anonymised (those already anonymised are
    done again: nothing is left that a later import may have added)."""
    check_may_erase(actor, persons)
    ids = [person.pk for person in persons]
    if not ids:
        return 0
    today = timezone.localdate()
    aliases = _ids(PersonAlias, ids)
    documents = _ids(Document, ids)
    corrections = _ids(PersonCorrection, ids)
    candidates = list(
        MatchCandidate.objects.filter(record_a_id__in=ids).values_list("pk", flat=True)
    ) + list(MatchCandidate.objects.filter(record_b_id__in=ids).values_list("pk", flat=True))
    # Queryset writes: no per-row signal would log the old names into a fresh entry.
    NameKey.objects.filter(person_id__in=ids).delete()
    PersonAlias.objects.filter(pk__in=aliases).delete()
    Document.objects.filter(pk__in=documents).delete()
    PersonCorrection.objects.filter(pk__in=corrections).delete()
    # The explanation compares the two records' names: the suggestion goes with it.
    MatchCandidate.objects.filter(pk__in=candidates).delete()
    people = Person.objects.filter(pk__in=ids)
    people.filter(birth_year__isnull=False).update(dob_precision=DatePrecision.YEAR)
    people.filter(birth_year__isnull=True).update(dob_precision=DatePrecision.UNKNOWN)
    people.update(
        **dict.fromkeys(ERASED_TEXT, ""),
        script="",
        source_ref="",
        date_of_birth=None,
        anonymised_on=today,
        updated_at=timezone.now(),
    )
    audit.redact(Person, ids)
    audit.redact(PersonAlias, aliases)
    audit.redact(Document, documents)
    audit.redact(PersonCorrection, corrections)
    audit.redact(MatchCandidate, candidates)
    for person in people:
        audit.record_erasure(
            actor,
            person,
            {"on": today.isoformat()},
        )
    return len(ids)

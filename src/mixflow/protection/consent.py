"""The one consent mechanism: which other organisations may read a person's records.

``shared_rows`` is the sharing policy that ``core.scoping`` applies to every model declaring a
``shared_through`` path (persons, their encounters, groups, documents…): a row of another
organisation is readable when the person has an active consent to share with the reader's
organisation, and never when an active ``withhold_from`` consent names it.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from mixflow.lib.vocabularies import ConsentPurpose
from mixflow.protection.models import Consent


def shared_rows(person_path: str, organisation_id: int) -> Q:
    active = Consent.objects.filter(
        person=OuterRef(person_path),
        given=True,
        withdrawn_on__isnull=True,
        target_organisation=organisation_id,
    )
    return Q(Exists(active.filter(purpose=ConsentPurpose.SHARE_WITH_ORGANISATION))) & ~Q(
        Exists(active.filter(purpose=ConsentPurpose.WITHHOLD_FROM))
    )

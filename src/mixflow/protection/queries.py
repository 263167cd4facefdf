"""Scoped reads of consent."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from mixflow.core.scoping import scoped
from mixflow.protection.models import Consent

if TYPE_CHECKING:
    from mixflow.identity.models import Person


def consents_of(user: Any, person: Person) -> QuerySet[Consent]:
    """The person's consents the user may read (those its own organisation recorded)."""
    return scoped(user, Consent).filter(person=person).select_related("target_organisation")

"""Recording and withdrawing consent: atomic and audited."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from mixflow.accounts.models import Organisation
from mixflow.core import audit
from mixflow.identity.models import Person
from mixflow.protection.models import Consent


@transaction.atomic
def record_consent(
    *,
    actor: Any,
    person: Person,
    purpose: str,
    given: bool,
    method: str,
    recorded_on: datetime.date,
    target_organisation: Organisation | None = None,
    withheld_from: str = "",
) -> Consent:
    with audit.acting_as(actor):
        return Consent.objects.create(
            organisation=person.organisation,
            person=person,
            purpose=purpose,
            given=given,
            method=method,
            recorded_on=recorded_on,
            target_organisation=target_organisation,
            withheld_from=withheld_from,
            recorded_by=actor if getattr(actor, "pk", None) else None,
        )


@transaction.atomic
def withdraw_consent(*, actor: Any, consent: Consent, on: datetime.date) -> Consent:
    with audit.acting_as(actor):
        consent.withdrawn_on = on
        consent.save(update_fields=["withdrawn_on"])
    return consent

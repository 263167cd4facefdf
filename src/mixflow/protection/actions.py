"""Recording and withdrawing consent: checked, atomic and audited; case management's actions
(``case_actions``) are gathered here.

Each action takes keyword arguments and one ``actor``; it needs ``view_persons`` and
``register_persons`` at the person's registration site, for the organisation that holds the
person's record (consent is recorded by the organisation that registered the person).
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from mixflow.accounts.actors import Actor, user_of
from mixflow.accounts.models import Organisation
from mixflow.core import audit
from mixflow.core.roles import Capability
from mixflow.identity.checks import require
from mixflow.identity.models import Person
from mixflow.protection.case_actions import (
    MAX_DOCUMENT_BYTES,
    TransferRefused,
    Upload,
    add_note,
    add_task,
    answer_transfer,
    assign_case,
    attach_document,
    close_case,
    complete_task,
    open_case,
    record_assessment,
    record_best_interests_step,
    record_plan,
    request_family_tracing,
    request_transfer,
    update_family_tracing,
)
from mixflow.protection.models import Consent

REFUSED_CONSENT = _("You may not record the consent of this person.")


def _may_record_consent(actor: Actor, person: Person) -> None:
    require(
        actor,
        [Capability.VIEW_PERSONS, Capability.REGISTER_PERSONS],
        organisation_id=person.organisation_id,
        site_ids=[person.registration_site_id],
        refusal=REFUSED_CONSENT,
    )


@transaction.atomic
def record_consent(
    *,
    actor: Actor,
    person: Person,
    purpose: str,
    given: bool,
    method: str,
    recorded_on: datetime.date,
    target_organisation: Organisation | None = None,
    withheld_from: str = "",
) -> Consent:
    _may_record_consent(actor, person)
    with audit.acting_as(actor):
        return Consent.objects.create(
            organisation_id=person.organisation_id,
            person=person,
            purpose=purpose,
            given=given,
            method=method,
            recorded_on=recorded_on,
            target_organisation=target_organisation,
            withheld_from=withheld_from,
            recorded_by=user_of(actor),
        )


@transaction.atomic
def withdraw_consent(*, actor: Actor, consent: Consent, on: datetime.date) -> Consent:
    _may_record_consent(actor, consent.person)
    with audit.acting_as(actor):
        consent.withdrawn_on = on
        consent.save(update_fields=["withdrawn_on"])
    return consent


__all__ = [
    "MAX_DOCUMENT_BYTES",
    "TransferRefused",
    "Upload",
    "add_note",
    "add_task",
    "answer_transfer",
    "assign_case",
    "attach_document",
    "close_case",
    "complete_task",
    "open_case",
    "record_assessment",
    "record_best_interests_step",
    "record_consent",
    "record_plan",
    "request_family_tracing",
    "request_transfer",
    "update_family_tracing",
    "withdraw_consent",
]

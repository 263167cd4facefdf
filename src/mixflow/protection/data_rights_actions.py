"""Answering a person's requests about their data: record a request, decide it, and restrict
or lift the restriction of processing. Each needs ``handle_data_requests`` (and sight of the
person) at the person's registration site, in the organisation holding the record; each is
audited in the same transaction.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mixflow.accounts.actors import Actor, user_of
from mixflow.core import audit
from mixflow.core.roles import Capability
from mixflow.identity.checks import require
from mixflow.identity.models import Person
from mixflow.protection.data_rights_models import DataRequest, RequestKind, RequestOutcome

REFUSED = _("You may not handle the data requests of this person.")


def check_may_handle(actor: Actor, person: Person) -> None:
    require(
        actor,
        [Capability.VIEW_PERSONS, Capability.HANDLE_DATA_REQUESTS],
        organisation_id=person.organisation_id,
        site_ids=[person.registration_site_id],
        refusal=REFUSED,
    )


@transaction.atomic
def record_request(
    *,
    actor: Actor,
    person: Person,
    kind: str,
    received_on: datetime.date,
    details: str = "",
) -> DataRequest:
    """Keep a request as received (pending until decided)."""
    check_may_handle(actor, person)
    if kind not in RequestKind.values:
        raise ValueError(f"unknown request kind {kind!r}")
    with audit.acting_as(actor):
        return DataRequest.objects.create(
            organisation_id=person.organisation_id,
            person=person,
            kind=kind,
            received_on=received_on,
            details=details,
        )


@transaction.atomic
def decide_request(
    *, actor: Actor, request: DataRequest, granted: bool, reason: str = ""
) -> DataRequest:
    """Grant or refuse a pending request. A granted restriction holds the person's data from
    now on (``protection.data_rights.restriction_of``)."""
    check_may_handle(actor, request.person)
    if request.outcome != RequestOutcome.PENDING:
        raise PermissionDenied(_("This request is already decided."))
    with audit.acting_as(actor):
        request.outcome = RequestOutcome.GRANTED if granted else RequestOutcome.REFUSED
        request.decided_at = timezone.now()
        request.decided_by = user_of(actor)
        request.reason = reason
        request.save(update_fields=["outcome", "decided_at", "decided_by", "reason"])
    return request


@transaction.atomic
def restrict(
    *, actor: Actor, person: Person, received_on: datetime.date, details: str = ""
) -> DataRequest:
    """Record a request to restrict processing and grant it at once: from now on the
    person's data is shared with nobody, for no purpose, until the restriction is lifted."""
    request = record_request(
        actor=actor,
        person=person,
        kind=RequestKind.RESTRICTION,
        received_on=received_on,
        details=details,
    )
    return decide_request(actor=actor, request=request, granted=True)


@transaction.atomic
def lift_restriction(*, actor: Actor, request: DataRequest, reason: str = "") -> DataRequest:
    check_may_handle(actor, request.person)
    if not request.is_active_restriction:
        raise PermissionDenied(_("This is not a restriction in force."))
    with audit.acting_as(actor):
        request.lifted_at = timezone.now()
        if reason:
            request.reason = f"{request.reason}\n{reason}".strip()
        request.save(update_fields=["lifted_at", "reason"])
    return request

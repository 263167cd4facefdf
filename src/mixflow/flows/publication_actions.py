"""Preparing, approving and withdrawing publications: checked, atomic and audited.

Preparation computes the tables and protects them through the gate at once; they are frozen
in the publication, so what the approver sees is exactly what will be published. Approval
needs a second person holding ``publish_statistics`` in the same organisation, and checks the
frozen tables again against everything published since they were prepared.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mixflow.accounts.actors import Actor, user_of
from mixflow.accounts.models import Organisation
from mixflow.core import audit
from mixflow.core.roles import Capability
from mixflow.flows import gate, statistics
from mixflow.flows.disclosure import TooFine
from mixflow.flows.models import Publication
from mixflow.flows.periods import parse_period
from mixflow.identity.checks import require

REFUSED = _("You may not publish statistics for this organisation.")
SAME_PERSON = _("A publication is approved by someone other than the person who prepared it.")


@transaction.atomic
def prepare_publication(
    *,
    actor: Actor,
    organisation: Organisation,
    title: str,
    country: str,
    period: str,
    table_kinds: list[str],
) -> Publication:
    require(
        actor, [Capability.PUBLISH_STATISTICS], organisation_id=organisation.pk, refusal=REFUSED
    )
    try:
        parsed = parse_period(period)
    except ValueError as error:
        raise ValidationError(_("Give the period as 2026, 2026-Q3 or 2026-07.")) from error
    if not table_kinds:
        raise ValidationError(_("Choose at least one table."))
    scope = statistics.Scope(organisation.pk, organisation.code, country.upper(), parsed)
    try:
        raw = statistics.build_tables(actor, scope, table_kinds)
        protected = gate.protect_tables(raw)
    except TooFine as error:
        raise ValidationError(
            _(
                "A table about unaccompanied children, trafficking or violence is published"
                " only by country and by quarter or year."
            )
        ) from error
    previous = Publication.objects.filter(
        organisation=organisation, country=scope.country, period=parsed.code, title=title
    ).aggregate(v=Max("version"))["v"]
    with audit.acting_as(actor):
        return Publication.objects.create(
            organisation=organisation,
            title=title,
            country=scope.country,
            period=parsed.code,
            version=(previous or 0) + 1,
            table_kinds=list(table_kinds),
            tables=[t.to_json() for t in protected],
            policy=gate.policy().describe(),
            prepared_by=user_of(actor),
        )


@transaction.atomic
def approve_publication(*, actor: Actor, publication: Publication) -> Publication:
    require(
        actor,
        [Capability.PUBLISH_STATISTICS],
        organisation_id=publication.organisation_id,
        refusal=REFUSED,
    )
    approver = user_of(actor)
    if approver is None or approver.pk == publication.prepared_by_id:
        raise PermissionDenied(SAME_PERSON)
    if publication.status != Publication.Status.PREPARED:
        raise ValidationError(_("Only a publication awaiting approval can be approved."))
    # What was published since preparation may now difference with these tables.
    book = gate.ledger(excluding=publication.pk)
    threshold = gate.policy().threshold
    for table in gate.frozen_tables(publication):
        for cell in table.published_cells(table.name):
            if book.conflicts(cell, threshold):
                raise ValidationError(
                    _(
                        "Since this publication was prepared, another one was published whose"
                        " figures, compared with these, would reveal a small group. Prepare it"
                        " again."
                    )
                )
    with audit.acting_as(actor):
        publication.status = Publication.Status.APPROVED
        publication.approved_by = approver
        publication.approved_at = timezone.now()
        publication.save(update_fields=["status", "approved_by", "approved_at"])
    return publication


@transaction.atomic
def withdraw_publication(*, actor: Actor, publication: Publication, reason: str) -> Publication:
    require(
        actor,
        [Capability.PUBLISH_STATISTICS],
        organisation_id=publication.organisation_id,
        refusal=REFUSED,
    )
    if not reason.strip():
        raise ValidationError(_("Say why the publication is withdrawn."))
    with audit.acting_as(actor):
        publication.status = Publication.Status.WITHDRAWN
        publication.withdrawn_at = timezone.now()
        publication.withdrawal_reason = reason.strip()
        publication.save(update_fields=["status", "withdrawn_at", "withdrawal_reason"])
    return publication

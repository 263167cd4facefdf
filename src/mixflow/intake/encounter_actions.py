"""Encounters and flow counts: the records a submission leaves, written atomically and audited.

These are steps ``receive_submission`` takes once a submission is validated and allowed; each
checks again, for itself, that the actor acts for the record's organisation and may write it at
its site: an encounter needs ``register_persons``; a flow count ``record_flow_counts`` or
``import_data`` (information managers import the registry without counting at a point).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mixflow.accounts.actors import Actor, user_of
from mixflow.accounts.models import Organisation
from mixflow.core import audit
from mixflow.core.roles import Capability
from mixflow.core.scoping import scope_of
from mixflow.geo.models import Location
from mixflow.identity.models import Group, Person
from mixflow.intake.contracts import Journey, Sensitive
from mixflow.intake.flow_count_fields import FLOW_COUNT_VALUES
from mixflow.intake.hooks import encounters_written, flow_counts_written
from mixflow.intake.models import Encounter, FlowCount, SensitiveDetails
from mixflow.lib.vocabularies import LocationLevel


def _check(
    actor: Actor, organisation_id: int, site: Location, any_of: tuple[Capability, ...]
) -> None:
    scope = scope_of(actor)
    if not scope.acts_for(organisation_id):
        raise PermissionDenied(_("You do not act for this organisation."))
    if not any(scope.can_at_site(capability, site.pk) for capability in any_of):
        raise PermissionDenied(_("You may not submit this questionnaire at this site."))


@transaction.atomic
def record_encounter(
    *,
    actor: Actor,
    person: Person,
    site: Location,
    occurred_on: datetime.date,
    kind: str,
    journey: Journey = Journey(),
    sensitive: Sensitive = Sensitive(),
    group: Group | None = None,
) -> Encounter:
    """An encounter of ``person`` at ``site``; it belongs to the person's organisation."""
    _check(actor, person.organisation_id, site, (Capability.REGISTER_PERSONS,))
    with audit.acting_as(actor):
        encounter = Encounter.objects.create(
            organisation=person.organisation,
            person=person,
            site=site,
            occurred_on=occurred_on,
            kind=kind,
            group=group,
            country_of_origin=journey.country_of_origin,
            country_of_residence=journey.country_of_residence,
            departure_date=journey.departure_date,
            countries_transited=list(journey.countries_transited),
            intended_destination=journey.intended_destination,
            transport=list(journey.transport),
            reasons_for_leaving=list(journey.reasons_for_leaving),
            used_smuggler=journey.used_smuggler,
            smuggler_cost_usd=journey.smuggler_cost_usd,
            wishes_return=journey.wishes_return,
            recorded_by=user_of(actor),
        )
        if not sensitive.is_empty:
            SensitiveDetails.objects.create(
                encounter=encounter,
                trafficking_indicators=list(sensitive.trafficking_indicators),
                violence_incidents=list(sensitive.violence_incidents),
                health_conditions=list(sensitive.health_conditions),
                wishes_asylum=sensitive.wishes_asylum,
                asylum_details=sensitive.asylum_details,
                fear_of_return=sensitive.fear_of_return,
                refugee_elsewhere=sensitive.refugee_elsewhere,
                refugee_country=sensitive.refugee_country,
                under_18=sensitive.under_18,
                child_care=sensitive.child_care,
                single_caregiver=sensitive.single_caregiver,
                travelling_with_others=sensitive.travelling_with_others,
            )
        encounters_written([encounter.pk])
    return encounter


def flow_count_from(
    organisation: Organisation, site: Location, values: Mapping[str, Any], actor: Actor
) -> FlowCount:
    """An unsaved flow count from mapped answers (bulk imports save many at once)."""
    observed = values.get("observed_at")
    if isinstance(observed, str) and observed:
        observed = datetime.datetime.fromisoformat(observed)
    elif isinstance(observed, datetime.date) and not isinstance(observed, datetime.datetime):
        observed = datetime.datetime.combine(observed, datetime.time(12))
    if not observed:
        observed = timezone.now()
    if timezone.is_naive(observed):
        observed = timezone.make_aware(observed)
    previous = None
    if values.get("previous_transit_point"):
        previous = _site_by_code(values["previous_transit_point"])
    return FlowCount(
        organisation=organisation,
        site=site,
        observed_at=observed,
        previous_transit_point=previous,
        recorded_by=user_of(actor),
        **{name: values[name] for name in FLOW_COUNT_VALUES if name in values},
    )


_site_ids: dict[str, int] = {}
"""Site ids by code, for bulk imports naming a previous transit point on each row. Only sites
found are kept (a code unknown now may be added as a site later), and the whole map is
forgotten when any location is saved or deleted (``forget_site_ids``)."""


def _site_id_by_code(code: str) -> int | None:
    pk = _site_ids.get(code)
    if pk is None:
        pk = (
            Location.objects.filter(code=code, level=LocationLevel.SITE)
            .values_list("pk", flat=True)
            .first()
        )
        if pk is not None and len(_site_ids) < 4096:
            _site_ids[code] = pk
    return pk


def forget_site_ids(**_signal: Any) -> None:
    """Receiver of ``post_save`` and ``post_delete`` of locations (connected in ``apps``)."""
    _site_ids.clear()


def _site_by_code(code: str) -> Location | None:
    pk = _site_id_by_code(code)
    return Location(pk=pk) if pk is not None else None


@transaction.atomic
def record_flow_count(
    *, actor: Actor, organisation: Organisation, site: Location, values: Mapping[str, Any]
) -> FlowCount:
    """One group observed at a flow monitoring point (validated by the form's constraints)."""
    _check(
        actor,
        organisation.pk,
        site,
        (Capability.RECORD_FLOW_COUNTS, Capability.IMPORT_DATA),
    )
    flow_count = flow_count_from(organisation, site, values, actor)
    with audit.acting_as(actor):
        flow_count.save()
    flow_counts_written([flow_count.pk])
    return flow_count

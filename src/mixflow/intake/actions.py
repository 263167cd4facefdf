"""State changes of encounters and flow counts: atomic and audited."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from mixflow.core import audit
from mixflow.geo.models import Location
from mixflow.identity.models import Group, Person
from mixflow.intake.models import Encounter, SensitiveDetails


@dataclass(frozen=True)
class Journey:
    country_of_origin: str = ""
    country_of_residence: str = ""
    departure_date: datetime.date | None = None
    countries_transited: Sequence[str] = ()
    intended_destination: str = ""
    transport: Sequence[str] = ()
    reasons_for_leaving: Sequence[str] = ()
    used_smuggler: bool | None = None
    smuggler_cost_usd: int | None = None
    wishes_return: bool | None = None


@dataclass(frozen=True)
class Sensitive:
    trafficking_indicators: Sequence[str] = ()
    violence_incidents: Sequence[str] = ()
    health_conditions: Sequence[str] = ()
    wishes_asylum: bool | None = None
    asylum_details: str = ""

    @property
    def is_empty(self) -> bool:
        return not (
            self.trafficking_indicators
            or self.violence_incidents
            or self.health_conditions
            or self.wishes_asylum is not None
            or self.asylum_details
        )


@transaction.atomic
def record_encounter(
    *,
    actor: Any,
    person: Person,
    site: Location,
    occurred_on: datetime.date,
    kind: str,
    journey: Journey = Journey(),
    sensitive: Sensitive = Sensitive(),
    group: Group | None = None,
) -> Encounter:
    """An encounter of ``person`` at ``site``; it belongs to the person's organisation."""
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
            recorded_by=actor if getattr(actor, "pk", None) else None,
        )
        if not sensitive.is_empty:
            SensitiveDetails.objects.create(
                encounter=encounter,
                trafficking_indicators=list(sensitive.trafficking_indicators),
                violence_incidents=list(sensitive.violence_incidents),
                health_conditions=list(sensitive.health_conditions),
                wishes_asylum=sensitive.wishes_asylum,
                asylum_details=sensitive.asylum_details,
            )
    return encounter

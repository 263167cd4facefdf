"""What intake's actions take: the journey as told and the sensitive details of an encounter.

Plain frozen dataclasses, so that the mapping of answers, the synthetic loader and the actions
share one shape without importing each other.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass


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
    # Screening answers the indicative profiles read (issue 9): as sensitive as the rest, since
    # they say who may fear return, who is a child alone, who cares for dependants alone.
    fear_of_return: str = ""
    """yes, no, dont_know or refused."""
    refugee_elsewhere: str = ""
    """yes, no or dont_know: recognised as a refugee (or holds a refugee document) elsewhere."""
    refugee_country: str = ""
    under_18: str = ""
    """yes, no or possibly (age uncertain: the benefit of the doubt goes to the child)."""
    child_care: str = ""
    """accompanied, separated or unaccompanied."""
    single_caregiver: bool | None = None
    travelling_with_others: bool | None = None

    @property
    def is_empty(self) -> bool:
        return not (
            self.trafficking_indicators
            or self.violence_incidents
            or self.health_conditions
            or self.wishes_asylum is not None
            or self.asylum_details
            or self.fear_of_return
            or self.refugee_elsewhere
            or self.refugee_country
            or self.under_18
            or self.child_care
            or self.single_caregiver is not None
            or self.travelling_with_others is not None
        )

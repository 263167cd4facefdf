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

    @property
    def is_empty(self) -> bool:
        return not (
            self.trafficking_indicators
            or self.violence_incidents
            or self.health_conditions
            or self.wishes_asylum is not None
            or self.asylum_details
        )

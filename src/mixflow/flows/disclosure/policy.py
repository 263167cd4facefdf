"""What may be published: the threshold, rounding and how coarse sensitive tables must be."""

from __future__ import annotations

from dataclasses import dataclass

GEOGRAPHY_LEVELS = ("site", "admin1", "country", "region")
"""From the finest to the coarsest."""
TIME_LEVELS = ("day", "week", "month", "quarter", "year")
"""From the finest to the coarsest."""


class TooFine(ValueError):
    """A sensitive table asked at a finer geography or time than the policy allows."""


@dataclass(frozen=True)
class Policy:
    threshold: int = 5
    """Cells from 1 to ``threshold - 1`` are never published (zero is safe)."""
    rounding_base: int | None = None
    """Published values rounded to the nearest multiple (``None``: exact)."""
    sensitive_geography: str = "country"
    sensitive_time: str = "quarter"

    def __post_init__(self) -> None:
        if self.threshold < 1:
            raise ValueError("the threshold must be at least 1")
        if self.rounding_base is not None and self.rounding_base < 1:
            raise ValueError("the rounding base must be at least 1")
        if self.sensitive_geography not in GEOGRAPHY_LEVELS:
            raise ValueError(f"unknown geography level {self.sensitive_geography!r}")
        if self.sensitive_time not in TIME_LEVELS:
            raise ValueError(f"unknown time level {self.sensitive_time!r}")

    def check_coarse_enough(self, *, sensitive: bool, geography: str, time: str) -> None:
        """Refuse a sensitive table (trafficking, unaccompanied or separated children,
        violence) below the coarse geography and time the policy names."""
        if geography not in GEOGRAPHY_LEVELS:
            raise ValueError(f"unknown geography level {geography!r}")
        if time not in TIME_LEVELS:
            raise ValueError(f"unknown time level {time!r}")
        if not sensitive:
            return
        if GEOGRAPHY_LEVELS.index(geography) < GEOGRAPHY_LEVELS.index(self.sensitive_geography):
            raise TooFine(
                f"a sensitive table is published by {self.sensitive_geography} or coarser,"
                f" not by {geography}"
            )
        if TIME_LEVELS.index(time) < TIME_LEVELS.index(self.sensitive_time):
            raise TooFine(
                f"a sensitive table is published by {self.sensitive_time} or coarser, not by {time}"
            )

    def rounded(self, value: int) -> int:
        if self.rounding_base is None:
            return value
        base = self.rounding_base
        return ((value + base // 2) // base) * base

    def describe(self) -> str:
        rounding = f"; rounded to base {self.rounding_base}" if self.rounding_base else ""
        return (
            f"threshold {self.threshold}; sensitive tables by {self.sensitive_geography}"
            f" and {self.sensitive_time} or coarser{rounding}"
        )

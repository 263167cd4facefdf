"""Template filters saying a matcher score in words: ``{{ score|likelihood }}``."""

from __future__ import annotations

from django import template
from django.utils.functional import Promise

from mixflow.identity import explaining

register = template.Library()


@register.filter
def likelihood(score: float | None) -> Promise | str:
    """ "likely the same person" and the like, for a score in log2 odds."""
    return "" if score is None else explaining.likelihood(float(score))


@register.filter
def percent_likely(score: float | None) -> int:
    """The score as a whole percentage of being one person."""
    return 0 if score is None else explaining.percent(float(score))

"""Messages written below Django (:mod:`mixflow.lib.messages`) said in the active language.

The Django layers' counterpart of ``cli.language.said``: a message's template translated by
Django's catalogues and its numbers written as the active language writes them (1,234 /
1 234 / 1.234; 12.5 / 12,5), a message among its values said the same way. Pages, the API and
stored messages (``intake.said``) all say a :class:`~mixflow.lib.messages.Message` here.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils import formats
from django.utils.translation import gettext

from mixflow.lib import messages


def number(n: int) -> str:
    """A whole number as the active language writes it, grouped by thousands."""
    return formats.number_format(n, force_grouping=True)


def decimal(x: float, places: int) -> str:
    """A decimal number as the active language writes it."""
    return formats.number_format(x, places)


def said(template: str, params: Mapping[str, object]) -> str:
    """A message's template and values (:mod:`mixflow.lib.messages`) in the active language."""
    return messages.said(template, params, gettext=gettext, number=number, decimal=decimal)

"""Messages written below the layers that translate them.

The matcher (``identity.linkage``) runs without Django, on a Spark worker as in the CLI, and so
do the profiling rules' checks: their messages to a user are marked here for the catalogues
and translated by the layer that shows them, from the template and the values an error carries
(``InputError.template`` and ``.params``, a :class:`Message`). :func:`said` fills a template in
one way for every layer: numbers as the language writes them, a message inside a message said
in the same language.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

__all__ = ["Message", "Refusal", "gettext_noop", "said"]


def gettext_noop(message: str) -> str:
    """``message`` unchanged; ``makemessages`` reads this name and puts it in the catalogues."""
    return message


def _as_is(message: str) -> str:
    return message


def _english_number(n: int) -> str:
    return f"{n:,}"


def _english_decimal(x: float, places: int) -> str:
    return f"{x:.{places}f}"


def said(
    template: str,
    params: Mapping[str, object],
    *,
    gettext: Callable[[str], str] = _as_is,
    number: Callable[[int], str] = _english_number,
    decimal: Callable[[float, int], str] = _english_decimal,
) -> str:
    """``template`` in the language ``gettext`` speaks (English by default), filled in.

    Whole numbers are written by ``number`` (1,000 / 1 000 / 1.000), others by ``decimal``
    with one place (12.5 / 12,5); a :class:`Message` among the values is said the same way;
    anything else goes in as it is (``%(value)r`` still quotes a text)."""
    text = gettext(template)
    if not params:
        return text

    def value(v: object) -> object:
        if isinstance(v, Message):
            return said(v.template, v.params, gettext=gettext, number=number, decimal=decimal)
        if isinstance(v, bool):
            return v
        if isinstance(v, int):
            return number(v)
        if isinstance(v, float):
            return decimal(v, 1)
        return v

    return text % {k: value(v) for k, v in params.items()}


@dataclass(frozen=True)
class Message:
    """A message to a user, kept as its template (marked with :func:`gettext_noop`) and the
    values that fill it, for the layer that shows it to translate; ``str()`` is English."""

    template: str
    params: Mapping[str, object] = field(default_factory=dict)

    def __str__(self) -> str:
        return said(self.template, self.params)


class Refusal(ValueError):
    """A refusal written below the layers that translate: its ``template`` (marked with
    :func:`gettext_noop`) and ``params`` kept apart for the layer that shows it to say in the
    reader's language (:func:`said`); ``str()`` is English."""

    def __init__(self, template: str, **params: object) -> None:
        self.template = template
        self.params = params
        super().__init__(said(template, params))

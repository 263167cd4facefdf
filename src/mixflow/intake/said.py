"""Messages that can be said again later, in another language.

A refused answer's message is text in the language of whoever sent it; a quarantined import row
keeps its messages for whoever corrects it, who may read another language. A ``Said`` is that
text (a ``str``: every caller that shows it at once is unchanged) which also remembers how to
say it again: the message's source text (its gettext msgid, the code translations are looked up
by) and its values, or, for a message the questionnaire itself gives, the form's text in each of
its languages. ``stored`` turns it into JSON for the database and ``shown`` says a stored
message in the active language. A plain string (written before messages were stored this way,
or from a source that has no code) is shown as it was written.

A message is a :class:`mixflow.lib.messages.Message` (``said_with``), said the way every Django
layer says one (``core.language.said``): its numbers are kept as numbers, so that a message
said again in another language writes them as that language does.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from django.utils import translation

from mixflow.core import language
from mixflow.intake.xlsform.model import text_in
from mixflow.lib.messages import Message

CODE = "code"
PARAMS = "params"
TEXTS = "texts"
DEFAULT = "default"


class Said(str):
    """Text already in the language it was asked in, which can be said again in another."""

    code: str
    params: dict[str, object]
    texts: dict[str, str]
    default_language: str

    def __new__(
        cls,
        text: str,
        *,
        code: str = "",
        params: Mapping[str, object] | None = None,
        texts: Mapping[str, str] | None = None,
        default_language: str = "",
    ) -> Said:
        said = super().__new__(cls, text)
        said.code = code
        said.params = {key: _kept(value) for key, value in (params or {}).items()}
        said.texts = dict(texts or {})
        said.default_language = default_language
        return said


def said(template: Any, lang: str | None = None, **params: object) -> Said:
    """``template`` (a ``gettext_lazy`` text with ``%(name)s`` placeholders) said in ``lang``
    (the active language if none) with ``params``, remembering both to say it again.

    The values go in as text, as they are written here (an id or a year is no quantity to
    write the language's way); a :class:`Message`'s numbers are written as the language writes
    them (``said_with``)."""
    with translation.override(None):
        # With no language active, gettext gives back the source text: the message's code.
        code = str(template)
    with _speaking(lang):
        return said_with(Message(code, {key: str(value) for key, value in params.items()}))


def said_with(message: Message, lang: str | None = None) -> Said:
    """``message`` said in ``lang`` (the active language if none), remembering how to say it
    again: its template (the msgid) and its values."""
    with _speaking(lang):
        text = language.said(message.template, message.params)
    return Said(text, code=message.template, params=message.params)


def said_by_form(texts: Mapping[str, str], lang: str, default_language: str) -> Said:
    """A message the questionnaire gives (a constraint or required message), in ``lang``."""
    return Said(
        text_in(texts, lang, default_language, ""),
        texts=texts,
        default_language=default_language,
    )


def stored(message: str) -> str | dict[str, Any]:
    """What the database keeps of ``message``: its code and parameters when it has them."""
    if isinstance(message, Said) and message.code:
        return {CODE: message.code, PARAMS: message.params}
    if isinstance(message, Said) and message.texts:
        return {TEXTS: message.texts, DEFAULT: message.default_language}
    return str(message)


def stored_text(message: str) -> str:
    """:func:`stored` for a text column (an import's refusal): JSON when the message can be
    said again, else the text."""
    kept = stored(message)
    return kept if isinstance(kept, str) else json.dumps(kept, ensure_ascii=False)


def stored_all(messages: Mapping[str, str]) -> dict[str, str | dict[str, Any]]:
    return {key: stored(message) for key, message in messages.items()}


def shown(value: object) -> str:
    """A stored message in the active language (a plain string as it was written)."""
    if isinstance(value, Mapping):
        if CODE in value:
            return language.said(*_message_of(value))
        if TEXTS in value:
            lang = translation.get_language() or "en"
            return text_in(value[TEXTS], lang, str(value.get(DEFAULT) or "en"), "")
    return "" if value is None else str(value)


def shown_text(value: str) -> str:
    """A message kept by :func:`stored_text`, in the active language (other text as written)."""
    if value.startswith("{"):
        try:
            kept = json.loads(value)
        except ValueError:
            return value
        if isinstance(kept, dict) and (CODE in kept or TEXTS in kept):
            return shown(kept)
    return value


def shown_all(messages: Mapping[str, object] | None) -> dict[str, str]:
    return {key: shown(value) for key, value in (messages or {}).items()}


def reason_of(refusal: Exception) -> str:
    """The message a refusal was raised with, still a ``Said`` if it was one."""
    given = refusal.args[0] if refusal.args else None
    return given if isinstance(given, Said) else str(refusal)


@contextmanager
def _speaking(lang: str | None) -> Iterator[None]:
    if lang:
        with translation.override(lang):
            yield
    else:
        yield


def _kept(value: object) -> object:
    """A message's value as JSON keeps it: a number stays a number (written in the language of
    whoever reads it), a message inside a message its code and values, anything else text."""
    if isinstance(value, Message):
        return {CODE: value.template, PARAMS: {k: _kept(v) for k, v in value.params.items()}}
    if isinstance(value, (bool, int, float)):
        return value
    return str(value)


def _message_of(kept: Mapping[str, Any]) -> tuple[str, dict[str, object]]:
    """The template and values of a stored message (text values as they were stored)."""
    params = {
        key: Message(*_message_of(value)) if isinstance(value, Mapping) and CODE in value else value
        for key, value in (kept.get(PARAMS) or {}).items()
    }
    return str(kept[CODE]), params

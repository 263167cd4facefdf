"""The language the ``mixflow`` command speaks: English, French or Spanish.

Chosen once per run: ``mixflow --language fr …``; without it the environment,
``MIXFLOW_LANGUAGE`` then the POSIX ``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES`` and ``LANG`` (the
first that is set: ``fr_FR.UTF-8`` is French, ``es`` Spanish); anything else is English.

The strings are looked up with the standard library's ``gettext`` in the catalogues the web
pages use (``mixflow/locale/*/LC_MESSAGES/django.mo``), so ``mixflow --help`` and ``mixflow
synth`` start without Django. A command that sets Django up also activates Django's translation
in the same language (``activate_in_django``), so that what the application's actions say (a
refusal, a password rule) reaches the terminal in that language too.

argparse's own words ("usage:", "error:") come from ``gettext.gettext`` in the ``argparse``
module: they are routed to the same catalogue while a command runs.
"""

from __future__ import annotations

import argparse
import gettext as stdlib_gettext
import importlib
import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

from mixflow.lib import messages
from mixflow.lib.messages import gettext_noop

__all__ = [
    "LANGUAGES",
    "activate_in_django",
    "chosen",
    "current",
    "decimal",
    "from_environment",
    "gettext",
    "ngettext",
    "number",
    "prefixed",
    "said",
    "speaking",
]

LANGUAGES = ("en", "fr", "es")
DEFAULT = "en"
LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
ENVIRONMENT = ("MIXFLOW_LANGUAGE", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
"""Read in this order; the first one set (and not empty) decides."""
OPTION = "--language"


def _separators(language: str) -> tuple[str, str]:
    """Thousands and decimal separators as the pages write numbers: Django's own formats for
    the language (plain constants, read without setting Django up)."""
    formats = importlib.import_module(f"django.conf.locale.{language}.formats")
    return formats.THOUSAND_SEPARATOR, formats.DECIMAL_SEPARATOR


_SEPARATORS = {language: _separators(language) for language in LANGUAGES}


ARGPARSE_WORDS = (
    # What Python 3.11's argparse asks gettext for (``argparse._``) that a user can see; kept
    # here so that makemessages keeps them in the catalogues. Newer Pythons reword a few: those
    # stay English until added. (Its one plural, "expected %s argument(s)", needs nargs=N,
    # which no mixflow option has.)
    gettext_noop("usage: "),
    gettext_noop("positional arguments"),
    gettext_noop("options"),
    gettext_noop("show this help message and exit"),
    gettext_noop("%(prog)s: error: %(message)s\n"),
    gettext_noop("argument %(argument_name)s: %(message)s"),
    gettext_noop("the following arguments are required: %s"),
    gettext_noop("one of the arguments %s is required"),
    gettext_noop("not allowed with argument %s"),
    gettext_noop("unrecognized arguments: %s"),
    gettext_noop("ambiguous option: %(option)s could match %(matches)s"),
    gettext_noop("invalid choice: %(value)r (choose from %(choices)s)"),
    gettext_noop("invalid %(type)s value: %(value)r"),
    gettext_noop("expected one argument"),
    gettext_noop("expected at most one argument"),
    gettext_noop("expected at least one argument"),
    gettext_noop("ignored explicit argument %r"),
    gettext_noop("can't open '%(filename)s': %(error)s"),
)

_language = DEFAULT
_translations: stdlib_gettext.NullTranslations = stdlib_gettext.NullTranslations()


def _supported(value: str) -> str | None:
    """``fr_FR.UTF-8`` → ``fr``; ``es`` → ``es``; ``de_DE``, ``C`` → None."""
    code = value.strip().split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
    return code if code in LANGUAGES else None


def from_environment(environ: Mapping[str, str] | None = None) -> str:
    """The language the environment asks for, else English."""
    environ = os.environ if environ is None else environ
    for name in ENVIRONMENT:
        value = environ.get(name, "")
        if not value:
            continue
        # LANGUAGE is a list in order of preference (``fr:en``): the first one spoken here.
        for part in value.split(":") if name == "LANGUAGE" else [value]:
            language = _supported(part)
            if language:
                return language
        return DEFAULT
    return DEFAULT


def chosen(argv: Sequence[str], environ: Mapping[str, str] | None = None) -> str:
    """``--language`` among the options before the subcommand, else the environment's.

    Read before the parser is built, since its help texts are written in that language; an
    unknown value is left for the parser to refuse."""
    tokens = list(argv)
    for i, word in enumerate(tokens):
        if not word.startswith("-") or word == "--":
            break  # the subcommand: what follows is its own
        name, equals, value = word.partition("=")
        # argparse accepts an unambiguous prefix: --lang, --langu…
        if len(name) >= len("--l") and OPTION.startswith(name):
            if not equals:
                value = tokens[i + 1] if i + 1 < len(tokens) else ""
            if value in LANGUAGES:
                return value
            break
    return from_environment(environ)


def current() -> str:
    return _language


def gettext(message: str) -> str:
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations.ngettext(singular, plural, n)


def number(n: int) -> str:
    """An integer as the language writes it: 1,000 / 1 000 / 1.000."""
    return f"{n:,}".replace(",", _SEPARATORS[_language][0])


def decimal(x: float, places: int) -> str:
    """A decimal number as the language writes it: 0.5 / 0,5."""
    return f"{x:.{places}f}".replace(".", _SEPARATORS[_language][1])


def prefixed(command: str, message: object) -> str:
    """``mixflow backup: …``: a message after the name of the command that says it, punctuated
    as the language punctuates (French puts a no-break space before the colon)."""
    return gettext("%(command)s: %(message)s") % {"command": command, "message": message}


def said(template: str, params: Mapping[str, object]) -> str:
    """A message written below this layer (:mod:`mixflow.lib.messages`: an error's template
    and values) in the command's language, its numbers written as the language writes them."""
    return messages.said(template, params, gettext=gettext, number=number, decimal=decimal)


def _activate(language: str) -> None:
    global _language, _translations
    _language = language
    _translations = (
        stdlib_gettext.NullTranslations()
        if language == DEFAULT
        else stdlib_gettext.translation(
            "django", localedir=LOCALE_DIR, languages=[language], fallback=True
        )
    )


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """Speak ``language`` inside the block (argparse's words included), then as before."""
    before = _language
    # argparse looks its words up through its module's ``_`` and ``ngettext`` (the standard
    # library's gettext of the default domain, which has no Mixflow catalogue): routed here
    # for the block, put back after.
    routed = {"_": gettext, "ngettext": ngettext}
    saved = {name: getattr(argparse, name) for name in routed}
    _activate(language)
    for name, function in routed.items():
        setattr(argparse, name, function)
    try:
        yield
    finally:
        for name, function in saved.items():
            setattr(argparse, name, function)
        _activate(before)
        _deactivate_in_django()


_django_before: list[str | None] = []


def activate_in_django() -> None:
    """Once Django is set up: its translation speaks the command's language too."""
    from django.utils import translation

    if not _django_before:
        _django_before.append(translation.get_language())
    translation.activate(_language)


def _deactivate_in_django() -> None:
    if not _django_before:
        return
    from django.utils import translation

    before = _django_before.pop()
    if before is None:
        translation.deactivate_all()
    else:
        translation.activate(before)

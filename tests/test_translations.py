"""Every user-facing string exists in English, French and Spanish, and the compiled catalogues
match their sources."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.utils import translation

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "mixflow"
LANGUAGES = ("fr", "es")


def _catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(PACKAGE / "locale" / language / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_is_translated(language: str) -> None:
    catalogue = _catalogue(language)
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_its_source(language: str) -> None:
    catalogue = _catalogue(language)
    with translation.override(language):
        for entry in catalogue.translated_entries():
            if entry.msgid_plural or entry.msgctxt:
                continue
            assert translation.gettext(entry.msgid) == entry.msgstr, entry.msgid


@pytest.mark.skipif(
    shutil.which("xgettext") is None and not os.environ.get("CI"),
    reason="xgettext (Debian package gettext) is not installed",
)
def test_no_string_is_missing_from_the_catalogues(tmp_path: Path) -> None:
    """Extract the strings afresh and compare with the committed catalogues."""
    copy = tmp_path / "mixflow"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "-l",
            "fr",
            "--no-location",
            "--no-obsolete",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "mixflow.settings"},
    )
    fresh = {
        e.msgid for e in polib.pofile(str(copy / "locale" / "fr" / "LC_MESSAGES" / "django.po"))
    }
    committed = {e.msgid for e in _catalogue("fr")}
    assert fresh - committed == set(), (
        "run: mixflow manage makemessages -l fr -l es, then translate"
    )


# French sets its high punctuation and its guillemets apart with a no-break space, never a
# plain one (which lets a line end before a colon): "Site\u00a0: …", "12,5\u00a0%",
# "«\u00a0rules\u00a0»". A literal percent sign is "%%" in a python-format text.
_PLAIN_SPACE_IN_FRENCH = re.compile(r" (?=[:;?!»]|%%|%(?![(%a-z]))|« ")


def test_french_puts_a_no_break_space_before_high_punctuation_and_percent() -> None:
    wrong = [
        (entry.msgid, text)
        for entry in _catalogue("fr")
        for text in [entry.msgstr, *entry.msgstr_plural.values()]
        if _PLAIN_SPACE_IN_FRENCH.search(text)
    ]
    assert wrong == []

"""The matcher's fields and levels in plain words: one vocabulary, which the review pages and
``mixflow link`` both speak, covering every level the matcher has."""

from __future__ import annotations

import pytest
from django.utils import translation

from mixflow.cli import language
from mixflow.identity import explaining
from mixflow.identity.linkage.settings import EXTRA_LEVELS, FIELD_LEVELS, FUZZY_LEVELS
from mixflow.identity.linkage.words import (
    EXTRA_FINDINGS,
    FIELD_LABELS,
    FINDINGS,
    field_label,
    finding,
)


def test_every_field_and_level_of_the_matcher_has_its_words() -> None:
    for field, levels in FIELD_LEVELS.items():
        assert field in FIELD_LABELS, field
        for level in levels[1:]:  # level 0 is "missing": one word for every field
            assert (field, level) in FINDINGS, (field, level)
    assert set(EXTRA_LEVELS[1:]) | set(FUZZY_LEVELS[1:]) == set(EXTRA_FINDINGS)


def test_what_the_vocabulary_does_not_know_keeps_its_own_name() -> None:
    """A column of a user's own settings file, a level from newer settings: said as named."""
    loud = str.upper
    assert field_label("site", loud) == "SITE"
    assert field_label("extra:home_village", loud) == "home village"
    assert finding("site", "a level from the future", loud) == "a level from the future"
    assert finding("extra:home_village", "same", loud) == "THE SAME VALUE"
    assert finding("extra:home_village", "missing", loud) == "NOT KNOWN ON BOTH RECORDS"


@pytest.mark.parametrize("code", ["fr", "es"])
def test_the_review_page_and_the_command_say_the_same_words(code: str) -> None:
    said_on_the_page = []
    with translation.override(code):
        for field, levels in FIELD_LEVELS.items():
            said_on_the_page.append(str(explaining.field_label(field)))
            said_on_the_page += [str(explaining.finding(field, level)) for level in levels]
    said_by_the_command = []
    with language.speaking(code):
        for field, levels in FIELD_LEVELS.items():
            said_by_the_command.append(field_label(field, language.gettext))
            said_by_the_command += [finding(field, level, language.gettext) for level in levels]
    assert said_on_the_page == said_by_the_command
    assert "Nationalité" in said_on_the_page or "Nacionalidad" in said_on_the_page

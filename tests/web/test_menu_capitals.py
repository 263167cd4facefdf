"""Menu entries start with a capital letter in every language, as the English ones do."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from mixflow.core.roles import Role

BASE = Path(__file__).resolve().parents[2] / "src/mixflow/web/templates/web/base.html"


def _menu_entries() -> list[str]:
    text = BASE.read_text(encoding="utf-8")
    nav = text[text.index('<nav id="main-nav"') : text.index("</nav>")]
    return re.findall(r'{% translate "([^"]+)" %}', nav)


@pytest.mark.parametrize("language", ["fr", "es"])
def test_every_menu_entry_starts_with_a_capital(language: str) -> None:
    entries = _menu_entries()
    assert "API tokens" in entries
    with translation.override(language):
        small = {
            e: translation.gettext(e) for e in entries if not translation.gettext(e)[0].isupper()
        }
    assert small == {}


@pytest.mark.django_db
def test_the_french_menu_says_jetons_with_a_capital(login: Any, world: Any) -> None:
    client = login(world.user(Role.REGISTRATION_OFFICER))
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Jetons d&#x27;API" in page or "Jetons d'API" in page

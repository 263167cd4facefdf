"""Every page each role reaches, in French and in Spanish, shows no English string that the
catalogue translates: a text of the page equal to a translated msgid is a string left out of
``{% translate %}`` (or translated in the wrong language)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import polib
import pytest

from mixflow.core.roles import Role
from mixflow.intake.actions import install_default_questionnaires

pytestmark = pytest.mark.markup

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "mixflow"
MOST_PAGES = 40
SKIPPED = ("/api/", "/static/", "/i18n/", "/accounts/logout", "/formList", "/submission")
NOT_WORDS = {"Mixflow", "OK", "ID", "Total"}
ADMIN_HARDCODED = {"Search"}
"""Django's own admin writes the search icon's alternative text without translating it."""


def _translated_msgids(language: str) -> set[str]:
    """English msgids whose translation differs from them (so their presence is a leak)."""
    catalogue = polib.pofile(str(PACKAGE / "locale" / language / "LC_MESSAGES" / "django.po"))
    return {
        entry.msgid
        for entry in catalogue.translated_entries()
        if not entry.msgid_plural
        and entry.msgstr.strip() != entry.msgid.strip()
        and "%" not in entry.msgid
        and "{" not in entry.msgid
        and entry.msgid not in NOT_WORDS
        and len(entry.msgid) > 2
    }


class _Texts(HTMLParser):
    """The page's text nodes and its visible attribute texts, and its links."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self.links: list[str] = []
        self._skip = 0
        self._foreign: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        values = dict(attrs)
        if (
            (values.get("lang") and tag != "html")
            or tag == "code"
            or values.get("translate") == "no"
        ):
            # Written in another language on purpose (a language's own name in the switch), or
            # an identifier (a column's or a form's name, a username), the same in every language.
            self._foreign.append(tag)
            self._skip += 1
        for name in ("title", "placeholder", "aria-label", "alt"):
            if values.get(name):
                self.texts.append(str(values[name]).strip())
        if tag == "input" and values.get("type") in ("submit", "button") and values.get("value"):
            self.texts.append(str(values["value"]).strip())
        if tag == "a" and values.get("href"):
            self.links.append(str(values["href"]))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1
        if self._foreign and tag == self._foreign[-1]:
            self._foreign.pop()
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split())
        if text and not self._skip:
            self.texts.append(text)


def _shape(path: str) -> str:
    return re.sub(r"\d+", "N", path.split("?")[0])


def _walk(client: Any, start: list[str]) -> dict[str, list[str]]:
    """Path → texts of every page reachable from ``start`` (one page per shape)."""
    seen: set[str] = set()
    queue = list(start)
    pages: dict[str, list[str]] = {}
    admin = 0
    while queue and len(pages) < MOST_PAGES:
        path = queue.pop(0)
        if not path.startswith("/") or path.startswith(SKIPPED) or _shape(path) in seen:
            continue
        seen.add(_shape(path))
        if path.startswith("/admin/"):
            admin += 1
            if admin > 6:
                continue
        response = client.get(path)
        assert response.status_code < 500, path
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        parser = _Texts()
        parser.feed(response.content.decode())
        pages[path] = parser.texts
        queue.extend(link.split("#")[0] for link in parser.links)
    return pages


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "es"])
@pytest.mark.parametrize("role", [role.value for role in Role])
def test_no_translated_english_string_is_left_on_any_page(
    client: Any, world: Any, role: str, language: str
) -> None:
    install_default_questionnaires(actor=world.user(Role.ORG_ADMIN), organisation=world.home)
    english = _translated_msgids(language)
    client.force_login(world.user(role))
    client.cookies["django_language"] = language
    pages = _walk(client, ["/", "/persons/?q=haile", f"/persons/{world.at_agadez.pk}/"])
    assert len(pages) >= 3
    left = {
        path: sorted(
            {t for t in texts if t in english}
            - (ADMIN_HARDCODED if path.startswith("/admin/") else set())
        )
        for path, texts in pages.items()
    }
    assert {path: found for path, found in left.items() if found} == {}

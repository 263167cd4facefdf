from __future__ import annotations

import unicodedata

from mixflow.intake.importing.fingerprint import fingerprint


def test_the_same_content_gives_the_same_fingerprint() -> None:
    one = fingerprint({"given": "Zoé", "family": "Hernández", "note": ""})
    assert one == fingerprint({"family": " Hernández ", "given": "Zoé"})
    assert one == fingerprint({"given": unicodedata.normalize("NFD", "Zoé"), "family": "Hernández"})
    assert len(one) == 64


def test_different_content_or_columns_differ() -> None:
    base = fingerprint({"given": "Zoé", "family": "Hernández"})
    assert base != fingerprint({"given": "Zoe", "family": "Hernández"})
    assert base != fingerprint({"given": "Hernández", "family": "Zoé"})
    assert fingerprint({"a": "x y"}) == fingerprint({"a": "x   y"})
    assert fingerprint({"a": "xy"}) != fingerprint({"a": "x y"})

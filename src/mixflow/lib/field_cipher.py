"""Encryption of single values at rest, and blind indexes to find them again (Django-free).

Values are sealed with Fernet (AES-128-CBC with HMAC-SHA256, from ``cryptography``) under a
list of keys, the current one first: older keys still open what they sealed, so a key can be
replaced while the rows are re-sealed (``rotate``). A blind index is a keyed hash (HMAC-SHA256)
of a normalised value under a key of its own: equal values give equal indexes, so a column of
indexes can be searched while the values stay sealed.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Sequence
from functools import cached_property

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

__all__ = ["FieldCipher", "InvalidToken", "blind_index", "normalise_identifier"]


class FieldCipher:
    """Seals and opens text under ``keys`` (URL-safe base64 Fernet keys, current first)."""

    def __init__(self, keys: Sequence[str]) -> None:
        if not keys:
            raise ValueError("at least one key is needed")
        self.keys = tuple(keys)

    @cached_property
    def _fernet(self) -> MultiFernet:
        return MultiFernet([Fernet(key.encode("ascii")) for key in self.keys])

    def seal(self, text: str) -> str:
        return self._fernet.encrypt(text.encode("utf-8")).decode("ascii")

    def open(self, token: str) -> str:
        """The text sealed in ``token``; ``InvalidToken`` when no key opens it."""
        return self._fernet.decrypt(token.encode("ascii")).decode("utf-8")

    def reseal(self, token: str) -> str:
        """``token`` sealed again under the current key (opened with whichever key fits)."""
        return self._fernet.rotate(token.encode("ascii")).decode("ascii")

    def sealed_with_current(self, token: str) -> bool:
        try:
            Fernet(self.keys[0].encode("ascii")).decrypt(token.encode("ascii"))
        except InvalidToken:
            return False
        return True


_SEPARATORS = re.compile(r"[\s\-./]+")


def normalise_identifier(value: str) -> str:
    """A document number as people type it: case, spaces, dashes, dots and slashes do not count
    ("ab 123-45" and "AB12345" are one number)."""
    return _SEPARATORS.sub("", value).upper()


def blind_index(key: str, value: str) -> str:
    """The keyed hash of a normalised identifier (64 hex digits); '' for an empty value, so that
    a missing number never matches another."""
    normal = normalise_identifier(value)
    if not normal:
        return ""
    return hmac.new(key.encode("utf-8"), normal.encode("utf-8"), hashlib.sha256).hexdigest()

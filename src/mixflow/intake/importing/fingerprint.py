"""A row's stable identity when the file carries no submission id: a hash of its content.

Re-importing the same file (or a re-export of it with columns in another order, extra blank
columns, or different spacing) gives the same fingerprints, so nothing is imported twice.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Mapping


def _normalise(text: str) -> str:
    # NFC so that "é" typed as one or two code points is the same; whitespace runs count as one.
    return " ".join(unicodedata.normalize("NFC", text).split())


def fingerprint(values: Mapping[str, str]) -> str:
    """SHA-256 (hex) of the non-empty values, by key, whitespace- and Unicode-normalised."""
    items = sorted(
        (_normalise(key), _normalise(value)) for key, value in values.items() if _normalise(value)
    )
    payload = json.dumps(items, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()

"""Every operation of the API documents the errors every operation can answer.

The views answer 400 for parameters or bodies they refuse (errors.py), 401 without a valid
token, 403 when the account may not do this, 404 for a record outside the caller's scope or a
page beyond the last; drf-spectacular documents only the success. A post-processing hook adds
the four to each operation that does not describe them itself, so a client generated from the
schema expects them (Schemathesis checks it: tests/api/test_schemathesis.py).
"""

from __future__ import annotations

from typing import Any

ERRORS = {
    "400": "The parameters or the body are refused; the answer lists each problem.",
    "401": "No valid token: authenticate with `Authorization: Token <key>`.",
    "403": "The account may not do this.",
    "404": "No such record within the caller's scope, or a page beyond the last.",
}


def document_errors(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for status, description in ERRORS.items():
                operation["responses"].setdefault(status, {"description": description})
    return result

"""The API documentation page in a real browser, offline, under the app's strict CSP."""

from __future__ import annotations

import os
from typing import Any

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_swagger_ui_renders_the_endpoints_offline(offline_page: Any, live_server: Any) -> None:
    page = offline_page
    refused: list[str] = []
    page.on(
        "console",
        lambda msg: refused.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    page.goto(live_server.url + "/api/docs/")
    page.wait_for_selector("text=/api/persons/")
    assert "Mixflow API" in page.inner_text("body")
    assert page.outside == []
    assert refused == []

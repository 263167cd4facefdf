"""A real browser, offline: the analyst's dashboard in Spanish, filtered to one route and one
quarter, draws every chart, the map (outlines served by the app) and the Sankey diagram."""

from __future__ import annotations

import os
from typing import Any

import pytest

from tests.conftest import PASSWORD, World

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_dashboard_in_spanish_for_one_route_and_quarter(
    offline_page: Any, live_server: Any, known: World
) -> None:
    page = offline_page
    page.goto(live_server.url + "/accounts/login/")
    # Choosing a language submits the form by itself (app.js).
    with page.expect_navigation():
        page.select_option("#language-select", "es")
    page.wait_for_selector("html[lang=es]")
    page.fill("#id_username", "analyst")
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    page.wait_for_selector("dl.figures")
    page.click("nav >> text=Flujos")
    page.wait_for_selector("form.dashboard-filters")
    page.select_option("#f-route", "central_med")
    page.select_option("#f-quarter", "2026-Q3")
    page.click("form.dashboard-filters button[type=submit]")
    page.wait_for_url("**route=central_med**")
    assert "quarter=2026-Q3" in page.url

    page.wait_for_selector('[data-chart="map"][data-drawn="1"] canvas')
    for chart in ("over_time", "pyramid", "nationalities", "destinations", "smuggling", "sankey"):
        assert page.locator(f'[data-chart="{chart}"] canvas').count() == 1, chart
    # September's encounters gave no reasons for leaving: no empty chart, the table says so.
    assert page.locator('[data-chart="reasons"]').is_hidden()
    assert "Nada que contar con estos filtros." in page.inner_text("#reasons-title + div")
    body = page.inner_text("main")
    assert "Panel de flujos" in body
    assert "Nacionalidades" in body
    assert "Eritrea" in body  # the person met at Agadez in September, on the route
    assert "Mohammed" not in body
    # Home's encounters at Agadez and Tripoli (both on the route) in September; the two of
    # November (another quarter) are left out.
    assert page.inner_text("dl.figures div:first-child dd") == "2"
    assert page.outside == []
    assert page.errors == []

"""The dashboard pages: who may open them, what they show, and downloads through protection."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from django.urls import reverse

from mixflow.core.roles import Role
from tests.conftest import World


def _data(response: Any) -> dict[str, Any]:
    html = response.content.decode()
    start = html.index('<script id="dashboard-data" type="application/json">') + 52
    return json.loads(html[start : html.index("</script>", start)])


def test_the_analyst_sees_every_chart_with_its_table(known: World, login: Any) -> None:
    client = login(known.user(Role.ANALYST))
    response = client.get(reverse("web:flows_dashboard"))
    assert response.status_code == 200
    data = _data(response)
    for chart in (
        "over_time",
        "pyramid",
        "nationalities",
        "reasons",
        "destinations",
        "transport",
        "smuggling",
        "sankey",
        "map",
    ):
        assert chart in data, chart
    assert data["map"]["points"]  # sites with coordinates
    assert {n["label"] for n in data["sankey"]["nodes"]} >= {"Eritrea", "Libya", "Italy"}
    assert "vulnerabilities" not in data  # sensitive: not for an analyst
    text = response.content.decode()
    assert "Sudan" in text
    assert "nationality=SDN" in text


def test_filters_in_the_url_narrow_the_page(known: World, login: Any) -> None:
    client = login(known.user(Role.ANALYST))
    response = client.get(reverse("web:flows_dashboard") + "?nationality=ERI")
    data = _data(response)
    assert data["nationalities"]["labels"] == ["Eritrea"]


def test_downloads_of_an_analyst_suppress_small_cells(known: World, login: Any) -> None:
    client = login(known.user(Role.ANALYST))
    response = client.get(reverse("web:flows_download", args=["nationalities"]))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["nationality", "count", "people"]
    assert ["SDN", "", ""] in rows
    assert ["ERI", "", ""] in rows
    assert rows[-1][0].startswith("# ")  # says so


def test_roles_without_aggregates_or_flow_counts_are_refused(known: World, login: Any) -> None:
    for role in (Role.CASEWORKER, Role.SERVICE_PROVIDER, Role.SYSTEM_ADMIN):
        client = login(known.user(role))
        assert client.get(reverse("web:flows_dashboard")).status_code == 403, role


def test_the_enumerator_sees_movements_only(known: World, login: Any) -> None:
    client = login(known.user(Role.ENUMERATOR))
    response = client.get(reverse("web:flows_dashboard"))
    assert response.status_code == 200
    data = _data(response)
    assert "movements_over_time" in data
    assert "nationalities" not in data


def test_boundaries_are_served_by_the_app(known: World, login: Any) -> None:
    client = login(known.user(Role.ANALYST))
    response = client.get(reverse("web:flows_boundaries"))
    assert response.status_code == 200
    features = json.loads(response.content)["features"]
    assert len(features) > 150


def test_the_analyst_home_links_to_the_dashboard_with_figures(known: World, login: Any) -> None:
    response = login(known.user(Role.ANALYST)).get(reverse("web:home"))
    assert response.status_code == 200
    summary = response.context["dashboard"]
    assert summary is not None
    assert "totals" in summary
    assert reverse("web:flows_dashboard") in response.content.decode()
    assert login(known.user(Role.CASEWORKER)).get(reverse("web:home")).context["dashboard"] is None


def test_protection_blanks_every_small_count_for_those_without_persons(known: World) -> None:
    from mixflow.flows.dashboard_downloads import protect_for

    table = [
        {"nationality": "SDN", "count": 40, "people": 31},
        {"nationality": "ERI", "count": 30, "people": 3},
        {"nationality": "ETH", "count": 2, "people": 2, "median_cost_usd": 900},
        {"encounters": 4, "people": 0},
    ]
    analyst = protect_for(known.user(Role.ANALYST), table)
    # ETH's 2 is hidden, and with it ERI's 30 (the smallest other cell of the column), else
    # the column's total would give it back; a hidden count takes the row's figures with it.
    assert analyst.rows == [
        {"nationality": "SDN", "count": 40, "people": 31},
        {"nationality": "ERI", "count": None, "people": None},
        {"nationality": "ETH", "count": None, "people": None, "median_cost_usd": None},
        {"encounters": None, "people": 0},
    ]
    assert analyst.notes
    # Whoever may see the persons themselves takes the figures as they are.
    assert protect_for(known.user(Role.REGISTRATION_OFFICER), table).rows == table

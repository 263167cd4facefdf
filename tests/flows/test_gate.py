"""One gate: every URL and command that lets statistics out goes through flows.disclosure.

The views and commands that can emit statistics are found, not listed: any URL whose view
module, or any ``mixflow`` subcommand whose module, reaches for the flows modules that produce
figures for the outside (exports, reports, statistics, the gate, a publication's tables).
Each such URL is then requested, anonymously and as the analyst, and every answer with a body
must carry the gate's mark. A new export path that forgets the gate fails here.
"""

from __future__ import annotations

import ast
import inspect
import sys
from pathlib import Path
from typing import Any

import pytest

from mixflow.cli.main import build_parser
from mixflow.flows.actions import approve_publication, prepare_publication
from mixflow.flows.disclosure import GATE_MARK
from tests.flows.conftest import Flows
from tests.urlwalk.routes import Route, every_route

EMITTERS = {
    "mixflow.flows.exports",
    "mixflow.flows.reports",
    "mixflow.flows.statistics",
    "mixflow.flows.gate",
}
"""Modules whose use makes a view or command an exit for statistics."""

SOURCE = Path(__file__).resolve().parents[2] / "src" / "mixflow"


def _module_of(route: Route) -> str:
    view = route.view_class or route.callback
    while hasattr(view, "__wrapped__"):
        view = view.__wrapped__
    return view.__module__


def _reaches_statistics(module_name: str) -> bool:
    module = sys.modules[module_name]
    for value in vars(module).values():
        origin = getattr(value, "__module__", None) or getattr(value, "__name__", None)
        if origin in EMITTERS:
            return True
        if getattr(value, "__name__", "") == "tables_of":
            return True
    return False


def statistics_routes() -> list[Route]:
    return [
        r
        for r in every_route()
        if r.namespace in {"web", "api"} and _reaches_statistics(_module_of(r))
    ]


def test_the_statistics_exits_are_found() -> None:
    names = {r.name for r in statistics_routes()}
    # not vacuous: the portal, its downloads and reports, the analyst's preview, the API
    assert {
        "web:portal_publication",
        "web:portal_download",
        "web:portal_report",
        "web:portal_report_pdf",
        "web:publication_detail",
        "web:publication_report_pdf",
        "api:public_publication",
        "api:public_publications",
    } <= names


@pytest.fixture
def approved(flows: Flows) -> Any:
    publication = prepare_publication(
        actor=flows.analyst,
        organisation=flows.world.home,
        title="Gate",
        country="NER",
        period="2026-Q3",
        table_kinds=["movements_by_nationality", "movements_by_site"],
    )
    return approve_publication(actor=flows.second_analyst, publication=publication)


def _urls(route: Route, publication: Any) -> list[str]:
    values = {
        "publication_id": str(publication.pk),
        "pk": str(publication.pk),
        "table_name": "movements_by_nationality",
    }
    if "fmt" in route.arguments:
        return [route.url({**values, "fmt": fmt}) for fmt in ("csv", "xlsx", "parquet")]
    return [route.url({k: v for k, v in values.items() if k in route.arguments})]


def test_every_statistics_url_goes_through_the_gate(
    client: Any, flows: Flows, approved: Any
) -> None:
    checked = 0
    for route in statistics_routes():
        for url in _urls(route, approved):
            for user in (None, flows.analyst):
                client.logout()
                if user is not None:
                    client.force_login(user)
                response = client.get(url)
                assert response.status_code < 500, url
                if response.status_code == 200:
                    assert response.get("X-Mixflow-Disclosure", "").startswith(GATE_MARK), url
                    checked += 1
    assert checked >= 10


def test_the_only_command_that_emits_statistics_is_the_report() -> None:
    parser = build_parser()
    subparsers = next(a for a in parser._actions if a.dest == "command")
    emitters = set()
    for name, command in subparsers.choices.items():  # type: ignore[union-attr]
        handler = command.get_default("handler")
        if handler is not None and _reaches_statistics_source(inspect.getmodule(handler)):
            emitters.add(name)
    # ``mixflow report`` is proved to go through the gate in test_reports (the PDF's subject)
    assert emitters == {"report"}


def _reaches_statistics_source(module: Any) -> bool:
    tree = ast.parse(inspect.getsource(module))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in EMITTERS:
            return True
        if (
            isinstance(node, ast.ImportFrom)
            and node.module == "mixflow.flows.queries"
            and any(alias.name == "tables_of" for alias in node.names)
        ):
            return True
    return False


def test_interfaces_never_count_for_themselves() -> None:
    """Web, API and CLI modules take figures from the gate's side of flows only: none imports
    the counting functions of flows.statistics (only its catalogue of table kinds)."""
    offenders = []
    for folder in ("web", "api", "cli", "testing"):
        for path in (SOURCE / folder).rglob("*.py"):
            tree = ast.parse(path.read_text())
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom) and node.module == "mixflow.flows.statistics":
                    names = {alias.name for alias in node.names}
                    if names - {"KINDS"}:
                        offenders.append(f"{path.relative_to(SOURCE)}: {sorted(names)}")
                if (
                    isinstance(node, ast.ImportFrom)
                    and node.module == "mixflow.flows.disclosure.protect"
                ):
                    offenders.append(f"{path.relative_to(SOURCE)}: builds protected tables itself")
    assert not offenders, offenders

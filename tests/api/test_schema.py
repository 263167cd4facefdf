"""The OpenAPI schema and its documentation page, served by the app itself (no CDN)."""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml
from django.test import Client

pytestmark = pytest.mark.django_db

PATHS = [
    "/api/token/",
    "/api/persons/",
    "/api/persons/{id}/",
    "/api/persons/{id}/encounters/",
    "/api/encounters/",
    "/api/encounters/{id}/sensitive/",
    "/api/groups/",
    "/api/flow-counts/",
    "/api/questionnaires/",
    "/api/questionnaires/{id}/submissions/",
]


def test_schema_describes_every_endpoint_and_its_filters(client: Client) -> None:
    response = client.get("/api/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.")
    assert set(PATHS) <= set(schema["paths"])
    persons = schema["paths"]["/api/persons/"]["get"]
    assert {"name", "born", "nationality", "site", "page", "page_size"} <= {
        p["name"] for p in persons["parameters"]
    }
    submit = schema["paths"]["/api/questionnaires/{id}/submissions/"]["post"]
    assert {"201", "200"} <= set(submit["responses"])
    assert "tokenAuth" in schema["components"]["securitySchemes"]


def test_schema_validates_and_generates_without_warnings(tmp_path: Any) -> None:
    from django.core.management import call_command

    # --validate checks the document against the OpenAPI 3 JSON schema; --fail-on-warn turns
    # every type drf-spectacular could not work out (an undocumented field) into a failure.
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    assert "/api/persons/" in out.read_text()


def test_docs_page_loads_its_scripts_from_the_app(client: Client) -> None:
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<script>" not in html
    assert "<style>" not in html
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources
    for source in sources:
        assert source.startswith("/"), source  # nothing from another origin
        assert client.get(source).status_code == 200, source
    csp = page["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    script = next(s for s in sources if "script" in s)
    assert "SwaggerUIBundle" in client.get(script).content.decode()

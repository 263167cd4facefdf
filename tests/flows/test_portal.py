"""The public portal and aggregates API: anonymous visitors see approved publications only, in
three languages, with downloads that carry HXL hashtags (validated by libhxl) and the gate's
mark."""

from __future__ import annotations

import csv
import io
from typing import Any

import hxl
import pyarrow.parquet as pq
import pytest
from openpyxl import load_workbook

from mixflow.flows.actions import approve_publication, prepare_publication, withdraw_publication
from mixflow.flows.disclosure import GATE_MARK
from tests.flows.conftest import Flows

KINDS = ["movements_by_nationality", "movements_by_site", "movements_by_sex_and_age"]


def _publication(flows: Flows, title: str, *, approve: bool = True) -> Any:
    publication = prepare_publication(
        actor=flows.analyst,
        organisation=flows.world.home,
        title=title,
        country="NER",
        period="2026-Q3",
        table_kinds=KINDS,
    )
    if approve:
        approve_publication(actor=flows.second_analyst, publication=publication)
    return publication


@pytest.fixture
def three(flows: Flows) -> dict[str, Any]:
    """One approved, one awaiting approval, one withdrawn."""
    approved = _publication(flows, "Approved edition")
    waiting = _publication(flows, "Waiting edition", approve=False)
    withdrawn = _publication(flows, "Withdrawn edition")
    withdraw_publication(actor=flows.analyst, publication=withdrawn, reason="wrong period")
    return {"approved": approved, "waiting": waiting, "withdrawn": withdrawn}


def test_anonymous_visitors_see_only_approved_publications(
    client: Any, three: dict[str, Any]
) -> None:
    page = client.get("/statistics/").content.decode()
    assert "Approved edition" in page
    assert "Waiting edition" not in page
    assert "Withdrawn edition" not in page
    assert client.get(f"/statistics/{three['approved'].pk}/").status_code == 200
    for hidden in ("waiting", "withdrawn"):
        pk = three[hidden].pk
        assert client.get(f"/statistics/{pk}/").status_code == 404
        assert client.get(f"/statistics/{pk}/tables/movements_by_site.csv").status_code == 404
        assert client.get(f"/statistics/{pk}/report.pdf").status_code == 404
        assert client.get(f"/api/public/publications/{pk}/").status_code == 404
    listed = client.get("/api/public/publications/").json()
    assert [p["title"] for p in listed] == ["Approved edition"]


@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("en", "Public statistics on mixed migration flows"),
        ("fr", "Statistiques publiques sur les flux migratoires mixtes"),
        ("es", "Estadísticas públicas sobre flujos migratorios mixtos"),
    ],
)
def test_portal_in_three_languages(
    client: Any, three: dict[str, Any], language: str, heading: str
) -> None:
    client.cookies["django_language"] = language
    assert heading in client.get("/statistics/").content.decode()
    detail = client.get(f"/statistics/{three['approved'].pk}/").content.decode()
    assert {
        "en": "Movements by nationality",
        "fr": "Mouvements par nationalité",
        "es": "Movimientos por nacionalidad",
    }[language] in detail


def test_csv_has_hxl_hashtags_that_libhxl_validates(client: Any, three: dict[str, Any]) -> None:
    response = client.get(f"/statistics/{three['approved'].pk}/tables/movements_by_nationality.csv")
    assert response.status_code == 200
    assert response["X-Mixflow-Disclosure"].startswith(GATE_MARK)
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    tags = rows[1]
    assert tags[0] == "#country+code"
    assert "#population+num" in tags
    assert "#meta+disclosure" in tags
    problems: list[Any] = []
    schema = hxl.schema(
        [
            ["#valid_tag", "#valid_required", "#valid_datatype"],
            ["#country+code", "true", ""],
            ["#date+period", "true", ""],
            ["#population+num", "", "number"],
            ["#meta+disclosure", "true", ""],
        ],
        callback=problems.append,
    )
    assert schema.validate(hxl.data(rows)), problems
    # libhxl reads the table as HXL: hashtags and values line up
    dataset = hxl.data(rows)
    assert "#country+code+nationality" in [c.display_tag for c in dataset.columns]
    by_code = {row.get("#country+code+nationality-name"): row for row in dataset}
    assert by_code["NER"].get("#population+num") == "46"
    assert by_code["SEN"].get("#population+num") in ("", None)  # suppressed: no value
    assert by_code["SEN"].get("#meta+disclosure") == "primary"
    # and a corrupted file is caught by the same schema
    broken = [r[:] for r in rows]
    broken[2][tags.index("#population+num")] = "many"
    assert not schema.validate(hxl.data(broken))


def test_xlsx_and_parquet_carry_the_same_cells_and_the_mark(
    client: Any, three: dict[str, Any]
) -> None:
    base = f"/statistics/{three['approved'].pk}/tables/movements_by_nationality"
    book = load_workbook(io.BytesIO(client.get(base + ".xlsx").content))
    sheet = book.active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == "#country+code"
    assert book.properties.subject.startswith(GATE_MARK)
    table = pq.read_table(io.BytesIO(client.get(base + ".parquet").content))
    assert table.schema.metadata[b"mixflow.disclosure"].decode().startswith(GATE_MARK)
    counts = dict(
        zip(table.column("nationality").to_pylist(), table.column("count").to_pylist(), strict=True)
    )
    assert counts["NER"] == 46
    assert counts["SEN"] is None
    assert client.get(base + ".exe").status_code == 404
    assert (
        client.get(f"/statistics/{three['approved'].pk}/tables/no_such_table.csv").status_code
        == 404
    )


def test_public_api_and_its_schema(client: Any, three: dict[str, Any]) -> None:
    body = client.get(f"/api/public/publications/{three['approved'].pk}/").json()
    table = next(t for t in body["tables"] if t["name"] == "movements_by_nationality")
    cells = {tuple(c["key"]): c for c in table["cells"]}
    assert cells[("NER",)]["value"] == 46
    assert cells[("SEN",)]["value"] is None
    assert all(c["value"] is None or not 0 < c["value"] < 5 for c in table["cells"])
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    text = schema.content.decode()
    assert "/api/public/publications/" in text
    assert "/api/public/publications/{id}/" in text


def test_pdf_report_from_the_portal(client: Any, three: dict[str, Any]) -> None:
    client.cookies["django_language"] = "es"
    response = client.get(f"/statistics/{three['approved'].pk}/report.pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert response["X-Mixflow-Disclosure"].startswith(GATE_MARK)
    html = client.get(f"/statistics/{three['approved'].pk}/report/").content.decode()
    assert "Metodología y limitaciones" in html


def test_the_approver_reads_the_draft_report_before_approving(
    client: Any, flows: Flows, three: dict[str, Any]
) -> None:
    url = f"/publications/{three['waiting'].pk}/report.pdf"
    assert client.get(url).status_code == 302  # sign-in first
    client.force_login(flows.world.user("government_official"))
    assert client.get(url).status_code == 403
    client.force_login(flows.second_analyst)
    response = client.get(url)
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert response["X-Mixflow-Disclosure"].startswith(GATE_MARK)

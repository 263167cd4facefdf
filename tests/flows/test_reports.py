"""The flow monitoring report: ``mixflow report`` writes a PDF in French whose Arabic and
Ethiopic place names are drawn with the fonts shipped in the app (no missing glyphs)."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pymupdf as fitz
import pytest
from django.urls import reverse

from mixflow.cli.main import main
from mixflow.core.roles import Role
from mixflow.flows.actions import approve_publication, prepare_publication
from mixflow.flows.disclosure import GATE_MARK
from mixflow.flows.gate import HEADER
from mixflow.geo.models import Location
from tests.flows.conftest import Flows, observed

ARABIC = "محطة حافلات أغاديس"
ETHIOPIC = "ሞያሌ መሸጋገሪያ"


def _site(code: str, name: str, near: Location) -> Location:
    site = Location(
        code=code,
        level="site",
        parent=near.parent,
        country_code="NER",
        name=name,
        site_kind=near.site_kind,
        latitude=near.latitude,
        longitude=near.longitude,
    )
    site.save()
    return site


@pytest.fixture
def named_sites(flows: Flows) -> Flows:
    day = datetime.date(2026, 8, 20)
    observed(flows, "ERI", 25, day=day, site=_site("NER-AR", ARABIC, flows.world.agadez))
    observed(flows, "ETH", 31, day=day, site=_site("NER-ET", ETHIOPIC, flows.world.agadez))
    return flows


def _fonts(pdf: Path) -> set[str]:
    with fitz.open(pdf) as document:
        return {font[3] for page in document for font in page.get_fonts()}


def _text(pdf: Path) -> str:
    with fitz.open(pdf) as document:
        return "\n".join(page.get_text() for page in document)


def test_draft_report_in_french_with_arabic_and_ethiopic_names(
    named_sites: Flows, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.pdf"
    code = main(
        [
            "report",
            "--country",
            "NER",
            "--period",
            "2026-Q3",
            "--lang",
            "fr",
            "--out",
            str(out),
            "--organisation",
            "home",
        ]
    )
    assert code == 0, capsys.readouterr().err
    text = _text(out)
    assert "Rapport de suivi des flux" in text
    assert "Méthodologie et limites" in text
    assert ETHIOPIC.split()[0] in text
    assert "أغاديس" in text  # (the lam-alef ligature of the other word extracts reordered)
    fonts = _fonts(out)
    # drawn with the fonts shipped in static/flows/fonts (embedded subsets), nothing else
    assert any(f.endswith("+Mixflow-Ethiopic") for f in fonts), fonts
    assert any(f.endswith("+Mixflow-Arabic") for f in fonts), fonts
    assert all("+Mixflow-" in f for f in fonts), fonts
    with fitz.open(out) as document:
        assert GATE_MARK in (document.metadata or {}).get("subject", "")


def test_report_of_an_approved_publication_is_not_a_draft(flows: Flows, tmp_path: Path) -> None:
    publication = prepare_publication(
        actor=flows.analyst,
        organisation=flows.world.home,
        title="Niger — third quarter 2026",
        country="NER",
        period="2026-Q3",
        table_kinds=["movements_by_nationality", "movements_by_site"],
    )
    approve_publication(actor=flows.second_analyst, publication=publication)
    out = tmp_path / "report.html"
    assert (
        main(
            ["report", "--country", "NER", "--period", "2026-Q3", "--lang", "es", "--out", str(out)]
        )
        == 0
    )
    html = out.read_text()
    assert "Niger — third quarter 2026" in html
    assert "Metodología y limitaciones" in html
    assert "Borrador" not in html


def test_no_data_and_no_organisation_is_refused(db: object, tmp_path: Path) -> None:
    assert (
        main(
            ["report", "--country", "NER", "--period", "2026-Q3", "--out", str(tmp_path / "r.pdf")]
        )
        == 2
    )


def test_a_route_report_counts_the_route_in_every_country_it_crosses(
    flows: Flows, tmp_path: Path, login: Any
) -> None:
    # Agadez (Niger) and Tripoli (Libya) both lie on the Central Mediterranean route.
    out = tmp_path / "route.pdf"
    command = ["report", "--route", "central_med", "--period", "2026-Q3", "--lang", "es"]
    assert main([*command, "--out", str(out), "--organisation", "home"]) == 0
    text = _text(out)
    assert "Mediterráneo central" in text
    assert "Borrador" in text  # drafted through the gate: no second person approved it
    assert "Tripoli transit hub" in text
    assert "Agadez bus station" in text
    assert main([*command, "--out", str(tmp_path / "r.pdf"), "--route", "nowhere"]) == 2

    client = login(flows.analyst)
    page = client.get(
        reverse("web:route_report"),
        {"route": "central_med", "period": "2026-Q3", "language": "en", "format": "html"},
    )
    assert page.status_code == 200
    assert page.headers[HEADER].startswith(GATE_MARK)
    html = page.content.decode()
    assert "Central Mediterranean" in html
    assert "114" in html  # 84 at Agadez, 30 at Tripoli: both countries' movements
    assert "Draft" in html
    form = client.get(reverse("web:route_report"), {"route": "central_med", "period": "Q3"})
    assert "Give the period as 2026, 2026-Q3 or 2026-07." in form.content.decode()
    # Statistics are prepared by those who publish them.
    enumerator = login(flows.world.user(Role.ENUMERATOR))
    assert enumerator.get(reverse("web:route_report")).status_code == 403
